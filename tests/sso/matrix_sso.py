"""URL matrix entries for signing in with the school account: the settings page is the
board administration's (directors and administrators); the steps to and from a provider
answer 404 for a board without one (the world's boards have none)."""

from tests.boards.matrix_boards import ADMINISTRATORS, ADMINISTRATORS_POST
from tests.matrix import Entry, codes

NOWHERE = codes(404, 404, 404, 404, 404, 404, 404, 404, administrator=404)


def no_provider(w) -> dict:
    return {"provider_id": f"board-{w.board.pk}"}


ENTRIES: dict[str, Entry] = {
    "sso:identity_provider": Entry(get=ADMINISTRATORS, post=ADMINISTRATORS_POST),
    "sso:start": Entry(kwargs=no_provider, get=NOWHERE, post=NOWHERE),
    "openid_connect_callback": Entry(kwargs=no_provider, get=NOWHERE),
}
