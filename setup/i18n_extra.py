"""Chinese for the helpdesk_mgmt screens the suite builds on, shipped by the suite.

helpdesk_mgmt and helpdesk_mgmt_rating (OCA, 19.0) ship no zh_CN / zh_TW. Odoo loads, for every
installed module, both <module>/i18n/<lang>.po and <module>/i18n_extra/<lang>.po, and applies
each term to the record its occurrence names (`#: model:ir.model.fields,field_description:
helpdesk_mgmt.field_helpdesk_ticket__name`), whichever module's file it comes from. So
aftersales_flow/i18n_extra/<lang>.po holds the model terms (field labels, help, selection
values, stages, channels, menus, actions, views, portal templates, mail templates) of those two
modules; setup/i18n, which rewrites the suite's own i18n/, never touches it.

Python and JavaScript strings of helpdesk_mgmt (`_()` in its code) are looked up in
helpdesk_mgmt's own folder only, so they cannot be shipped from here: they are left out and
listed by `check`.

    python setup/i18n_extra.py update   merge the current helpdesk_mgmt(_rating) .pot files into
                                        the po files: new terms added empty, gone ones dropped,
                                        translations kept
    python setup/i18n_extra.py check    exit 1 if a term has no translation in a language
"""

import re
import sys
from importlib.util import find_spec
from pathlib import Path

import polib
from po_pretty import pretty

REPO = Path(__file__).resolve().parent.parent
TARGET = REPO / "aftersales_flow" / "i18n_extra"
SOURCES = ("helpdesk_mgmt", "helpdesk_mgmt_rating")
LANGS = ("zh_CN", "zh_TW")


# Terms of fields and selection values that helpdesk's models get from mixins of modules its
# .pot was not exported with (sms), or whose records belong to the mixin's module (mail, rating:
# ir.model.fields.selection of helpdesk.ticket). Odoo keys them per model, so the mixins' own
# Chinese does not reach them.
EXTRA = {
    "SMS Delivery error": [
        "model:ir.model.fields,field_description:helpdesk_mgmt.field_helpdesk_ticket__message_has_sms_error",
        "model:ir.model.fields,field_description:helpdesk_mgmt.field_helpdesk_ticket_team__message_has_sms_error",
    ],
    "If checked, some messages have a delivery error.": [
        "model:ir.model.fields,help:helpdesk_mgmt.field_helpdesk_ticket__message_has_sms_error",
        "model:ir.model.fields,help:helpdesk_mgmt.field_helpdesk_ticket_team__message_has_sms_error",
    ],
    "Overdue": [
        "model:ir.model.fields.selection,name:mail.selection__helpdesk_ticket__activity_state__overdue"
    ],
    "Today": [
        "model:ir.model.fields.selection,name:mail.selection__helpdesk_ticket__activity_state__today"
    ],
    "Planned": [
        "model:ir.model.fields.selection,name:mail.selection__helpdesk_ticket__activity_state__planned"
    ],
    "Error": [
        "model:ir.model.fields.selection,name:"
        "mail.selection__helpdesk_ticket__activity_exception_decoration__danger"
    ],
    "Alert": [
        "model:ir.model.fields.selection,name:"
        "mail.selection__helpdesk_ticket__activity_exception_decoration__warning"
    ],
    "Happy": [
        "model:ir.model.fields.selection,name:rating.selection__helpdesk_ticket__rating_avg_text__top"
    ],
    "Neutral": [
        "model:ir.model.fields.selection,name:rating.selection__helpdesk_ticket__rating_avg_text__ok"
    ],
    "Unhappy": [
        "model:ir.model.fields.selection,name:rating.selection__helpdesk_ticket__rating_avg_text__ko"
    ],
    "Not Rated yet": [
        "model:ir.model.fields.selection,name:rating.selection__helpdesk_ticket__rating_avg_text__none"
    ],
}


def pot_of(module):
    spec = find_spec(f"odoo.addons.{module}")
    if not spec:
        sys.exit(f"{module} is not installed in this Python environment")
    return polib.pofile(str(Path(spec.submodule_search_locations[0]) / "i18n" / f"{module}.pot"))


