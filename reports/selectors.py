"""Queries for the dashboards: figures only, never anyone's private text.

Every figure comes from an aggregate, so a dashboard runs the same number of queries
whatever the number of meetings, visits or reflections behind it.
"""

import datetime as dt
import operator
from dataclasses import dataclass
from functools import reduce

from django.db.models import Count, Max, Q
from django.utils import timezone

from accounts.models import User
from communities.models import Community, CommunityGoal, Membership, PersonalGoal
from cycles.calendar import school_year_bounds, school_year_of
from cycles.models import ActivityKind, AgreedAction, Attendance, Cycle, Meeting
from observations.models import Reflection, Visit
from observations.selectors import ScanPage, scan_page

OPEN_ACTIONS_SHOWN = 10


def school_years(community: Community, cycles: list[Cycle], today: dt.date) -> list[int]:
    """The school years a dashboard can show, newest first: from the first one of the
    community or of its cycles, up to the next one (no query)."""
    days = [community.start_date, today, *(cycle.start_date for cycle in cycles)]
    first = school_year_of(min(days))
    return list(range(school_year_of(today) + 1, first - 1, -1))


def _aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@dataclass(frozen=True)
class CycleSpan:
    """The n-th cycle of a school year of several communities. Each community's figures
    come from the dates of its own n-th cycle (`ranges`); the first and last day are for
    the heading (communities of one board mostly keep the same rhythm, not always)."""

    number: int
    first_day: dt.date
    last_day: dt.date
    ranges: tuple[tuple[int, dt.date, dt.date], ...] = ()  # (community id, first, last)


def cycle_spans(cycles: list[tuple[int, dt.date, dt.date]], year: int) -> list[CycleSpan]:
    """From (community id, start, end) of cycles, the 1st, 2nd, ... cycle of each community
    that starts in the school year `year` (no query)."""
    first, last = school_year_bounds(year)
    ordinal: dict[int, int] = {}
    ranges: dict[int, list[tuple[int, dt.date, dt.date]]] = {}
    for community_id, start, end in sorted(cycles, key=lambda c: (c[1], c[0])):
        if not first <= start <= last:
            continue
        number = ordinal[community_id] = ordinal.get(community_id, 0) + 1
        ranges.setdefault(number, []).append((community_id, start, end))
    return [
        CycleSpan(
            number,
            min(start for _c, start, _e in rows),
            max(end for _c, _s, end in rows),
            tuple(rows),
        )
        for number, rows in sorted(ranges.items())
    ]


@dataclass(frozen=True)
class Period:
    year: int
    first_day: dt.date
    last_day: dt.date
    cycle: Cycle | None
    span: CycleSpan | None = None  # the n-th cycle of the year, on a school or board page

    @property
    def starts(self) -> dt.datetime:
        return _aware(self.first_day)

    @property
    def ends(self) -> dt.datetime:
        """The moment after the last day (exclusive)."""
        return _aware(self.last_day + dt.timedelta(days=1))


def period_for(year: int, cycle: Cycle | None) -> Period:
    if cycle is not None:
        return Period(school_year_of(cycle.start_date), cycle.start_date, cycle.end_date, cycle)
    first, last = school_year_bounds(year)
    return Period(year, first, last, None)


def in_period(field: str, period: Period, community: str = "community") -> Q:
    """Rows whose `field` (a date and time) falls in the period; for the n-th cycle of a
    year, in the dates of the row's own community's n-th cycle (`community` is the path to
    the row's community)."""
    if period.span is None:
        return Q(**{f"{field}__gte": period.starts, f"{field}__lt": period.ends})
    ranges = [
        Q(
            **{
                f"{community}_id": community_id,
                f"{field}__gte": _aware(first),
                f"{field}__lt": _aware(last + dt.timedelta(days=1)),
            }
        )
        for community_id, first, last in period.span.ranges
    ]
    return reduce(operator.or_, ranges) if ranges else Q(pk__in=[])


def period_months(period: Period, today: dt.date) -> list[dt.date]:
    """The first days of the period's months, up to this month (a trend's categories)."""
    months = []
    day = period.first_day.replace(day=1)
    while day <= period.last_day and day <= today:
        months.append(day)
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return months


def period_for_span(year: int, span: CycleSpan | None) -> Period:
    if span is None:
        return period_for(year, None)
    return Period(year, span.first_day, span.last_day, None, span)


def community_cycles(community: Community) -> list[Cycle]:
    return list(Cycle.objects.filter(community=community).order_by("number"))


