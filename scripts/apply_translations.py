"""Set Dutch translations from a JSON file {msgid: msgstr or [singular, plural]}.

Usage, after `make messages`: python scripts/apply_translations.py translations.json
Clears the fuzzy flags of the entries it sets and prints what is still untranslated.
"""

import json
import sys
from pathlib import Path

import polib  # type: ignore[import-not-found]

CATALOGUE = "locale/nl/LC_MESSAGES/django.po"


def main(path: str) -> None:
    catalogue = polib.pofile(CATALOGUE)
    translations = json.loads(Path(path).read_text())
    for entry in catalogue:
        if entry.msgid not in translations:
            continue
        value = translations[entry.msgid]
        if entry.msgid_plural:
            entry.msgstr_plural = {0: value[0], 1: value[1]}
        else:
            entry.msgstr = value
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = None
    catalogue.save()
    left = catalogue.untranslated_entries() + catalogue.fuzzy_entries()
    print("still to translate:", [entry.msgid for entry in left])


if __name__ == "__main__":
    main(sys.argv[1])
