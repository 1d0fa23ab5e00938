"""Generates each addon's README.rst and static/description/index.html from its readme/ fragments.

    python setup/readme.py [ADDON ...]          write them (every aftersales_* addon by default)
    python setup/readme.py --check [ADDON ...]  exit 1 if one is missing or out of date

The layout is the one of OCA addons (as OCA's oca-gen-addon-readme lays it out): the manifest's
name as title, maturity and license badges, the description, a table of contents, then
Installation, Configuration, Usage, Known issues / Roadmap, Changelog, Bug Tracker and Credits,
each from its fragment of readme/ (DESCRIPTION.md, INSTALL.md, CONFIGURE.md, USAGE.md,
ROADMAP.md, HISTORY.md, CONTRIBUTORS.md, CREDITS.md), the ones that exist. The fragments are
Markdown (the subset used here: headings, paragraphs, bullet and numbered lists, emphasis,
code, links and images); README.rst must parse without a single docutils warning, and
index.html is docutils' HTML of it, the page Odoo shows in Apps.

A screenshot is referenced from a fragment as ![What it shows](../static/description/x.png)
on a line of its own (the path as seen from readme/).
"""

import ast
import hashlib
import io
import re
import sys
from pathlib import Path

from docutils.core import publish_string

REPO = Path(__file__).resolve().parent.parent

SECTIONS = [
    ("DESCRIPTION.md", None),
    ("INSTALL.md", "Installation"),
    ("CONFIGURE.md", "Configuration"),
    ("USAGE.md", "Usage"),
    ("ROADMAP.md", "Known issues / Roadmap"),
    ("HISTORY.md", "Changelog"),
]
MATURITY_COLOURS = {
    "Alpha": "red",
    "Beta": "yellow",
    "Production/Stable": "green",
    "Mature": "brightgreen",
}
LICENSE_URLS = {
    "AGPL-3": "http://www.gnu.org/licenses/agpl-3.0-standalone.html",
    "LGPL-3": "http://www.gnu.org/licenses/lgpl-3.0-standalone.html",
    "GPL-3": "http://www.gnu.org/licenses/gpl-3.0-standalone.html",
}
HEADING_UNDERLINES = "-~^"
IMAGE_LINE = re.compile(r"^!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+)\)\s*$")
LIST_ITEM = re.compile(r"^(?P<indent>\s*)(?P<marker>[-*+]|\d+\.)\s+(?P<text>.*)$")


class ReadmeError(Exception):
    pass


# --- Markdown (the fragments' subset) to reStructuredText ---------------------------------


def _escape_inline(text):
    """Backslashes and characters that rst would take for markup where Markdown does not."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("_`", "\\_`")


def inline(text):
    """Inline Markdown -> rst: ``code``, links, emphasis (same syntax), separated from words."""
    out = []
    pos = 0
    for match in re.finditer(r"`([^`]+)`", text):
        out.append(_inline_text(text[pos : match.start()]))
        # rst inline markup must not touch a word: ``code``\ s
        before = "\\ " if match.start() and text[match.start() - 1].isalnum() else ""
        after = "\\ " if text[match.end() : match.end() + 1].isalnum() else ""
        out.append(before + "``" + match.group(1) + "``" + after)
        pos = match.end()
    out.append(_inline_text(text[pos:]))
    return "".join(out)


def _inline_text(text):
    text = _escape_inline(text)

    def link(match):
        label, url = match.group(1), match.group(2)
        return f"`{label} <{url}>`__"

    return re.sub(r"\[([^\]]+)\]\(([^)\s]+)\)", link, text)


def _separate(rst_line):
    """A word glued to bold (**RA**s) gets rst's escaped-space separator (code: in inline())."""
    rst_line = re.sub(r"(\*\*[^*\s][^*]*\*\*)(?=[A-Za-z0-9])", r"\1\\ ", rst_line)
    return rst_line


