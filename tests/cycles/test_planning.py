import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.errors import StaleEdit
from cycles import selectors
from cycles.calendar import AMSTERDAM, blocked_days
from cycles.models import ActivityKind, Attendance, Cycle, Meeting, MeetingChange, SchoolHoliday
from cycles.services import cycles as cycle_services
from cycles.services import meetings as meeting_services
from cycles.services import school_calendars
from tests.factories import SchoolFactory, UserFactory, make_community

D = dt.date


@pytest.fixture
def school(db):
    school = SchoolFactory(region="midden")
    # Region midden's holidays of 2026-2027 and 2027-2028, whatever day the tests run on.
    school_calendars.school_holidays_fill(school, years=[2026, 2027])
    assert {
        (h.name, h.first_day, h.last_day) for h in school.holidays.filter(first_day__year=2026)
    } == {
        ("Herfstvakantie", D(2026, 10, 17), D(2026, 10, 25)),
        ("Kerstvakantie", D(2026, 12, 19), D(2027, 1, 3)),
    }
    return school


@pytest.fixture
def community(school):
    community = make_community(schools=[school])
    from communities import services as community_services

    coach = UserFactory(full_name="Coach")
    community_services.membership_add(community=community, user=coach, role="coach")
    for i in range(3):
        community_services.membership_add(
            community=community, user=UserFactory(full_name=f"Member {i}"), role="member"
        )
    return community


def plan(community, start, count=10):
    with time_machine.travel(dt.datetime(2026, 8, 1, 12, tzinfo=AMSTERDAM), tick=False):
        return cycle_services.plan_create(
            community=community, template=selectors.template_default(), start=start, count=count
        )


def meeting_days(community) -> list[dt.date]:
    return [timezone.localtime(m.starts_at).date() for m in community.meetings.all()]


def test_the_default_template_is_the_four_week_rhythm(db):
    template = selectors.template_default()
    weeks = {}
    for activity in template.activities.all():
        weeks.setdefault(activity.week, set()).add(activity.kind)
    assert weeks == {
        1: {ActivityKind.TRAINING, ActivityKind.COACHING},
        2: {ActivityKind.KNOWLEDGE},
        3: {ActivityKind.COACHING},
        4: {ActivityKind.KNOWLEDGE},
    }


def test_a_year_of_ten_cycles_never_meets_on_a_day_off(community, school):
    cycles = plan(community, D(2026, 8, 31))
    assert [c.number for c in cycles] == list(range(1, 11))
    blocked = blocked_days([school.pk], D(2026, 8, 31), D(2027, 12, 31))
    assert not set(meeting_days(community)) & set(blocked)
    for earlier, later in zip(cycles, cycles[1:], strict=False):
        assert earlier.end_date < later.start_date
    # Koningsdag 2027 is a Tuesday, the meeting day: no meeting then.
    assert D(2027, 4, 27) not in meeting_days(community)


def test_each_cycle_has_training_two_knowledge_meetings_and_coaching_per_member(community):
    cycle = plan(community, D(2026, 8, 31), count=1)[0]
    kinds = [m.kind for m in cycle.meetings.order_by("starts_at")]
    assert kinds.count(ActivityKind.TRAINING) == 1
    assert kinds.count(ActivityKind.KNOWLEDGE) == 2
    coaching = cycle.meetings.filter(kind=ActivityKind.COACHING)
    assert coaching.count() == 2 * 3  # weeks 1 and 3, three members
    # Sessions of one afternoon follow each other instead of overlapping.
    first_week = sorted(m.starts_at for m in coaching.filter(week=1))
    assert first_week[1] - first_week[0] == dt.timedelta(minutes=30)


def test_a_holiday_pauses_the_rhythm_without_losing_a_week(community):
    cycles = plan(community, D(2026, 9, 28), count=1)
    # Weeks used: 28 Sep, 5 Oct, 12 Oct, then the autumn holiday week (19 Oct) is skipped.
    week_starts = sorted(
        {
            timezone.localtime(m.starts_at).date()
            - dt.timedelta(days=timezone.localtime(m.starts_at).weekday())
            for m in cycles[0].meetings.all()
        }
    )
    assert week_starts == [D(2026, 9, 28), D(2026, 10, 5), D(2026, 10, 12), D(2026, 10, 26)]


