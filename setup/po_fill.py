"""List or fill the untranslated terms of an addon's .po files.

    po_fill.py list ADDON            untranslated msgids of zh_CN.po and zh_TW.po, as JSON
    po_fill.py fill ADDON FILE.json  set translations from {"zh_CN": {msgid: msgstr}, ...}

Run setup/i18n first so that the .po files hold the new terms (untranslated).
"""

import json
import pathlib
import sys

import polib
from po_pretty import pretty

REPO = pathlib.Path(__file__).resolve().parent.parent
LANGS = ("zh_CN", "zh_TW")


def _pofile(addon, lang):
    return polib.pofile(str(REPO / addon / "i18n" / f"{lang}.po"), wrapwidth=78)


def list_untranslated(addon):
    todo = {}
    for lang in LANGS:
        todo[lang] = [entry.msgid for entry in _pofile(addon, lang) if not entry.msgstr]
    json.dump(todo, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


def fill(addon, path):
    translations = json.loads(pathlib.Path(path).read_text(encoding="utf-8"))
    for lang, terms in translations.items():
        po = _pofile(addon, lang)
        done = 0
        for entry in po:
            if entry.msgid in terms:
                entry.msgstr = terms[entry.msgid]
                done += 1
        po.save()
        pretty(po.fpath)
        missing = sum(1 for entry in po if not entry.msgstr)
        print(f"{addon}/{lang}: {done} set, {missing} still untranslated")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "list":
        list_untranslated(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == "fill":
        fill(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
