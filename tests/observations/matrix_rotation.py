"""URL x role entries for the rotation pages."""

from tests.matrix import Entry

ENTRIES: dict[str, Entry] = {}