def test_a_study_day_only_blocks_a_week_when_a_meeting_falls_on_it(community, school):
    SchoolHoliday.objects.create(
        school=school,
        name="Studiedag",
        kind="study_day",
        first_day=D(2026, 9, 2),
        last_day=D(2026, 9, 2),
    )  # Wednesday
    SchoolHoliday.objects.create(
        school=school,
        name="Studiedag 2",
        kind="study_day",
        first_day=D(2026, 9, 15),
        last_day=D(2026, 9, 15),
    )  # Tuesday
    plan(community, D(2026, 8, 31), count=1)
    days = meeting_days(community)
    assert D(2026, 9, 1) in days  # week of the Wednesday study day is used
    assert D(2026, 9, 15) not in days
    assert D(2026, 9, 22) in days  # the Tuesday study day week moved the meeting on


def test_a_day_off_at_any_school_of_the_community_counts(community, school):
    other = SchoolFactory(organisation=school.organisation, region="zuid")
    school_calendars.school_holidays_fill(other, years=[2026, 2027])
    community.schools.add(other)
    SchoolHoliday.objects.create(
        school=other,
        name="Studiedag zuid",
        kind="study_day",
        first_day=D(2026, 9, 1),
        last_day=D(2026, 9, 1),
    )
    plan(community, D(2026, 8, 31), count=1)
    assert D(2026, 9, 1) not in meeting_days(community)


def test_times_stay_local_across_the_dst_change(community):
    plan(community, D(2026, 10, 12), count=1)
    trainings = community.meetings.filter(kind=ActivityKind.KNOWLEDGE).order_by("starts_at")
    local_times = {timezone.localtime(m.starts_at).time() for m in trainings}
    assert local_times == {dt.time(15, 30)}
    utc_hours = {
        m.starts_at.astimezone(dt.UTC).hour
        for m in community.meetings.filter(kind__in=[ActivityKind.TRAINING, ActivityKind.KNOWLEDGE])
    }
    assert utc_hours == {13, 14}  # summer time before 25 October, winter time after


def test_a_leap_day_is_an_ordinary_day(db):
    school = SchoolFactory(region="noord")  # its spring holiday 2028 ends on the 27th
    school_calendars.school_holidays_fill(school, years=[2027])
    community = make_community(schools=[school])
    with time_machine.travel(dt.datetime(2028, 1, 1, tzinfo=AMSTERDAM), tick=False):
        cycle_services.plan_create(
            community=community,
            template=selectors.template_default(),
            start=D(2028, 2, 28),
            count=1,
        )
    assert D(2028, 2, 29) in meeting_days(community)  # a Tuesday


def test_a_plan_across_new_year_knows_both_years_holidays(db):
    school = SchoolFactory()
    school_calendars.school_holidays_fill(school, years=[2026])
    # Without its Christmas holiday: the public holidays are what this is about.
    school.holidays.filter(name="Kerstvakantie").delete()
    community = make_community(schools=[school])
    with time_machine.travel(dt.datetime(2026, 12, 1, tzinfo=AMSTERDAM), tick=False):
        cycle_services.plan_create(
            community=community,
            template=selectors.template_default(),
            start=D(2026, 12, 21),
            count=2,
        )
    days = meeting_days(community)
    assert D(2026, 12, 22) in days
    # 29 Dec is free of public holidays; nothing may land on Christmas or New Year.
    assert not {D(2026, 12, 25), D(2026, 12, 26), D(2027, 1, 1)} & set(days)
    assert max(days).year == 2027


def test_a_year_with_too_few_free_weeks_is_refused_and_nothing_is_saved(community, school):
    SchoolHoliday.objects.create(
        school=school, name="Verbouwing", first_day=D(2026, 9, 1), last_day=D(2028, 12, 31)
    )
    with pytest.raises(ValidationError):
        plan(community, D(2026, 8, 31))
    assert not Cycle.objects.exists()
    assert not Meeting.objects.exists()


def test_replanning_keeps_what_already_happened(community):
    plan(community, D(2026, 8, 31), count=10)
    first_meeting = community.meetings.order_by("starts_at").first()
    member = community.memberships.filter(role="member").first().user
    Attendance.objects.create(meeting=first_meeting, user=member, status="present")
    with time_machine.travel(dt.datetime(2026, 10, 1, 12, tzinfo=AMSTERDAM), tick=False):
        kept = cycle_services._kept_cycles(community)
        assert [c.number for c in kept] == [1, 2]
        with pytest.raises(ValidationError):  # can't overlap what has begun
            cycle_services.plan_propose(
                community=community,
                template=selectors.template_default(),
                start=kept[-1].end_date,
                count=8,
            )
        new = cycle_services.plan_create(
            community=community,
            template=selectors.template_default(),
            start=D(2026, 11, 2),
            count=8,
        )
    assert [c.number for c in new] == list(range(3, 11))
    assert Attendance.objects.filter(meeting=first_meeting).exists()
    assert Cycle.objects.filter(community=community).count() == 10


