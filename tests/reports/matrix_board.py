"""URL x role entries for the board director's pages."""

from tests.matrix import Entry, codes

ENTRIES: dict[str, Entry] = {
    # The board's directors only; for everyone else the board doesn't exist.
    "reports:board_dashboard": Entry(
        kwargs=lambda w: {"pk": w.community.organisation_id},
        get=codes(302, 404, 404, 404, 404, 404, 200, 404),
        post=codes(405, 405, 405, 405, 405, 405, 405, 405),
    ),
}
