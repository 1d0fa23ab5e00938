"""Lays translation catalogs out the way OCA's po-pretty-format check wants them: entries
sorted by msgid, lines wrapped at 78 columns (polib, as Odoo), and in i18n/ catalogs no msgstr
that merely repeats its msgid (an empty msgstr shows the source text all the same).

    python setup/po_pretty.py FILE.po [FILE.pot ...]

setup/i18n and setup/po_fill.py run it on the catalogs they write.
"""

import os
import sys

import polib


def pretty(path):
    """Rewrite ``path`` in the checked layout; True when it changed."""
    with open(path, encoding="utf-8") as handle:
        original = handle.read()
    po = polib.pofile(original)
    po.sort(key=lambda entry: entry.msgid)
    if os.path.basename(os.path.dirname(os.path.abspath(path))) != "i18n_extra":
        for entry in po:
            if entry.msgid == entry.msgstr:
                entry.msgstr = ""
    text = str(po)
    if text == original:
        return False
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
    return True


if __name__ == "__main__":
    for name in sys.argv[1:]:
        if pretty(name):
            print(f"formatted {name}")
