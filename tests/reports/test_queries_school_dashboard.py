"""The school leader's dashboard runs a pinned number of queries, the same for a school
with one community as for a school with four communities and many more members, meetings,
attendance, visits, reflections, actions, goals and scan rounds: every figure is an
aggregate grouped by community, never a query per community."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from communities import services as community_services
from communities.models import Membership
from cycles.models import Cycle
from cycles.services import meetings as meeting_services
from tests.factories import UserFactory, make_community
from tests.reports.test_dashboard import (
    ABSENT,
    PRESENT,
    at,
    build_year,
    last_year,
    meeting,
    reflect,
    scan_round,
    visit,
)
from tests.reports.test_queries_dashboard import grow


def grow_school(w, year: int, communities: int, n: int) -> None:
    """`communities` more communities in the school, each with n members, n meetings with
    everyone's attendance, actions, visits, reflections, a goal and a scan round."""
    original = w.community
    try:
        for number in range(communities):
            community = make_community(
                schools=[w.school], name=f"PLG Extra {number}", start_date=dt.date(year, 8, 10)
            )
            w.community = community
            people = [UserFactory() for _ in range(n)]
            for person in people:
                community_services.membership_add(
                    community=community, user=person, role=Membership.Role.MEMBER
                )
            for persona in ("teacher", "other_teacher", "coach"):
                community_services.membership_add(
                    community=community, user=w.people[persona], role=Membership.Role.MEMBER
                )
            cycle = Cycle.objects.create(
                community=community,
                number=1,
                start_date=dt.date(year, 9, 1),
                end_date=dt.date(year, 12, 20),
            )
            for day, person in enumerate(people, start=1):
                m = meeting(w, cycle, at(year, 9, 1) + dt.timedelta(days=7 * day))
                for index, user in enumerate([*people, w.teacher]):
                    meeting_services.attendance_set(
                        meeting=m, user=user, status=PRESENT if index % 2 else ABSENT
                    )
                meeting_services.action_add(
                    meeting=m, description=f"Action {day}", owner=person, due_date=None
                )
                w.people[f"extra{number}-{day}"] = person
                reflect(w, f"extra{number}-{day}", at(year, 11, 1), text="x", community=community)
                visit(w, at(year, 10, day), "closed")
            meeting(w, cycle, at(year, 12, 1))  # behind plan
            community_services.community_goal_create(
                community=community,
                title=f"Goal {number}",
                outcome="x",
                success_criterion="y",
                target_date=timezone.localdate() - dt.timedelta(days=5),
            )
            scan_round(w, at(year, 12, 5), {"teacher": 3, "other_teacher": 4, "coach": 2})
    finally:
        w.community = original


PINNED = [
    # persona, queries
    ("leader", 19),
    ("director", 19),
]


@pytest.mark.parametrize(("persona", "pinned"), PINNED, ids=[p for p, _ in PINNED])
def test_school_dashboard_query_count_is_pinned_and_flat(
    persona, pinned, world, client_for, queries
):
    client_for(persona)
    year = last_year()
    build_year(world, year)
    address = reverse("reports:school_dashboard", kwargs={"pk": world.school.pk})
    for params in (f"?year={year}", "", f"?year={year}&cycle=1"):
        queries.assert_count(address + params, pinned)
    one = queries.client.get(f"{address}?year={year}").context["dashboard"]
    assert len(one.rows) == 1

    grow(world, year, 6)
    grow_school(world, year, 3, 5)
    for params in (f"?year={year}", "", f"?year={year}&cycle=1"):
        queries.assert_count(address + params, pinned)
    four = queries.client.get(f"{address}?year={year}").context["dashboard"]
    assert len(four.rows) == 4
    rows = {row.community.name: row for row in four.rows}
    lezen = rows.pop("PLG Lezen")
    assert (lezen.meetings_planned, lezen.behind, lezen.open_actions) == (3 + 6, 0, 1 + 6)
    assert [row.meetings_planned for row in rows.values()] == [6, 6, 6]
    assert [(row.behind, row.open_actions) for row in rows.values()] == [(1, 5)] * 3
    # Five reflections for the community, and the teacher's one written for no community.
    assert [(row.visits_total, row.reflections) for row in rows.values()] == [(5, 6)] * 3
    assert [row.scan_average for row in rows.values()] == [3.0] * 3
    assert len(four.overdue_goals) == 3
