"""URL x role entries for the dashboards pages."""

from tests.matrix import Entry

ENTRIES: dict[str, Entry] = {}
