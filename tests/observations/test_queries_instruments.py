"""The checklist pages run a pinned number of queries, the same with little and with more
data: more checklists, domains, items, versions, visits and communities."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from communities import services as community_services
from observations import checklist_text
from observations.models import Instrument
from observations.services import instruments as instrument_services
from observations.services import visits as visit_services
from tests.conftest import World
from tests.factories import make_community
from tests.observations.matrix_instruments import SCALE, board_checklist

WIDE_OUTLINE = "\n".join(
    f"Domain {d}\n" + "\n".join(f"- Item {d}.{i}" for i in range(5)) for d in range(4)
)


def _checklist(world: World) -> Instrument:
    return Instrument.objects.get(organisation=world.board, name="Board checklist", is_current=True)


def grow(world: World, n: int = 4) -> None:
    """More checklists, each bigger, used in visits and changed into new versions; and more
    communities that use them."""
    general = Instrument.objects.get(name="Algemene lesobservatie")
    for i in range(n):
        other = make_community(schools=[world.school, world.other_school])
        community_services.membership_add(community=other, user=world.teacher, role="member")
        made = instrument_services.instrument_create(
            organisation=world.board,
            name=f"Grown {i}",
            description="d",
            levels=checklist_text.parse_scale(SCALE),
            domains=checklist_text.parse_outline(WIDE_OUTLINE),
            by=world.coach,
        )
        for instrument in (made, general, _checklist(world)):
            instrument.communities.add(other, world.community)
        for instrument in (made, _checklist(world)):
            visit_services.visit_plan(
                community=world.community,
                observed=world.teacher,
                observers=[world.other_teacher],
                instrument=instrument,
                starts_at=timezone.now() + dt.timedelta(days=i + 1),
            )
            instrument_services.instrument_update(
                instrument=instrument,
                name=instrument.name,
                description=f"version {i}",
                levels=checklist_text.parse_scale(SCALE),
                domains=checklist_text.parse_outline(WIDE_OUTLINE),
                by=world.facilitator,
            )


def _board(w: World) -> dict:
    return {"pk": _checklist(w).pk}


def _general(w: World) -> dict:
    return {"pk": Instrument.objects.get(name="Algemene lesobservatie").pk}


def _community(w: World) -> dict:
    return {"pk": w.community.pk}


PAGES = [
    # (persona, url name, kwargs, query string, pinned queries)
    ("teacher", "observations:instruments", lambda w: {}, "", 11),
    ("facilitator", "observations:instruments", lambda w: {}, "", 11),
    ("leader", "observations:instruments", lambda w: {}, "", 11),
    ("director", "observations:instruments", lambda w: {}, "", 10),
    ("teacher", "observations:instrument", _board, "", 15),
    ("facilitator", "observations:instrument", _board, "", 15),
    ("coach", "observations:instrument", _general, "", 15),
    ("facilitator", "observations:instrument_create", lambda w: {}, "", 9),
    ("leader", "observations:instrument_create", lambda w: {}, "?preset=four", 9),
    ("facilitator", "observations:instrument_edit", _board, "", 14),
    ("teacher", "observations:community_instruments", _community, "", 10),
    ("facilitator", "observations:community_instruments", _community, "", 11),
    ("leader", "observations:community_instruments", _community, "", 10),
]


@pytest.mark.parametrize(
    ("persona", "name", "kwargs", "query", "pinned"),
    PAGES,
    ids=[f"{name}-{persona}{query}" for persona, name, _, query, _ in PAGES],
)
def test_page_query_count_is_pinned_and_flat(
    persona, name, kwargs, query, pinned, world, client_for, queries
):
    board_checklist(world).communities.add(world.community)
    client_for(persona)
    queries.assert_count(reverse(name, kwargs=kwargs(world)) + query, pinned)
    grow(world)
    # The board's checklist has later versions now: the current one is looked up again.
    queries.assert_count(reverse(name, kwargs=kwargs(world)) + query, pinned)
