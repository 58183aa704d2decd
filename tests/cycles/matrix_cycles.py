"""URL x role entries for the year plan, meetings, school calendars and topics."""

from tests.matrix import MEMBERS_ONLY, Entry


def community(w) -> dict:
    return {"pk": w.community.pk}


ENTRIES: dict[str, Entry] = {
    "cycles:plan": Entry(kwargs=community, get=MEMBERS_ONLY),
}