# The figures ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Position:
    """Where the community is in its year today."""

    cycle: Cycle | None  # the cycle running today
    week: int | None  # its week, 1 for the first
    weeks: int | None
    next_cycle: Cycle | None  # when none runs: the next one


@dataclass(frozen=True)
class MeetingRow:
    meeting: Meeting
    present: int
    recorded: int

    @property
    def rate(self) -> int | None:
        return round(100 * self.present / self.recorded) if self.recorded else None


@dataclass(frozen=True)
class MemberRow:
    name: str
    role: str
    present: int
    recorded: int

    @property
    def rate(self) -> int | None:
        return round(100 * self.present / self.recorded) if self.recorded else None


@dataclass(frozen=True)
class MeetingCounts:
    planned: int  # not cancelled
    held: int  # not cancelled, and begun
    cancelled: int
    coaching_planned: int
    coaching_held: int


@dataclass(frozen=True)
class VisitCounts:
    by_status: list[tuple[str, int]]  # (status label, count), in the order of the process
    total: int
    done: int  # observed or further

    @property
    def planned(self) -> int:
        return self.total - self.done


@dataclass(frozen=True)
class ReflectionCounts:
    total: int
    shared_with_community: int
    shared_with_coach: int
    private: int
    authors: int


@dataclass(frozen=True)
class GoalRow:
    goal: CommunityGoal
    updates: int
    last_update: dt.date | None


@dataclass(frozen=True)
class CommunityDashboard:
    community: Community
    period: Period
    today: dt.date
    position: Position
    meeting_counts: MeetingCounts
    meetings: list[MeetingRow]  # group meetings, oldest first
    members: list[MemberRow]
    visits: VisitCounts
    reflections: ReflectionCounts
    goals: list[GoalRow]
    scan: ScanPage
    open_actions: list[AgreedAction]
    open_actions_total: int

    @property
    def attendance_rate(self) -> int | None:
        present = sum(row.present for row in self.meetings)
        recorded = sum(row.recorded for row in self.meetings)
        return round(100 * present / recorded) if recorded else None


