"""URL x role entries for the scan pages."""

from tests.matrix import Entry

ENTRIES: dict[str, Entry] = {}
