"""URL x role entries for the scan pages."""

from observations.selectors import scan as scan_selectors
from observations.services import scan as scan_services
from tests.matrix import FACILITATOR_POST, MEMBERS_ONLY, POST_ONLY, Entry, codes


def community(w) -> dict:
    return {"pk": w.community.pk}


def open_round(w) -> dict:
    scan_round = scan_services.scan_round_open(
        community=w.community, scan=scan_selectors.scan_default()
    )
    return {"pk": scan_round.pk}


ENTRIES: dict[str, Entry] = {
    # Everyone who sees the community sees the figures.
    "observations:scan": Entry(kwargs=community, get=MEMBERS_ONLY),
    "observations:scan_answer": Entry(
        kwargs=open_round,
        # Members of any role answer; leaders and directors see the figures only.
        get=codes(302, 200, 200, 200, 200, 403, 403, 404),
        # Without answers: the form again, with an error at every statement.
        post=codes(302, 200, 200, 200, 200, 403, 403, 404),
    ),
    "observations:scan_open": Entry(kwargs=community, get=POST_ONLY, post=FACILITATOR_POST),
    "observations:scan_close": Entry(kwargs=open_round, get=POST_ONLY, post=FACILITATOR_POST),
}
