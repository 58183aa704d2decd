"""What the community dashboard shows: figures about one community's year, never anyone's
private text.

Every figure comes from an aggregate, so the dashboard runs the same number of queries
whatever the number of meetings, visits or reflections behind it. The visits are counted as
on the school and board dashboards (`reports.figures`); the rest is this page's own detail
of one community: per meeting, per member, reflections by visibility, goal by goal.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, Q
from django.utils import timezone

from accounts.models import User
from communities.models import Community, CommunityGoal, Membership, PersonalGoal
from cycles.models import ActivityKind, AgreedAction, Attendance, Cycle, Meeting
from observations.models import Reflection
from observations.selectors.scan import ScanPage, scan_page
from reports import figures
from reports.figures import VisitCounts
from reports.periods import Period, Position, position_in_year, school_years_from

OPEN_ACTIONS_SHOWN = 10


def community_years(community: Community, cycles: list[Cycle], today: dt.date) -> list[int]:
    """The school years the dashboard can show, newest first: from the first one of the
    community or of its cycles, up to the next one (no query)."""
    return school_years_from([community.start_date, *(c.start_date for c in cycles)], today)


def community_cycles(community: Community) -> list[Cycle]:
    return list(Cycle.objects.filter(community=community).order_by("number"))


# The figures ------------------------------------------------------------------------------


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


def _meeting_rows(community: Community, period: Period) -> list[MeetingRow]:
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


def _member_rows(community: Community, period: Period) -> list[MemberRow]:
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


def _reflection_counts(community: Community, period: Period) -> ReflectionCounts:
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


def _goal_rows(community: Community) -> list[GoalRow]:
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
        meetings=_meeting_rows(community, period),
        members=_member_rows(community, period),
        visits=figures.visits([community.pk], period).get(community.pk, VisitCounts({})),
        reflections=_reflection_counts(community, period),
        goals=_goal_rows(community),
        scan=_scan(community, user, period),
        open_actions=shown,
        open_actions_total=total,
    )
