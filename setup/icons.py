"""Draws the Apps icon of every aftersales_* addon: static/description/icon.png, 128x128.

    python setup/icons.py           (re)draw the icons of every addon of the repository
    python setup/icons.py --check   exit 1 if an addon has no icon or an outdated one

One style for the suite (a rounded square in the suite's blue-green, a white glyph, an accent
band in the addon's colour) and one glyph per addon. An addon without a glyph of its own gets
its initials, so that a new addon is never without an icon. Drawn at 4x and scaled down, so
the edges are smooth; the output is deterministic (same script, same bytes).
"""

import hashlib
import io
import math
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

REPO = Path(__file__).resolve().parent.parent
SIZE = 128
SCALE = 4
S = SIZE * SCALE
WHITE = (255, 255, 255, 255)
BASE_TOP = (22, 110, 122)
BASE_BOTTOM = (14, 74, 92)
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


def u(value):
    """A length given on the 128 px grid, in drawing pixels."""
    return round(value * SCALE)


def box(x0, y0, x1, y1):
    return [u(x0), u(y0), u(x1), u(y1)]


def background(accent):
    """The suite's rounded square, a vertical gradient, with the addon's accent at the foot."""
    img = Image.new("RGBA", (S, S), (0, 0, 0, 0))
    gradient = Image.new("RGBA", (S, S))
    pixels = ImageDraw.Draw(gradient)
    for y in range(S):
        t = y / (S - 1)
        colour = tuple(round(a + (b - a) * t) for a, b in zip(BASE_TOP, BASE_BOTTOM, strict=True))
        pixels.line([(0, y), (S, y)], fill=colour + (255,))
    pixels.rectangle(box(0, 110, 128, 128), fill=accent + (255,))
    mask = Image.new("L", (S, S), 0)
    ImageDraw.Draw(mask).rounded_rectangle(box(0, 0, 127.75, 127.75), radius=u(26), fill=255)
    img.paste(gradient, (0, 0), mask)
    return img


def arrow_head(draw, tip, angle, length, fill):
    """A filled triangular head whose tip is at `tip`, pointing along `angle` (radians)."""
    x, y = tip
    back = angle + math.pi
    left = (x + length * math.cos(back - 0.55), y + length * math.sin(back - 0.55))
    right = (x + length * math.cos(back + 0.55), y + length * math.sin(back + 0.55))
    draw.polygon([(u(x), u(y)), (u(left[0]), u(left[1])), (u(right[0]), u(right[1]))], fill=fill)


def glyph_flow(draw, accent):
    """A speech bubble (the case) with a check mark: after-sales cases handled."""
    draw.rounded_rectangle(box(22, 24, 106, 82), radius=u(14), fill=WHITE)
    draw.polygon([(u(40), u(80)), (u(36), u(100)), (u(60), u(80))], fill=WHITE)
    draw.line(
        [(u(44), u(53)), (u(58), u(66)), (u(85), u(38))],
        fill=accent + (255,),
        width=u(9),
        joint="curve",
    )


def parcel(draw, x0, y0, x1, y1, accent):
    """A closed parcel seen from the front, its tape in the accent colour."""
    draw.rounded_rectangle(box(x0, y0, x1, y1), radius=u(4), fill=WHITE)
    mid = (x0 + x1) / 2
    draw.rectangle(box(mid - 4, y0, mid + 4, y1), fill=accent + (255,))
    draw.line([(u(x0), u(y0 + 10)), (u(x1), u(y0 + 10))], fill=BASE_BOTTOM + (255,), width=u(2))


def glyph_returns(draw, accent):
    """A parcel with an arrow going back: return authorizations and receiving."""
    parcel(draw, 44, 44, 104, 98, accent)
    # the arrow coming back around the parcel's top-left corner
    draw.arc(box(16, 20, 72, 76), start=180, end=290, fill=WHITE, width=u(8))
    arrow_head(draw, (14, 60), math.pi / 2, 16, WHITE)


def glyph_quality(draw, accent):
    """A magnifying glass over a rising bar chart: quality analysis."""
    for x, top in ((26, 78), (42, 64), (58, 50)):
        draw.rectangle(box(x, top, x + 11, 96), fill=WHITE)
    draw.ellipse(box(58, 22, 98, 62), outline=WHITE, width=u(8))
    draw.ellipse(box(66, 30, 90, 54), fill=accent + (255,))
    draw.line([(u(92), u(56)), (u(108), u(74))], fill=WHITE, width=u(10))


