"""The board director's dashboard: every school of the board side by side, an anonymous
comparison that never says anything about fewer than five people, the attendance trend;
never any private text; only for the board's directors."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from communities import services as community_services
from communities.models import BoardDirector, Membership
from cycles.models import Cycle
from tests.factories import OrganisationFactory, SchoolFactory, UserFactory, make_community
from tests.reports.test_dashboard import (
    MARKERS,
    PRESENT,
    at,
    attend,
    build_year,
    last_year,
    meeting,
    scan_round,
)


def url(board, **params) -> str:
    base = reverse("reports:board_dashboard", kwargs={"pk": board.pk})
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return f"{base}?{query}" if query else base


def joined_last_year(world) -> None:
    """The world's people joined today; for last year's figures they were there then."""
    Membership.objects.filter(community__organisation=world.board).update(
        joined_at=at(last_year(), 8, 15)
    )


@pytest.fixture
def data(world):
    built = build_year(world, last_year())
    joined_last_year(world)
    return built


def add_members(world, n: int) -> list:
    people = [UserFactory() for _ in range(n)]
    for person in people:
        community_services.membership_add(
            community=world.community, user=person, role=Membership.Role.MEMBER
        )
    return people


def test_figures_per_school(world, data, client_for):
    response = client_for("director").get(url(world.board, year=last_year()))
    assert response.status_code == 200
    d = response.context["dashboard"]
    rows = {row.school.name: row for row in d.rows}
    assert list(rows) == ["De Brug", "De Horizon"]  # the other board's school is not here
    brug, horizon = rows["De Brug"], rows["De Horizon"]
    assert (brug.communities, brug.people) == (1, 4)
    assert (brug.meetings_planned, brug.meetings_held, brug.behind) == (3, 3, 0)
    assert (brug.present, brug.recorded, brug.attendance_rate) == (4, 7, 57)
    assert (brug.visits_total, brug.visits_done, brug.visits_planned) == (3, 2, 1)
    assert brug.reflections == 3  # for the community, drafts not counted
    assert (brug.goals, brug.goal_progress, brug.overdue_goals) == (1, 40, 0)
    assert brug.scan_average is None  # no round with five respondents
    assert horizon.communities == 1
    assert (horizon.meetings_planned, horizon.attendance_rate) == (0, None)
    assert (horizon.people, d.whole.communities, d.whole.people) == (0, 2, 4)
    assert [row.school.name for row in d.low_attendance] == ["De Brug"]
    months = {month.first_day.month: month.rate for month in d.months}
    assert (months[9], months[10], months[11]) == (50, 67, None)
    html = response.content.decode()
    assert 'id="board-schools"' in html
    assert 'id="chart-compare-attendance"' in html
    assert reverse("reports:school_dashboard", kwargs={"pk": world.school.pk}) in html
    # The table in the director's language (Dutch here).
    assert "3 van 3 gepland" in html and "1 doel, gemiddeld 40%" in html
    report = reverse("reports:school_report", kwargs={"pk": world.school.pk})
    assert f"{report}?year={last_year()}" in html


def test_a_community_of_two_schools_counts_for_both_and_once_for_the_board(world, data, client_for):
    world.community.schools.add(world.other_school)
    d = client_for("director").get(url(world.board, year=last_year())).context["dashboard"]
    rows = {row.school.name: row for row in d.rows}
    assert rows["De Brug"].meetings_planned == rows["De Horizon"].meetings_planned == 3
    assert rows["De Horizon"].communities == 2
    assert (d.whole.meetings_planned, d.whole.recorded, d.whole.communities) == (3, 7, 2)


def test_the_comparison_leaves_out_groups_below_five(world, data, client_for):
    client = client_for("director")
    year = last_year()
    d = client.get(url(world.board, year=year)).context["dashboard"]
    # De Brug has four people, De Horizon none: nothing to compare.
    assert all(measure.values == [] for measure in d.comparison.values())
    assert all(measure.left_out == 2 for measure in d.comparison.values())
    assert all(measure.board is None for measure in d.comparison.values())
    assert "School 1" not in client.get(url(world.board, year=year)).content.decode()

    # A fifth person who joined today is no part of last year's group, but of this year's.
    fifth = add_members(world, 1)[0]
    world.people["fifth"] = fifth
    d = client.get(url(world.board, year=year)).context["dashboard"]
    assert all(measure.values == [] for measure in d.comparison.values())
    now = client.get(url(world.board)).context["dashboard"]
    assert now.comparison["goals"].values == [40]

    # Had they joined last year, the group is five: figures about the people of the school
    # are compared; attendance only once five people were recorded at a meeting.
    Membership.objects.filter(user=fifth).update(joined_at=at(year, 9, 1))
    d = client.get(url(world.board, year=year)).context["dashboard"]
    assert d.comparison["goals"].values == [40]
    assert d.comparison["visits"].values == [0.4]  # 2 visits done, 5 people
    assert d.comparison["attendance"].values == []  # at most 3 recorded at one meeting
    assert d.comparison["scan"].values == []  # rounds of 3 and 2 respondents never count
    assert (d.comparison["goals"].left_out, d.comparison["goals"].board) == (1, 40)
    everyone = meeting(world, None, at(year, 11, 3))
    attend(
        everyone,
        world,
        teacher=PRESENT,
        other_teacher=PRESENT,
        coach=PRESENT,
        facilitator=PRESENT,
        fifth=PRESENT,
    )
    d = client.get(url(world.board, year=year)).context["dashboard"]
    assert d.comparison["attendance"].values == [75]  # 9 of 12

    # A round that five people answered counts.
    scan_round(
        world,
        at(year, 11, 2),
        {"teacher": 5, "other_teacher": 4, "coach": 3, "facilitator": 4, "fifth": 4},
    )
    d = client.get(url(world.board, year=year)).context["dashboard"]
    assert d.comparison["scan"].values == [4.0]
    html = client.get(url(world.board, year=year)).content.decode()
    assert "School 1" in html
    assert "De Brug" in html  # named in the schools table, never in the comparison
    comparison = html[html.index('id="comparison"') :]
    assert "De Brug" not in comparison
    assert "De Horizon" not in comparison


def test_a_community_without_a_school_counts_for_the_board(world, data, client_for):
    world.community.schools.clear()
    d = client_for("director").get(url(world.board, year=last_year())).context["dashboard"]
    assert d.rows[0].meetings_planned == 0
    assert (d.whole.communities, d.whole.meetings_planned) == (2, 3)


def test_no_private_text(world, data, client_for):
    add_members(world, 2)
    html = client_for("director").get(url(world.board, year=last_year())).content.decode()
    for marker in [*MARKERS, "SHARED-MARKER", "We tried it together", "Try think-pair"]:
        assert marker not in html, marker


def test_only_the_boards_directors(world, data, client_for):
    for persona in ("teacher", "other_teacher", "facilitator", "coach", "leader", "outsider"):
        assert client_for(persona).get(url(world.board)).status_code == 404, persona
    director = client_for("director")
    assert director.get(url(world.outside_board)).status_code == 404
    missing = reverse("reports:board_dashboard", kwargs={"pk": 999999})
    assert director.get(missing).status_code == 404


def test_a_director_directs_one_board_only(world, client_for):
    # One person, one board: a second board is refused, by the service and the database.
    with pytest.raises(ValidationError):
        community_services.board_director_add(organisation=world.outside_board, user=world.director)
    with pytest.raises(IntegrityError), transaction.atomic():
        BoardDirector.objects.create(organisation=world.outside_board, user=world.director)
    assert client_for("director").get(url(world.outside_board)).status_code == 404


@pytest.mark.parametrize(
    "query", ["year=abc", "year=1900", "year=", "year=99999999999999999999", "year=2020&x=%00"]
)
def test_garbage_filters_show_the_default(world, data, client_for, query):
    assert client_for("director").get(f"{url(world.board)}?{query}").status_code == 200


def test_htmx_gets_the_figures_only(world, data, client_for):
    response = client_for("director").get(
        url(world.board, year=last_year()), HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="dashboard-figures"')
    assert "<form" not in html
    # The cycle chooser follows the year: sent again, out of band, with that year's cycles.
    chooser = html[html.index('id="cycle-field" hx-swap-oob="true"') : html.index("</select>")]
    assert chooser.count("<option") == 3  # the whole year, cycle 1, cycle 2
    # Screen readers hear which figures came: the status region's text, out of band.
    assert 'id="dashboard-status" hx-swap-oob="innerHTML"' in html
    assert f"{last_year()}–{last_year() + 1}" in html[html.index('id="dashboard-status"') :]
    page = client_for("director").get(url(world.board)).content.decode()
    assert 'id="dashboard-status" class="visually-hidden" role="status"' in page


def test_a_board_without_schools(client_for, world):
    empty = OrganisationFactory(name="Leeg bestuur")
    director = UserFactory()
    community_services.board_director_add(organisation=empty, user=director)
    client = client_for("anonymous")
    client.force_login(director)
    response = client.get(url(empty))
    assert response.status_code == 200
    assert response.context["dashboard"].rows == []


def test_meetings_behind_plan_and_overdue_goals_need_attention(world, data, client_for):
    held = meeting(world, None, at(last_year(), 11, 3))
    attend(held, world, teacher=PRESENT)
    meeting(world, None, at(last_year(), 11, 10))  # nothing recorded: behind plan
    d = client_for("director").get(url(world.board, year=last_year())).context["dashboard"]
    assert [row.school.name for row in d.behind_plan] == ["De Brug"]
    assert d.needs_attention
    # A goal past its date without an update since (the school dashboard's rule).
    community_services.community_goal_create(
        community=world.community,
        title="Overdue",
        outcome="x",
        success_criterion="y",
        target_date=timezone.localdate() - dt.timedelta(days=3),
    )
    d = client_for("director").get(url(world.board, year=last_year())).context["dashboard"]
    assert [(row.school.name, row.overdue_goals) for row in d.with_overdue_goals] == [
        ("De Brug", 1)
    ]


def test_schools_of_the_board_only(world, data, client_for):
    SchoolFactory(organisation=world.outside_board, name="Buiten")
    d = client_for("director").get(url(world.board)).context["dashboard"]
    assert "Buiten" not in [row.school.name for row in d.rows]


def test_the_directors_home_page_links_the_board_dashboard(world, client_for):
    board_link = reverse("reports:board_dashboard", kwargs={"pk": world.board.pk})
    assert board_link in client_for("director").get("/").content.decode()
    assert board_link not in client_for("leader").get("/").content.decode()


def test_a_cycle_of_the_year(world, data, client_for):
    User.objects.filter(pk=world.director.pk).update(language="en")
    client = client_for("director")
    first = client.get(url(world.board, year=last_year(), cycle=1))
    d = first.context["dashboard"]
    brug = d.rows[0]
    assert (d.period.first_day.day, d.period.last_day.day) == (1, 28)
    assert (brug.meetings_planned, brug.present, brug.recorded) == (2, 2, 4)
    assert f"Cycle 1 of school year {last_year()}" in first.content.decode()
    second = client.get(url(world.board, year=last_year(), cycle=2)).context["dashboard"]
    assert (second.rows[0].meetings_planned, second.rows[0].attendance_rate) == (1, 67)
    # A cycle the year doesn't have: the whole year.
    whole = client.get(url(world.board, year=last_year(), cycle=7)).context["dashboard"]
    assert whole.period.span is None
    assert whole.rows[0].meetings_planned == 3


def test_a_cycle_of_the_year_is_each_communitys_own(world, data, client_for):
    """Two communities of De Brug with different rhythms: cycle 1 is 1-28 September for
    PLG Lezen and 1 September - 31 October for PLG Schrijven; each counts its own."""
    year = last_year()
    second = make_community(
        schools=[world.school], name="PLG Schrijven", start_date=dt.date(year, 8, 15)
    )
    cycle = Cycle.objects.create(
        community=second, number=1, start_date=dt.date(year, 9, 1), end_date=dt.date(year, 10, 31)
    )
    original, world.community = world.community, second
    try:
        meeting(world, cycle, at(year, 9, 9))
        meeting(world, cycle, at(year, 10, 14))
    finally:
        world.community = original
    d = client_for("director").get(url(world.board, year=year, cycle=1)).context["dashboard"]
    assert d.rows[0].meetings_planned == 2 + 2  # not PLG Lezen's October meeting (cycle 2)
    assert (d.period.first_day, d.period.last_day) == (dt.date(year, 9, 1), dt.date(year, 10, 31))
    months = {month.first_day.month: month.rate for month in d.months}
    assert months == {9: 50, 10: None}