def image_directive(alt, src, indent=""):
    if src.startswith("../"):
        src = src[3:]
    if "//" not in src and not (REPO_ADDON_DIR / src).is_file():
        raise ReadmeError(f"image {src} referenced from readme/ does not exist")
    lines = [
        f"{indent}.. figure:: {src}",
        f"{indent}   :alt: {alt}",
        f"{indent}   :width: 100%",
        "",
    ]
    if alt:
        lines += [f"{indent}   {inline(alt)}", ""]
    return lines


REPO_ADDON_DIR = REPO  # set per addon by generate()


def markdown_to_rst(markdown):
    """Converts one fragment. Headings: the fragment's top level becomes '-', then '~', '^'."""
    lines = markdown.splitlines()
    levels = sorted({len(m.group(1)) for m in (re.match(r"^(#+)\s", line) for line in lines) if m})
    out = []
    previous_indent = None  # indentation of the list item the previous line belonged to
    for line in lines:
        heading = re.match(r"^(#+)\s+(.*?)\s*#*$", line)
        image = IMAGE_LINE.match(line.strip())
        item = LIST_ITEM.match(line)
        if heading:
            title = inline(heading.group(2))
            char = HEADING_UNDERLINES[min(levels.index(len(heading.group(1))), 2)]
            _blank(out)
            out += [title, char * len(title), ""]
            previous_indent = None
        elif image:
            indent = re.match(r"^\s*", line).group(0)
            _blank(out)
            out += image_directive(image.group("alt"), image.group("src"), indent)
        elif item:
            indent = len(item.group("indent"))
            if previous_indent is None or indent != previous_indent:
                # rst wants a blank line around a list, and around a nested one
                _blank(out)
            previous_indent = indent
            out.append(
                _separate(
                    item.group("indent") + item.group("marker") + " " + inline(item.group("text"))
                )
            )
        elif not line.strip():
            out.append("")
            previous_indent = None if not out or not out[-1] else previous_indent
        else:
            if previous_indent is not None and not line.startswith(" "):
                # a paragraph right after a list, with no blank line: Markdown's lazy
                # continuation of the item; rst needs it indented under the item
                line = " " * (previous_indent + 2) + line.strip()
            out.append(_separate(_inline_indented(line)))
    _blank(out)
    return "\n".join(out).strip("\n") + "\n"


def _inline_indented(line):
    stripped = line.lstrip()
    return line[: len(line) - len(stripped)] + inline(stripped)


def _blank(out):
    if out and out[-1] != "":
        out.append("")


# --- the README -----------------------------------------------------------------------


def manifest_of(addon_dir):
    return ast.literal_eval((addon_dir / "__manifest__.py").read_text())


