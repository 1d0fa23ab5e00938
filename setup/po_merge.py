"""Merge a fresh .pot into an existing .po, keeping every translation made.

po_merge.py LANG.po ADDON.pot: terms still in the template keep their
translation (and the template's references); new terms come in untranslated;
terms gone from the template are dropped.
"""

import sys

import polib
from po_pretty import pretty


def merge(po_path, pot_path):
    po = polib.pofile(po_path)
    pot = polib.pofile(pot_path)
    known = {(entry.msgctxt, entry.msgid): entry for entry in po}
    merged = polib.POFile(wrapwidth=78)
    merged.metadata = po.metadata
    merged.header = po.header
    for template in pot:
        entry = polib.POEntry(
            msgid=template.msgid,
            msgctxt=template.msgctxt,
            occurrences=template.occurrences,
            comment=template.comment,
            tcomment=template.tcomment,
            flags=list(template.flags),
        )
        previous = known.get((template.msgctxt, template.msgid))
        if previous and previous.msgstr:
            entry.msgstr = previous.msgstr
        merged.append(entry)
    merged.save(po_path)
    pretty(po_path)


if __name__ == "__main__":
    merge(*sys.argv[1:3])
