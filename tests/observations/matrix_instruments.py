"""URL x role entries for the instruments pages."""

from tests.matrix import Entry

ENTRIES: dict[str, Entry] = {}
