"""URL x role entries for the rotation pages."""

from observations.selectors import rotation as rotation_selectors
from tests.cycles.matrix_cycles import a_meeting
from tests.matrix import FACILITATOR_ONLY, FACILITATOR_POST, Entry


def a_cycle(w):
    return a_meeting(w).cycle


def cycle(w) -> dict:
    return {"cycle_pk": a_cycle(w).pk}


def confirmation(w) -> dict:
    """What the page's "Create these visits" button sends."""
    proposal = rotation_selectors.rotation_propose(cycle=a_cycle(w))
    return {
        "observers_per_visit": "1",
        "include_facilitators": "on",
        "instrument": str(proposal.instrument.pk),
        "time": "10:00",
        "fingerprint": proposal.fingerprint,
    }


ENTRIES: dict[str, Entry] = {
    # A valid confirmation: the facilitator's visits are made and they go to the year plan.
    "observations:rotation": Entry(
        kwargs=cycle, get=FACILITATOR_ONLY, post=FACILITATOR_POST, data=confirmation
    ),
}
