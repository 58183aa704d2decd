"""URL x role entries for the checklist (kijkwijzer) pages: a checklist of the world's board
unless stated. Its facilitators, coaches, school leaders and directors build and change it;
its teachers read it; another board never sees it."""

from observations import checklist_text
from observations.models import Instrument
from observations.services import instruments as instrument_services
from tests.matrix import FACILITATOR_POST, MEMBERS_ONLY, POST_ONLY, Entry, codes

SCALE = "1 = not yet\n2 = partly\n3 = visible\nnot seen"
OUTLINE = "Reading aloud\n- The teacher models fluent reading.\n- Pupils read along."


def board_checklist(w, name: str = "Board checklist") -> Instrument:
    """The board's checklist (made once per world: the visibility matrix asks every entry)."""
    made = Instrument.objects.filter(organisation=w.board, name=name, is_current=True).first()
    if made is not None:
        return made
    return instrument_services.instrument_create(
        organisation=w.board,
        name=name,
        description="",
        levels=checklist_text.parse_scale(SCALE),
        domains=checklist_text.parse_outline(OUTLINE),
        by=w.facilitator,
    )


def checklist(w) -> dict:
    return {"pk": board_checklist(w).pk}


# Builders of the board: facilitator, coach, leader, director; the outsider builds for theirs.
# A board administrator sets up schools and people, not checklists.
BUILDERS = codes(302, 403, 403, 200, 200, 200, 200, 200, administrator=403)

ENTRIES: dict[str, Entry] = {
    "observations:instruments": Entry(get=codes(302, 200, 200, 200, 200, 200, 200, 200)),
    "observations:instrument": Entry(kwargs=checklist, get=MEMBERS_ONLY),
    "observations:instrument_create": Entry(
        get=BUILDERS,
        # Empty: builders get the form back with its errors.
        post=BUILDERS,
    ),
    "observations:instrument_edit": Entry(
        kwargs=checklist,
        get=codes(302, 403, 403, 200, 200, 200, 200, 404),
        post=codes(302, 403, 403, 302, 302, 302, 302, 404),
        data=lambda w: {"name": "Renamed", "description": "", "scale": SCALE, "outline": OUTLINE},
    ),
    "observations:instrument_copy": Entry(
        kwargs=checklist, get=POST_ONLY, post=codes(302, 403, 403, 302, 302, 302, 302, 404)
    ),
    "observations:community_instruments": Entry(
        kwargs=lambda w: {"pk": w.community.pk},
        get=MEMBERS_ONLY,
        post=FACILITATOR_POST,
        data=lambda w: {"instruments": [board_checklist(w, "Chosen").pk]},
    ),
}