def position_in_year(cycles: list[Cycle], today: dt.date) -> Position:
    for cycle in cycles:
        if cycle.start_date <= today <= cycle.end_date:
            weeks = (cycle.end_date - cycle.start_date).days // 7 + 1
            return Position(cycle, (today - cycle.start_date).days // 7 + 1, weeks, None)
    upcoming = [cycle for cycle in cycles if cycle.start_date > today]
    return Position(None, None, None, upcoming[0] if upcoming else None)


def _meetings(community: Community, period: Period) -> list[MeetingRow]:
    present = Q(attendance__status=Attendance.Status.PRESENT)
    meetings = (
        Meeting.objects.filter(
            community=community, starts_at__gte=period.starts, starts_at__lt=period.ends
        )
        .exclude(kind=ActivityKind.COACHING)
        .exclude(status=Meeting.Status.CANCELLED)
        .annotate(present=Count("attendance", filter=present), recorded=Count("attendance"))
        .order_by("starts_at", "pk")
    )
    if period.cycle is not None:
        meetings = meetings.filter(cycle=period.cycle)
    return [MeetingRow(meeting, meeting.present, meeting.recorded) for meeting in meetings]


def _meeting_counts(community: Community, period: Period, now: dt.datetime) -> MeetingCounts:
    meetings = Meeting.objects.filter(
        community=community, starts_at__gte=period.starts, starts_at__lt=period.ends
    )
    if period.cycle is not None:
        meetings = meetings.filter(cycle=period.cycle)
    kept = ~Q(status=Meeting.Status.CANCELLED)
    group = ~Q(kind=ActivityKind.COACHING)
    coaching = Q(kind=ActivityKind.COACHING)
    begun = Q(starts_at__lte=now)
    counts = meetings.aggregate(
        planned=Count("pk", filter=kept & group),
        held=Count("pk", filter=kept & group & begun),
        cancelled=Count("pk", filter=~kept & group),
        coaching_planned=Count("pk", filter=kept & coaching),
        coaching_held=Count("pk", filter=kept & coaching & begun),
    )
    return MeetingCounts(**counts)


def _members(community: Community, period: Period) -> list[MemberRow]:
    """Attendance per member at the community's meetings in the period (present of
    recorded; coaching sessions included, cancelled meetings not)."""
    here = Q(
        user__attendance__meeting__community=community,
        user__attendance__meeting__starts_at__gte=period.starts,
        user__attendance__meeting__starts_at__lt=period.ends,
    ) & ~Q(user__attendance__meeting__status=Meeting.Status.CANCELLED)
    if period.cycle is not None:
        here &= Q(user__attendance__meeting__cycle=period.cycle)
    present = here & Q(user__attendance__status=Attendance.Status.PRESENT)
    memberships = (
        Membership.objects.filter(community=community)
        .annotate(
            present=Count("user__attendance", filter=present),
            recorded=Count("user__attendance", filter=here),
        )
        .values_list("user__full_name", "user__email", "role", "present", "recorded")
        .order_by("user__full_name", "user__email")
    )
    roles = dict(Membership.Role.choices)
    return [
        MemberRow(name or email, str(roles.get(role, role)), present, recorded)
        for name, email, role, present, recorded in memberships
    ]


VISITS_DONE = [Visit.Status.OBSERVED, Visit.Status.COACHED, Visit.Status.CLOSED]


def _visits(community: Community, period: Period) -> VisitCounts:
    visits = Visit.objects.filter(
        community=community, starts_at__gte=period.starts, starts_at__lt=period.ends
    )
    counts = dict(visits.values_list("status").annotate(n=Count("pk")).order_by())
    by_status = [(str(label), counts.get(value, 0)) for value, label in Visit.Status.choices]
    return VisitCounts(
        by_status=by_status,
        total=sum(counts.values()),
        done=sum(counts.get(status, 0) for status in VISITS_DONE),
    )


def _reflections(community: Community, period: Period) -> ReflectionCounts:
    """Reflections the community's members wrote in the period, for this community or for
    none; counted, never read. Drafts don't count."""
    members = Membership.objects.filter(community=community).values("user_id")
    visibility = PersonalGoal.Visibility
    counts = Reflection.objects.filter(
        Q(community=community) | Q(community__isnull=True),
        author__in=members,
        is_draft=False,
        created_at__gte=period.starts,
        created_at__lt=period.ends,
    ).aggregate(
        total=Count("pk"),
        shared_with_community=Count("pk", filter=Q(visibility=visibility.COMMUNITY)),
        shared_with_coach=Count("pk", filter=Q(visibility=visibility.COACH)),
        private=Count("pk", filter=Q(visibility=visibility.PRIVATE)),
        authors=Count("author", distinct=True),
    )
    return ReflectionCounts(**counts)


def _goals(community: Community) -> list[GoalRow]:
    goals = (
        CommunityGoal.objects.filter(community=community)
        .annotate(updates_count=Count("updates"), last_update=Max("updates__date"))
        .order_by("target_date", "title", "pk")
    )
    return [GoalRow(goal, goal.updates_count, goal.last_update) for goal in goals]


def _scan(community: Community, user: User, period: Period) -> ScanPage:
    """The scan page's results (closed rounds with enough respondents), limited to the rounds
    opened in the period."""
    page = scan_page(community, user)

    def inside(row) -> bool:
        opened = timezone.localdate(row.round.opened_at)
        return period.first_day <= opened <= period.last_day

    rows = [row for row in page.rounds if inside(row)]
    themes = [
        type(theme)(title=theme.title, cells=[cell for cell in theme.cells if inside(cell.row)])
        for theme in page.themes
    ]
    themes = [theme for theme in themes if any(cell.average is not None for cell in theme.cells)]
    return ScanPage(rounds=rows, open_round=None, themes=themes)


def _open_actions(community: Community, period: Period) -> tuple[list[AgreedAction], int]:
    actions = AgreedAction.objects.filter(
        meeting__community=community,
        done=False,
        meeting__starts_at__gte=period.starts,
        meeting__starts_at__lt=period.ends,
    )
    if period.cycle is not None:
        actions = actions.filter(meeting__cycle=period.cycle)
    shown = list(
        actions.select_related("owner", "meeting").order_by("due_date", "meeting__starts_at", "pk")[
            :OPEN_ACTIONS_SHOWN
        ]
    )
    return shown, actions.count()


def community_dashboard(
    *, community: Community, user: User, cycles: list[Cycle], period: Period
) -> CommunityDashboard:
    now = timezone.now()
    today = timezone.localdate(now)
    shown, total = _open_actions(community, period)
    return CommunityDashboard(
        community=community,
        period=period,
        today=today,
        position=position_in_year(cycles, today),
        meeting_counts=_meeting_counts(community, period, now),
        meetings=_meetings(community, period),
        members=_members(community, period),
        visits=_visits(community, period),
        reflections=_reflections(community, period),
        goals=_goals(community),
        scan=_scan(community, user, period),
        open_actions=shown,
        open_actions_total=total,
    )
