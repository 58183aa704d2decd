"""URL x role entries for mail preferences and unsubscribing."""

from notifications import preferences
from tests.matrix import ANY_SIGNED_IN, PUBLIC, Entry, codes


def teachers_link(w) -> dict:
    return {"token": preferences.unsubscribe_token(w.teacher, "digest")}


ENTRIES: dict[str, Entry] = {
    "notifications:preferences": Entry(
        get=ANY_SIGNED_IN, post=codes(302, 200, 200, 200, 200, 200, 200, 200)
    ),
    # The signed link is the proof, with or without a session (one-click from a mail program).
    "notifications:unsubscribe": Entry(kwargs=teachers_link, get=PUBLIC, post=PUBLIC),
}