def glyph_quality_returns(draw, accent):
    """A parcel under a magnifying glass: returns' inspection feeding quality."""
    parcel(draw, 20, 50, 78, 100, accent)
    draw.ellipse(box(60, 20, 100, 60), outline=WHITE, width=u(8))
    draw.line([(u(94), u(54)), (u(110), u(72))], fill=WHITE, width=u(10))


def glyph_returns_repair(draw, accent):
    """A parcel and a wrench: a return sent to repair."""
    parcel(draw, 18, 54, 70, 100, accent)
    # the wrench, drawn along a diagonal
    draw.line([(u(70), u(86)), (u(98), u(46))], fill=WHITE, width=u(11))
    draw.ellipse(box(84, 18, 114, 48), fill=WHITE)
    draw.polygon(
        [(u(96), u(20)), (u(108), u(16)), (u(104), u(36)), (u(94), u(34))],
        fill=BASE_TOP + (255,),
    )


def glyph_sla(draw, accent):
    """A clock: service levels and deadlines."""
    draw.ellipse(box(24, 18, 104, 98), outline=WHITE, width=u(9))
    draw.line([(u(64), u(58)), (u(64), u(32))], fill=WHITE, width=u(8))
    draw.line([(u(64), u(58)), (u(84), u(70))], fill=accent + (255,), width=u(8))
    draw.ellipse(box(58, 52, 70, 64), fill=WHITE)


def glyph_merge(draw, accent):
    """Two paths joining into one: merging cases."""
    draw.line([(u(30), u(26)), (u(30), u(46)), (u(64), u(72))], fill=WHITE, width=u(9))
    draw.line([(u(98), u(26)), (u(98), u(46)), (u(64), u(72))], fill=WHITE, width=u(9))
    draw.line([(u(64), u(70)), (u(64), u(90))], fill=accent + (255,), width=u(9))
    arrow_head(draw, (64, 104), math.pi / 2, 18, WHITE)


def glyph_knowledge(draw, accent):
    """An open book: the knowledge base."""
    draw.polygon([(u(20), u(30)), (u(62), u(38)), (u(62), u(98)), (u(20), u(90))], fill=WHITE)
    draw.polygon([(u(66), u(38)), (u(108), u(30)), (u(108), u(90)), (u(66), u(98))], fill=WHITE)
    for y in (52, 64, 76):
        draw.line([(u(28), u(y - 4)), (u(54), u(y + 1))], fill=accent + (255,), width=u(4))
        draw.line([(u(74), u(y + 1)), (u(100), u(y - 4))], fill=BASE_TOP + (255,), width=u(4))


def glyph_initials(name):
    """For an addon without a glyph: the initials of its name after aftersales_."""
    words = name.removeprefix("aftersales_").split("_")
    letters = "".join(word[0] for word in words if word)[:2].upper() or "A"

    def draw_initials(draw, accent):
        font = ImageFont.truetype(FONT, u(52 if len(letters) == 1 else 44))
        draw.text((u(64), u(58)), letters, font=font, fill=WHITE, anchor="mm")

    return draw_initials


GLYPHS = {
    "aftersales_flow": (glyph_flow, (242, 153, 74)),
    "aftersales_returns": (glyph_returns, (235, 87, 87)),
    "aftersales_quality": (glyph_quality, (111, 207, 151)),
    "aftersales_quality_returns": (glyph_quality_returns, (155, 81, 224)),
    "aftersales_returns_repair": (glyph_returns_repair, (242, 201, 76)),
    "aftersales_sla": (glyph_sla, (86, 204, 242)),
    "aftersales_merge": (glyph_merge, (187, 107, 217)),
    "aftersales_knowledge": (glyph_knowledge, (39, 174, 96)),
}


def accent_of(name):
    """A stable accent colour for an addon that has none assigned."""
    digest = hashlib.sha256(name.encode()).digest()
    return tuple(96 + value % 144 for value in digest[:3])


def render(name):
    glyph, accent = GLYPHS.get(name) or (glyph_initials(name), accent_of(name))
    img = background(accent)
    glyph(ImageDraw.Draw(img), accent)
    img = img.resize((SIZE, SIZE), Image.LANCZOS)
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=True)
    return out.getvalue()


def addons():
    return sorted(p.parent.name for p in REPO.glob("aftersales_*/__manifest__.py"))


def main(argv):
    check = "--check" in argv
    stale = []
    for name in addons():
        target = REPO / name / "static" / "description" / "icon.png"
        data = render(name)
        if check:
            if not target.exists() or target.read_bytes() != data:
                stale.append(str(target.relative_to(REPO)))
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists() or target.read_bytes() != data:
            target.write_bytes(data)
            print(f"drew {target.relative_to(REPO)}")
    if stale:
        print("icons missing or not drawn by setup/icons.py (run it):\n  " + "\n  ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
