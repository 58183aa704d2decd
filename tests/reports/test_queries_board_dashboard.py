"""The board director's dashboard runs a pinned number of queries, the same for a board
with two schools and one active community as for one with four schools, seven communities
and many more members, meetings, attendance, visits, reflections, goals and scan rounds:
every figure is an aggregate grouped by community, never a query per school."""

import datetime as dt

from django.urls import reverse

from communities import services as community_services
from communities.models import Membership
from tests.factories import SchoolFactory, UserFactory, make_community
from tests.reports.test_board_dashboard import joined_last_year
from tests.reports.test_dashboard import at, build_year, last_year, meeting, scan_round
from tests.reports.test_queries_dashboard import grow
from tests.reports.test_queries_school_dashboard import grow_school

PINNED = 20


def more_schools(w, year: int, schools: int) -> None:
    """Schools with a community of six people, a meeting and a scan round each."""
    original = w.community
    try:
        for number in range(schools):
            school = SchoolFactory(organisation=w.board, name=f"School {number}")
            community = make_community(
                schools=[school, w.school],
                name=f"PLG Samen {number}",
                start_date=dt.date(year, 8, 9),
            )
            w.community = community
            for persona in ("teacher", "other_teacher", "coach"):
                community_services.membership_add(
                    community=community, user=w.people[persona], role=Membership.Role.MEMBER
                )
            for extra in range(3):
                person = UserFactory()
                w.people[f"samen{number}-{extra}"] = person
                community_services.membership_add(
                    community=community, user=person, role=Membership.Role.MEMBER
                )
            meeting(w, None, at(year, 11, 3 + number))
            scan_round(
                w,
                at(year, 11, 20),
                {
                    "teacher": 3,
                    "other_teacher": 4,
                    "coach": 5,
                    **{f"samen{number}-{extra}": 4 for extra in range(3)},
                },
            )
    finally:
        w.community = original


def test_board_dashboard_query_count_is_pinned_and_flat(world, client_for, queries):
    client_for("director")
    year = last_year()
    build_year(world, year)
    joined_last_year(world)
    address = reverse("reports:board_dashboard", kwargs={"pk": world.board.pk})
    for params in (f"?year={year}", "", f"?year={year}&cycle=1"):
        queries.assert_count(address + params, PINNED)
    small = queries.client.get(f"{address}?year={year}").context["dashboard"]
    assert len(small.rows) == 2

    grow(world, year, 6)
    grow_school(world, year, 3, 5)
    more_schools(world, year, 2)
    joined_last_year(world)
    for params in (f"?year={year}", "", f"?year={year}&cycle=1"):
        queries.assert_count(address + params, PINNED)
    big = queries.client.get(f"{address}?year={year}").context["dashboard"]
    assert len(big.rows) == 4
    assert big.whole.communities == 7
    assert big.comparison["scan"].values  # the rounds with six respondents count
