"""The community dashboard runs a pinned number of queries, the same on a small year as on
a year with many more members, meetings, attendance, visits, reflections and scan rounds."""

import datetime as dt

import pytest

from communities import services as community_services
from communities.models import Membership
from cycles.models import Cycle
from cycles.services import meetings as meeting_services
from observations.models import Visit
from tests.conftest import World
from tests.factories import UserFactory
from tests.reports.test_dashboard import (
    ABSENT,
    PRESENT,
    Visibility,
    at,
    build_year,
    last_year,
    meeting,
    reflect,
    scan_round,
    url,
    visit,
)


def grow(w: World, year: int, n: int) -> None:
    """n more members, and per member a meeting with everyone's attendance, a visit,
    a reflection and an open action; one more scan round with results."""
    people = [UserFactory() for _ in range(n)]
    for person in people:
        community_services.membership_add(
            community=w.community, user=person, role=Membership.Role.MEMBER
        )
    cycle = Cycle.objects.create(
        community=w.community,
        number=3,
        start_date=dt.date(year + 1, 1, 5),
        end_date=dt.date(year + 1, 3, 31),
    )
    everyone = [m.user for m in w.community.memberships.select_related("user")]
    for day, person in enumerate(people, start=1):
        m = meeting(w, cycle, at(year, 1, 5) + dt.timedelta(days=day))
        for number, user in enumerate(everyone):
            meeting_services.attendance_set(
                meeting=m, user=user, status=PRESENT if number % 3 else ABSENT
            )
        meeting_services.action_add(
            meeting=m, description=f"Action {day}", owner=person, due_date=None
        )
        w.people[f"extra{day}"] = person
        reflect(
            w,
            f"extra{day}",
            at(year, 2, 1),
            text="A reflection",
            community=w.community,
            visibility=Visibility.COMMUNITY,
        )
    for day in range(n):
        visit(w, at(year, 2, 2 + day % 20, 9), Visit.Status.CLOSED)
    scan_round(w, at(year, 3, 1), {"teacher": 3, "other_teacher": 4, "coach": 2, "extra1": 5})


PINNED = [
    # persona, queries
    ("facilitator", 20),
    ("coach", 20),
    ("leader", 21),
    ("director", 20),
]


@pytest.mark.parametrize(("persona", "pinned"), PINNED, ids=[p for p, _ in PINNED])
def test_dashboard_query_count_is_pinned_and_flat(persona, pinned, world, client_for, queries):
    client_for(persona)
    year = last_year()
    build_year(world, year)
    for params in ({"year": year}, {"cycle": world.community.cycles.get(number=1).pk}):
        queries.assert_count(url(world, **params), pinned)
    grow(world, year, 12)
    for params in ({"year": year}, {"cycle": world.community.cycles.get(number=1).pk}):
        queries.assert_count(url(world, **params), pinned)
    page = queries.client.get(url(world, year=year)).context["dashboard"]
    assert len(page.meetings) == 3 + 12 and len(page.scan.with_results) == 2
    assert page.visits.total == 3 + 12 and page.open_actions_total == 1 + 12
