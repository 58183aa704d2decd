"""The school leader's dashboard: the school's communities side by side, what needs
attention and the attendance trend, on a small known dataset; never any private text; and
only for the school's leaders and its board's director."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from communities import services as community_services
from communities.models import Membership, SchoolLeader
from cycles.models import Cycle
from tests.factories import SchoolFactory, make_community
from tests.reports.test_dashboard import (
    MARKERS,
    PRESENT,
    at,
    attend,
    build_year,
    last_year,
    meeting,
)


def url(school, **params) -> str:
    base = reverse("reports:school_dashboard", kwargs={"pk": school.pk})
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return f"{base}?{query}" if query else base


@pytest.fixture
def data(world):
    year = last_year()
    built = build_year(world, year)
    # A second community of the same school: full attendance, a meeting in the past
    # without attendance (behind plan), and a goal past its target date without updates.
    second = make_community(
        schools=[world.school],
        name="PLG Schrijven",
        facilitator=world.other_teacher,
        start_date=dt.date(year, 8, 15),
    )
    community_services.membership_add(
        community=second, user=world.teacher, role=Membership.Role.MEMBER
    )
    cycle = Cycle.objects.create(
        community=second, number=1, start_date=dt.date(year, 9, 1), end_date=dt.date(year, 10, 31)
    )
    world.community_second = second
    original = world.community
    world.community = second  # the helpers plan for world.community
    try:
        held = meeting(world, cycle, at(year, 9, 9))
        attend(held, world, teacher=PRESENT, other_teacher=PRESENT)
        meeting(world, cycle, at(year, 10, 14))  # nobody recorded anything
    finally:
        world.community = original
    overdue = community_services.community_goal_create(
        community=second,
        title="Every pupil writes weekly",
        outcome="x",
        success_criterion="y",
        target_date=timezone.localdate() - dt.timedelta(days=10),
        owner=world.other_teacher,
    )
    built.update(second=second, overdue=overdue)
    return built


def test_figures_side_by_side(world, data, client_for):
    response = client_for("leader").get(url(world.school, year=last_year()))
    assert response.status_code == 200
    d = response.context["dashboard"]
    rows = {row.community.name: row for row in d.rows}
    assert list(rows) == ["PLG Lezen", "PLG Schrijven"]  # only this school's communities
    lezen, schrijven = rows["PLG Lezen"], rows["PLG Schrijven"]
    assert (lezen.meetings_planned, lezen.meetings_held, lezen.behind) == (3, 3, 0)
    assert (lezen.present, lezen.recorded, lezen.attendance_rate) == (4, 7, 57)
    assert (lezen.visits_total, lezen.visits_done, lezen.visits_planned) == (3, 2, 1)
    assert lezen.reflections == 4  # drafts don't count
    assert (lezen.goals, lezen.goal_progress) == (1, 40)
    assert lezen.open_actions == 1
    assert lezen.scan_average == 3.0  # the round with three respondents: (4 + 2 + 3) / 3
    assert (schrijven.meetings_planned, schrijven.meetings_held, schrijven.behind) == (2, 2, 1)
    assert schrijven.attendance_rate == 100
    assert (schrijven.goals, schrijven.goal_progress) == (1, 0)
    assert schrijven.scan_average is None
    # What needs attention.
    assert [row.community.name for row in d.low_attendance] == ["PLG Lezen"]
    assert [row.community.name for row in d.behind_plan] == ["PLG Schrijven"]
    assert [goal.goal_pk for goal in d.overdue_goals] == [data["overdue"].pk]
    # The trend: per month, per community (September: 2 of 4 and 2 of 2; October: 2 of 3).
    months = {month.first_day.month: month.rates for month in d.months}
    assert len(d.months) == 12
    assert months[9] == [50, 100]
    assert months[10] == [67, None]
    assert months[11] == [None, None]
    # Visits done and reflections written per month, per community.
    visits = {month.first_day.month: month.visits_done for month in d.months}
    assert (visits[9], visits[10], visits[11]) == ([1, 0], [1, 0], [0, 0])
    written = {month.first_day.month: month.reflections for month in d.months}
    # The teacher's reflection for no community counts in both of the teacher's communities.
    assert (written[9], written[10]) == ([2, 1], [2, 0])
    html = response.content.decode()
    assert 'id="chart-attendance-months"' in html
    assert 'id="chart-visits-months"' in html and 'id="chart-reflections-months"' in html
    assert "Every pupil writes weekly" in html
    assert "57%" in html


def test_no_private_text(world, data, client_for):
    for persona in ("leader", "director"):
        html = client_for(persona).get(url(world.school, year=last_year())).content.decode()
        for marker in [*MARKERS, "SHARED-MARKER", "We tried it together", "Try think-pair"]:
            assert marker not in html, (persona, marker)


def test_the_director_sees_every_school_of_the_board(world, data, client_for):
    client = client_for("director")
    assert client.get(url(world.school)).status_code == 200
    assert client.get(url(world.other_school)).status_code == 200


def test_another_schools_leader_and_members_get_404(world, data, client_for):
    assert client_for("leader").get(url(world.other_school)).status_code == 404
    for persona in ("teacher", "facilitator", "coach", "outsider"):
        assert client_for(persona).get(url(world.school)).status_code == 404, persona
    assert (
        client_for("director")
        .get(reverse("reports:school_dashboard", kwargs={"pk": 999999}))
        .status_code
        == 404
    )


@pytest.mark.parametrize(
    "query", ["year=abc", "year=1900", "year=", "year=99999999999999999999", "year=2020&x=%00"]
)
def test_garbage_filters_show_the_default(world, data, client_for, query):
    response = client_for("leader").get(f"{url(world.school)}?{query}")
    assert response.status_code == 200


def test_htmx_gets_the_figures_only(world, data, client_for):
    response = client_for("leader").get(url(world.school, year=last_year()), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="dashboard-figures"')
    assert "<form" not in html


def test_a_school_without_communities(world, client_for):
    empty = SchoolFactory(organisation=world.board, name="Leeg")
    SchoolLeader.objects.create(school=empty, user=world.leader)
    response = client_for("leader").get(url(empty))
    assert response.status_code == 200
    assert response.context["dashboard"].rows == []


def test_a_cycle_of_the_year(world, data, client_for):
    User.objects.filter(pk=world.leader.pk).update(language="en")
    client = client_for("leader")
    response = client.get(url(world.school, year=last_year(), cycle=1))
    d = response.context["dashboard"]
    rows = {row.community.name: row for row in d.rows}
    # Cycle 1 of both communities: PLG Lezen's 1-28 September and PLG Schrijven's
    # 1 September - 31 October, so the span runs 1 September - 31 October.
    assert (d.period.first_day.day, d.period.last_day.month, d.period.last_day.day) == (1, 10, 31)
    assert rows["PLG Schrijven"].meetings_planned == 2
    # Each community's own cycle 1: PLG Lezen's October meeting is in its cycle 2.
    assert rows["PLG Lezen"].meetings_planned == 2
    assert (rows["PLG Lezen"].present, rows["PLG Lezen"].recorded) == (2, 4)
    assert f"Cycle 1 of school year {last_year()}" in response.content.decode()
    assert 'name="cycle"' in client.get(url(world.school, year=last_year())).content.decode()
    whole = client.get(url(world.school, year=last_year(), cycle=9)).context["dashboard"]
    assert whole.period.span is None