def shippable(entry):
    """The entry's occurrences that name a record (model, model_terms), not code; and not the
    names of other modules' models (res.partner, res.users...) that helpdesk_mgmt extends:
    their owners name them, and the ticket's "Contact" is the suite's 客户, not theirs."""
    return [
        occ
        for occ in entry.occurrences
        if not occ[0].startswith("code:")
        and not re.match(r"model:ir\.model,name:\w+\.model_(?!helpdesk_)", occ[0])
    ]


def merged_entries():
    entries = {}
    code_only = []
    for module in SOURCES:
        for entry in pot_of(module):
            occurrences = shippable(entry)
            if not occurrences:
                code_only.append((module, entry.msgid))
                continue
            key = (entry.msgctxt, entry.msgid)
            if key in entries:
                entries[key].occurrences += occurrences
            else:
                entries[key] = polib.POEntry(
                    msgid=entry.msgid,
                    msgctxt=entry.msgctxt,
                    occurrences=occurrences,
                    comment=entry.comment,
                    flags=[flag for flag in entry.flags if flag != "fuzzy"],
                )
    for msgid, occurrences in EXTRA.items():
        key = (None, msgid)
        pairs = [(occurrence, "") for occurrence in occurrences]
        if key in entries:
            entries[key].occurrences += [p for p in pairs if p not in entries[key].occurrences]
        else:
            entries[key] = polib.POEntry(
                msgid=msgid, occurrences=pairs, comment="module: helpdesk_mgmt"
            )
    return entries, code_only


def po_path(lang):
    return TARGET / f"{lang}.po"


def header(lang):
    return {
        "Project-Id-Version": "Odoo Server 19.0",
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=1; plural=0;",
    }


def update():
    entries, code_only = merged_entries()
    TARGET.mkdir(exist_ok=True)
    for lang in LANGS:
        old = polib.pofile(str(po_path(lang))) if po_path(lang).exists() else []
        known = {(e.msgctxt, e.msgid): e.msgstr for e in old}
        po = polib.POFile(wrapwidth=78)
        po.header = (
            f"Chinese ({lang}) for the helpdesk_mgmt and helpdesk_mgmt_rating terms the\n"
            "After-Sales suite's users see. Maintained by setup/i18n_extra.py, not setup/i18n."
        )
        po.metadata = header(lang)
        for key in sorted(entries, key=lambda k: (k[1], k[0] or "")):
            source = entries[key]
            po.append(
                polib.POEntry(
                    msgid=source.msgid,
                    msgctxt=source.msgctxt,
                    msgstr=known.get(key, ""),
                    occurrences=source.occurrences,
                    comment=source.comment,
                    flags=source.flags,
                )
            )
        po.save(str(po_path(lang)))
        pretty(str(po_path(lang)))
        print(f"{po_path(lang).relative_to(REPO)}: {len(po)} terms")
    print(f"{len(code_only)} code terms cannot be shipped from the suite:")
    for module, msgid in code_only:
        print(f"  {module}: {msgid!r}")


def check():
    missing = []
    for lang in LANGS:
        if not po_path(lang).exists():
            missing.append(f"{lang}: no {po_path(lang).relative_to(REPO)}")
            continue
        po = polib.pofile(str(po_path(lang)))
        missing += [f"{lang}: {e.msgid!r}" for e in po if not e.msgstr]
    entries, _code_only = merged_entries()
    for lang in LANGS:
        if po_path(lang).exists():
            have = {(e.msgctxt, e.msgid) for e in polib.pofile(str(po_path(lang)))}
            missing += [f"{lang}: not merged yet {k[1]!r}" for k in entries if k not in have]
    if missing:
        print("untranslated helpdesk terms (setup/i18n_extra.py update, then translate):")
        print("\n".join(f"  {line}" for line in missing))
        return 1
    return 0


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "update":
        update()
    elif command == "check":
        sys.exit(check())
    else:
        sys.exit(__doc__)
