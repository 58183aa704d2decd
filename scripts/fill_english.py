"""Fill the English catalogue: our message ids are English, so each msgstr is its msgid.

Run by `make messages` after makemessages; keeps locale/en complete without hand work.
"""

import sys

import polib  # type: ignore[import-not-found]


def main(path: str) -> None:
    catalogue = polib.pofile(path)
    for entry in catalogue:
        if entry.msgid_plural:
            entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
        else:
            entry.msgstr = entry.msgid
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    catalogue.save(path)


if __name__ == "__main__":
    main(sys.argv[1])
