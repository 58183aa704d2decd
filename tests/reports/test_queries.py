"""The dashboards and the report pages run a pinned number of queries, the same for a small
year, school or board as for a larger one; the reports' own reads take a fixed number. Every
figure is an aggregate grouped by community, never a query per community or school."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from communities import services as community_services
from communities.models import Membership
from cycles.models import Cycle
from cycles.services import meetings as meeting_services
from observations.models import Visit
from reports.models import Report
from reports.pdf import cycle_report as selectors_pdf
from reports.pdf import school_report as selectors_school_report
from tests.conftest import World
from tests.factories import SchoolFactory, UserFactory, make_community
from tests.reports.test_board_dashboard import joined_last_year
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
from tests.reports.test_pdf import seed_cycle

# The community dashboard -----------------------------------------------------------------


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


DASHBOARD_PINNED = [
    # persona, queries
    ("facilitator", 20),
    ("coach", 20),
    ("leader", 21),
    ("director", 20),
]


@pytest.mark.parametrize(
    ("persona", "pinned"), DASHBOARD_PINNED, ids=[p for p, _ in DASHBOARD_PINNED]
)
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


# The school dashboard: one community, and four -------------------------------------------


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


SCHOOL_PINNED = [
    # persona, queries
    ("leader", 19),
    ("director", 19),
]


@pytest.mark.parametrize(("persona", "pinned"), SCHOOL_PINNED, ids=[p for p, _ in SCHOOL_PINNED])
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


# The board dashboard: two schools, and four with seven communities -----------------------


BOARD_PINNED = 20


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
        queries.assert_count(address + params, BOARD_PINNED)
    small = queries.client.get(f"{address}?year={year}").context["dashboard"]
    assert len(small.rows) == 2

    grow(world, year, 6)
    grow_school(world, year, 3, 5)
    more_schools(world, year, 2)
    joined_last_year(world)
    for params in (f"?year={year}", "", f"?year={year}&cycle=1"):
        queries.assert_count(address + params, BOARD_PINNED)
    big = queries.client.get(f"{address}?year={year}").context["dashboard"]
    assert len(big.rows) == 4
    assert big.whole.communities == 7
    assert big.comparison["scan"].values  # the rounds with six respondents count


# The cycle report ------------------------------------------------------------------------


CYCLE_REPORT_QUERIES = {"facilitator": 10, "teacher": 10, "leader": 11, "director": 10}


def add_cycle_reports(cycle, n: int, by) -> None:
    Report.objects.bulk_create(
        Report(
            cycle=cycle,
            community_id=cycle.community_id,
            requested_by=by,
            language="nl",
            status=Report.Status.FAILED,
            error="x",
        )
        for _i in range(n)
    )


@pytest.mark.parametrize("persona", list(CYCLE_REPORT_QUERIES))
@pytest.mark.parametrize(("members", "reports"), [(0, 1), (12, 14)])
def test_report_page_queries_are_flat(world, client_for, queries, persona, members, reports):
    cycle = seed_cycle(world, extra_members=members)
    add_cycle_reports(cycle, reports, world.facilitator)
    client_for(persona)
    queries.assert_count(
        reverse("reports:cycle_report", args=[cycle.pk]), CYCLE_REPORT_QUERIES[persona]
    )


@pytest.mark.parametrize(("members", "meetings"), [(0, 1), (12, None)])
def test_the_cycle_report_reads_a_fixed_number_of_queries(world, members, meetings):
    cycle = seed_cycle(world, extra_members=members, meetings_with_content=meetings)
    with CaptureQueriesContext(connection) as captured:
        report = selectors_pdf.cycle_report(cycle, now=timezone.now())
        # Everything the template touches is loaded already (authors are prefetched).
        for product in report.products:
            list(product.authors.all())
    sql = "\n".join(q["sql"] for q in captured.captured_queries)
    assert len(captured.captured_queries) == 15, sql


# The school-year report ------------------------------------------------------------------


SCHOOL_REPORT_QUERIES = {"leader": 12, "director": 12}


def add_school_reports(world, n: int) -> None:
    Report.objects.bulk_create(
        Report(
            kind=Report.Kind.SCHOOL_YEAR,
            school=world.school,
            year=last_year(),
            requested_by=world.director,
            language="nl",
            status=Report.Status.FAILED,
            error="x",
        )
        for _i in range(n)
    )


def grow_school_reports(world, communities: int, reports: int) -> None:
    year = last_year()
    build_year(world, year)
    if communities > 1:
        grow_school(world, year, communities - 1, 3)
    add_school_reports(world, reports)


@pytest.mark.parametrize("persona", list(SCHOOL_REPORT_QUERIES))
@pytest.mark.parametrize(("communities", "reports"), [(1, 1), (3, 3)])
def test_school_report_page_queries_are_flat(
    world, client_for, queries, persona, communities, reports
):
    grow_school_reports(world, communities, reports)
    client_for(persona)
    address = reverse("reports:school_report", args=[world.school.pk])
    for params in (f"?year={last_year()}", ""):
        queries.assert_count(address + params, SCHOOL_REPORT_QUERIES[persona])
    page = queries.client.get(address + f"?year={last_year()}").context["page"]
    assert len(page.reports) == reports


@pytest.mark.parametrize("communities", [1, 3])
def test_the_school_report_reads_a_fixed_number_of_queries(world, communities):
    grow_school_reports(world, communities, 0)
    with CaptureQueriesContext(connection) as captured:
        report = selectors_school_report.school_year_report(
            world.school, last_year(), now=timezone.now()
        )
    assert len(report.communities) == communities
    sql = "\n".join(q["sql"] for q in captured.captured_queries)
    assert len(captured.captured_queries) == 12, sql
