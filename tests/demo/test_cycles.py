import datetime as dt
import io
from collections import Counter, defaultdict

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from communities.models import Community
from cycles.models import AgreedAction, Attendance, Cycle, Meeting, SchoolHoliday
from demo import communities as communities_demo
from demo import cycles as cycles_demo
from demo import history as demo_history

NOW = dt.datetime(2026, 11, 22, 12, tzinfo=dt.UTC)
YEARS = [2024, 2025, 2026]


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def bulk(db, frozen) -> list[Community]:
    """One bulk school's communities with their cycles (without the observations)."""
    communities_demo.seed()
    communities_demo.scale(1)
    cycles_demo.scale()
    return list(Community.objects.filter(name__startswith="PLG 001-").order_by("name"))


def local_day(meeting: Meeting) -> dt.date:
    return timezone.localtime(meeting.starts_at).date()


def row_counts() -> dict[str, int]:
    models = [Cycle, Meeting, Attendance, AgreedAction, SchoolHoliday]
    return {model._meta.label: model.objects.count() for model in models}


def test_bulk_communities_have_three_school_years_of_held_meetings(bulk):
    today = timezone.localdate()
    for community in bulk:
        members = community.memberships.count()
        held = Meeting.objects.filter(community=community, status=Meeting.Status.HELD)
        group = held.exclude(kind="coaching")
        per_year = Counter(demo_history.school_year_of(local_day(m)) for m in group)
        assert set(per_year) == set(YEARS)
        assert per_year[2024] >= 27 and per_year[2025] >= 27  # nine cycles of three or more
        for meeting in group.prefetch_related("attendance"):
            assert len(meeting.attendance.all()) == members
            assert meeting.notes and meeting.decisions
        # Every meeting that has taken place is held, coaching too; none still planned.
        past = Meeting.objects.filter(community=community, starts_at__date__lt=today)
        assert not past.exclude(status=Meeting.Status.HELD).exists()
        assert held.filter(kind="coaching").exists()
        # Agreed actions: of past school years most are done.
        actions = AgreedAction.objects.filter(meeting__community=community)
        old = actions.filter(meeting__starts_at__date__lt=dt.date(2026, 8, 1))
        assert old.count() >= 10
        assert old.filter(done=True).count() > 0.7 * old.count()


def test_cycles_are_numbered_on_through_the_years_and_stay_within_one(bulk):
    for community in bulk:
        cycles = list(community.cycles.order_by("number"))
        assert [c.number for c in cycles] == list(range(1, len(cycles) + 1))
        assert [c.start_date for c in cycles] == sorted(c.start_date for c in cycles)
        years = Counter(demo_history.school_year_of(c.start_date) for c in cycles)
        assert set(years) == set(YEARS)
        assert years[2026] == 10  # the current year as a facilitator plans it
        for cycle in cycles:
            if demo_history.school_year_of(cycle.start_date) < 2026:
                # Past cycles end before that year's summer holiday.
                assert demo_history.school_year_of(cycle.end_date) == (
                    demo_history.school_year_of(cycle.start_date)
                )
                assert cycle.topic


def test_no_meeting_falls_in_a_holiday_of_its_school(bulk):
    holidays = defaultdict(list)
    for holiday in SchoolHoliday.objects.filter(school__communities__in=bulk):
        holidays[holiday.school_id].append(holiday)
    names = {h.name for rows in holidays.values() for h in rows}
    assert {"Herfstvakantie", "Kerstvakantie", "Zomervakantie", "Studiedag"} <= names
    for community in bulk:
        mine = [h for school in community.schools.all() for h in holidays[school.pk]]
        # A calendar for each of the three school years.
        assert {demo_history.school_year_of(h.first_day) for h in mine} >= set(YEARS)
        for meeting in Meeting.objects.filter(community=community):
            day = local_day(meeting)
            clash = [h for h in mine if h.first_day <= day <= h.last_day]
            assert not clash, (meeting, clash)


def test_future_meetings_are_planned_not_held(bulk):
    now = timezone.now()
    future = Meeting.objects.filter(community__in=bulk, starts_at__gt=now)
    assert future.filter(kind="knowledge").exists()
    assert set(future.values_list("status", flat=True)) == {Meeting.Status.PLANNED}
    assert not Attendance.objects.filter(meeting__in=future).exists()
    assert not AgreedAction.objects.filter(meeting__in=future).exists()


def test_attendance_differs_between_communities():
    rates = [
        demo_history.profile_for(f"PLG {n:03d}-{c}").rate for n in range(50) for c in (1, 2, 3)
    ]
    low = sum(rate < 0.75 for rate in rates)
    assert 0.1 * len(rates) < low < 0.3 * len(rates)
    assert all(0.6 <= rate <= 0.96 for rate in rates)


def test_seeding_again_adds_nothing(db, frozen):
    call_command("seed_demo", "--scale", "1", stdout=io.StringIO())
    first = row_counts()
    assert first["cycles.Attendance"] > 0
    out = io.StringIO()
    call_command("seed_demo", "--scale", "1", stdout=out)
    assert row_counts() == first
    assert "0 planned communities, 0 cycles, 0 meetings, 0 attendance rows" in out.getvalue()
