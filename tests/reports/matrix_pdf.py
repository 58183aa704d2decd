"""URL x role entries for the pdf pages."""

from tests.matrix import Entry

ENTRIES: dict[str, Entry] = {}