class TestMeetingEdits:
    @pytest.fixture
    def meeting(self, community):
        plan(community, D(2026, 8, 31), count=1)
        return community.meetings.filter(kind=ActivityKind.TRAINING).get()

    def test_moving_a_meeting_is_recorded_and_raises_the_sequence(self, meeting):
        editor = UserFactory()
        new_start = meeting.starts_at + dt.timedelta(days=1)
        updated = meeting_services.meeting_update(
            meeting=meeting,
            version=meeting.version,
            by=editor,
            starts_at=new_start,
            ends_at=new_start + dt.timedelta(minutes=90),
        )
        assert updated.sequence == meeting.sequence + 1
        change = MeetingChange.objects.get(meeting=meeting)
        assert change.kind == "moved"
        assert change.old_starts_at == meeting.starts_at
        assert change.new_starts_at == new_start

    def test_a_second_save_on_an_old_version_is_refused(self, meeting):
        editor = UserFactory()
        meeting_services.meeting_update(
            meeting=meeting, version=meeting.version, by=editor, agenda="First"
        )
        with pytest.raises(StaleEdit):
            meeting_services.meeting_update(
                meeting=meeting, version=meeting.version, by=editor, agenda="Second"
            )
        meeting.refresh_from_db()
        assert meeting.agenda == "First"

    def test_cancelling_is_recorded_once(self, meeting):
        editor = UserFactory()
        meeting_services.meeting_cancel(meeting=meeting, by=editor)
        meeting_services.meeting_cancel(meeting=meeting, by=editor)
        meeting.refresh_from_db()
        assert meeting.status == Meeting.Status.CANCELLED
        assert MeetingChange.objects.filter(meeting=meeting, kind="cancelled").count() == 1


def test_replanning_replaces_the_meetings_of_cycles_not_begun(community):
    plan(community, D(2026, 9, 7), count=2)
    first = Meeting.objects.count()
    plan(community, D(2026, 9, 7), count=2)  # confirm pressed twice, or planned again
    assert Meeting.objects.count() == first
    assert not Meeting.objects.filter(cycle__isnull=True).exists()


def test_a_plan_made_mid_week_can_be_redone_until_a_meeting_has_begun(community):
    tuesday_morning = dt.datetime(2026, 9, 8, 9, tzinfo=AMSTERDAM)
    with time_machine.travel(tuesday_morning, tick=False):
        cycle_services.plan_create(
            community=community, template=selectors.template_default(), start=D(2026, 9, 8), count=1
        )
        assert cycle_services._kept_cycles(community) == []
        cycle_services.plan_create(
            community=community, template=selectors.template_default(), start=D(2026, 9, 8), count=2
        )
    assert community.cycles.count() == 2


def test_coaching_sessions_that_do_not_fit_the_afternoon_move_to_the_next_day(school):
    from communities import services as community_services

    big = make_community(schools=[school], name="Big")
    for _ in range(20):
        community_services.membership_add(community=big, user=UserFactory(), role="member")
    plan(big, D(2026, 8, 31), count=1)
    sessions = big.meetings.filter(kind=ActivityKind.COACHING, week=1).order_by("starts_at")
    assert sessions.count() == 20
    for session in sessions:
        start, end = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
        assert start.time() >= dt.time(15, 0) and end.time() <= dt.time(19, 0)
        assert start.date() == end.date() and start.weekday() < 5
    assert len({timezone.localtime(s.starts_at).date() for s in sessions}) == 3  # 8 + 8 + 4


def test_coaching_that_runs_over_skips_a_study_day(school):
    from communities import services as community_services

    big = make_community(schools=[school], name="Big")
    for _ in range(20):
        community_services.membership_add(community=big, user=UserFactory(), role="member")
    plan(big, D(2026, 8, 31), count=1)
    days = sorted(
        {timezone.localtime(s.starts_at).date() for s in big.meetings.filter(kind="coaching")}
    )
    overflow = days[1]  # the day after the first coaching afternoon
    big.meetings.all().delete()
    big.cycles.all().delete()
    SchoolHoliday.objects.create(
        school=school,
        name="Studiedag",
        first_day=overflow,
        last_day=overflow,
        kind=SchoolHoliday.Kind.STUDY_DAY,
    )
    plan(big, D(2026, 8, 31), count=1)
    moved = {timezone.localtime(s.starts_at).date() for s in big.meetings.filter(kind="coaching")}
    assert overflow not in moved
    assert all(day.weekday() < 5 for day in moved)
    assert big.meetings.filter(kind="coaching", week=1).count() == 20