def fragments_digest(addon_dir):
    digest = hashlib.sha256()
    for path in sorted((addon_dir / "readme").glob("*")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    digest.update((addon_dir / "__manifest__.py").read_bytes())
    return digest.hexdigest()


def title_block(text, char="="):
    return [char * len(text), text, char * len(text), ""]


def section(title, body, char="="):
    return [title, char * len(title), "", body.rstrip("\n"), ""]


def readme_rst(addon_dir):
    global REPO_ADDON_DIR
    REPO_ADDON_DIR = addon_dir
    manifest = manifest_of(addon_dir)
    readme = addon_dir / "readme"
    if not (readme / "DESCRIPTION.md").is_file():
        raise ReadmeError(f"{addon_dir.name}: readme/DESCRIPTION.md is missing")
    name = manifest["name"]
    maturity = manifest.get("development_status", "Beta")
    licence = manifest.get("license", "LGPL-3")
    website = manifest.get("website", "").rstrip("/")
    maturity_badge = maturity.replace("/", "%2F")
    licence_badge = licence.replace("-", "--")
    out = title_block(name)
    out += [
        "..",
        "   !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!",
        "   !! This file is generated by setup/readme.py    !!",
        "   !! from readme/: edit those, then rerun it.     !!",
        "   !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!",
        f"   !! source digest: sha256:{fragments_digest(addon_dir)}",
        "   !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!",
        "",
        f".. |badge1| image:: https://img.shields.io/badge/maturity-{maturity_badge}"
        f"-{MATURITY_COLOURS.get(maturity, 'lightgrey')}.png",
        "    :target: https://odoo-community.org/page/development-status",
        f"    :alt: {maturity}",
        f".. |badge2| image:: https://img.shields.io/badge/license-{licence_badge}-blue.png",
        f"    :target: {LICENSE_URLS.get(licence, 'https://spdx.org/licenses/')}",
        f"    :alt: License: {licence}",
        "",
        "|badge1| |badge2|",
        "",
    ]
    out.append(markdown_to_rst((readme / "DESCRIPTION.md").read_text()))
    out += ["**Table of contents**", "", ".. contents::", "   :local:", ""]
    for fragment, title in SECTIONS[1:]:
        path = readme / fragment
        if path.is_file():
            out += section(title, markdown_to_rst(path.read_text()))
    if website:
        out += section(
            "Bug Tracker",
            f"Bugs are tracked on `the project's issues <{website}/issues>`_. In case of\n"
            "trouble, please check there if your issue has already been reported.",
        )
    credits = ["Authors", "-------", ""]
    credits += [f"* {author.strip()}" for author in manifest.get("author", "").split(",")]
    credits.append("")
    for fragment, title in (("CONTRIBUTORS.md", "Contributors"), ("CREDITS.md", "Other credits")):
        path = readme / fragment
        if path.is_file():
            credits += [title, "-" * len(title), "", markdown_to_rst(path.read_text())]
    maintainers = manifest.get("maintainers") or []
    if maintainers or website:
        credits += ["Maintainers", "-----------", ""]
        if maintainers:
            credits += ["Current maintainers: " + ", ".join(maintainers), ""]
        if website:
            credits += [f"This module is part of `the After-Sales suite <{website}>`_.", ""]
    out += section("Credits", "\n".join(credits))
    text = "\n".join(out)
    text = re.sub(r"\n{3,}", "\n\n", text).rstrip("\n") + "\n"
    _parse_strictly(addon_dir.name, text)
    return text


def _parse_strictly(name, rst):
    """README.rst must be valid: any docutils warning is an error of the generator or fragment."""
    warnings = io.StringIO()
    publish_string(
        rst,
        writer_name="null",
        settings_overrides={"warning_stream": warnings, "report_level": 2, "halt_level": 5},
    )
    if warnings.getvalue():
        raise ReadmeError(f"{name}: README.rst does not parse cleanly:\n{warnings.getvalue()}")


def index_html(addon_dir, rst):
    html = publish_string(
        rst,
        writer_name="html4css1",
        settings_overrides={
            "report_level": 5,
            "embed_stylesheet": True,
            "xml_declaration": False,
            "_disable_config": True,
        },
    ).decode()
    # reproducible whatever docutils' version: no generator stamp
    html = re.sub(r'<meta name="generator"[^>]*>\n?', "", html)
    # index.html sits in static/description/: Odoo's Apps page serves its images from there
    html = html.replace('src="static/description/', 'src="')
    return html


def addons(names):
    if names:
        return [REPO / name for name in names]
    return sorted(p.parent for p in REPO.glob("aftersales_*/__manifest__.py"))


def main(argv):
    check = "--check" in argv
    names = [arg for arg in argv if not arg.startswith("--")]
    stale = []
    for addon_dir in addons(names):
        try:
            rst = readme_rst(addon_dir)
        except ReadmeError as error:
            print(f"ERROR: {error}")
            return 1
        outputs = {
            addon_dir / "README.rst": rst,
            addon_dir / "static" / "description" / "index.html": index_html(addon_dir, rst),
        }
        for path, content in outputs.items():
            current = path.read_text() if path.is_file() else None
            if current == content:
                continue
            if check:
                stale.append(str(path.relative_to(REPO)))
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(content)
                print(f"wrote {path.relative_to(REPO)}")
    if stale:
        print(
            "out of date with readme/ (run setup/readme.py and commit the result):\n  "
            + "\n  ".join(stale)
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
