"""URL x role entries for the school-year report pages."""

from tests.matrix import Entry

ENTRIES: dict[str, Entry] = {}
