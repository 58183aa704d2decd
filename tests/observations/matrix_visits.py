"""URL x role entries for the visits pages."""

from tests.matrix import Entry

ENTRIES: dict[str, Entry] = {}
