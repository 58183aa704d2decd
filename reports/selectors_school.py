"""Queries for the school leader's dashboard: the school's communities side by side.

Figures only, never anyone's text. Every figure comes from an aggregate grouped by
community, so the page runs the same number of queries whatever the number of communities,
meetings, visits or reflections behind it (no query per community).
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Avg, Count, DateField, Exists, F, Max, OuterRef, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from communities.models import (
    Community,
    CommunityGoal,
    GoalStatus,
    Membership,
    ProgressUpdate,
    School,
)
from cycles.calendar import school_year_of
from cycles.models import ActivityKind, AgreedAction, Attendance, Cycle, Meeting
from observations.models import ScanAnswer, ScanRound, Visit
from observations.services import SCAN_MINIMUM_RESPONSES
from reports.selectors import (
    VISITS_DONE,
    Period,
    Position,
    in_period,
    period_for,
    period_months,
    position_in_year,
)

LOW_ATTENDANCE = 70  # percent: below this a community needs attention


def school_communities(school: School) -> list[Community]:
    return list(Community.objects.filter(schools=school).order_by("name", "pk"))


def school_cycles(communities: list[Community]) -> dict[int, list[Cycle]]:
    cycles: dict[int, list[Cycle]] = defaultdict(list)
    for cycle in Cycle.objects.filter(community__in=communities).order_by("number", "pk"):
        cycles[cycle.community_id].append(cycle)
    return cycles


def school_years(
    communities: list[Community], cycles: dict[int, list[Cycle]], today: dt.date
) -> list[int]:
    """The school years the dashboard can show, newest first (no query)."""
    days = [today, *(c.start_date for c in communities)]
    days += [cycle.start_date for rows in cycles.values() for cycle in rows]
    first = school_year_of(min(days))
    return list(range(school_year_of(today) + 1, first - 1, -1))


@dataclass(frozen=True)
class CommunityRow:
    community: Community
    position: Position
    meetings_planned: int = 0
    meetings_held: int = 0
    behind: int = 0  # past meetings neither marked held nor with attendance recorded
    present: int = 0
    recorded: int = 0
    visits_total: int = 0
    visits_done: int = 0
    reflections: int = 0
    goals: int = 0
    goal_progress: int | None = None  # average, percent
    open_actions: int = 0
    scan_average: float | None = None  # latest shown round, all themes
    scan_date: dt.date | None = None

    @property
    def attendance_rate(self) -> int | None:
        return round(100 * self.present / self.recorded) if self.recorded else None

    @property
    def visits_planned(self) -> int:
        return self.visits_total - self.visits_done


@dataclass(frozen=True)
class OverdueGoal:
    community: Community
    goal_pk: int
    title: str
    target_date: dt.date
    last_update: dt.date | None


@dataclass(frozen=True)
class Month:
    first_day: dt.date
    rates: list[int | None]  # per community, in the order of the rows
    visits_done: list[int] = field(default_factory=list)  # per community
    reflections: list[int] = field(default_factory=list)  # per community


@dataclass(frozen=True)
class SchoolDashboard:
    school: School
    period: Period
    today: dt.date
    rows: list[CommunityRow]
    overdue_goals: list[OverdueGoal]
    months: list[Month] = field(default_factory=list)

    @property
    def low_attendance(self) -> list[CommunityRow]:
        return [
            row
            for row in self.rows
            if row.attendance_rate is not None and row.attendance_rate < LOW_ATTENDANCE
        ]

    @property
    def behind_plan(self) -> list[CommunityRow]:
        return [row for row in self.rows if row.behind]

    @property
    def needs_attention(self) -> bool:
        return bool(self.low_attendance or self.behind_plan or self.overdue_goals)


def _meetings(ids: list[int], period: Period, now: dt.datetime) -> dict[int, dict]:
    """Group meetings per community: planned, held (begun), behind plan."""
    kept = ~Q(status=Meeting.Status.CANCELLED)
    begun = Q(starts_at__lte=now)
    recorded = Exists(Attendance.objects.filter(meeting=OuterRef("pk")))
    rows = (
        Meeting.objects.filter(in_period("starts_at", period), community__in=ids)
        .exclude(kind=ActivityKind.COACHING)
        .annotate(has_attendance=recorded)
        .values("community_id")
        .annotate(
            planned=Count("pk", filter=kept),
            held=Count("pk", filter=kept & begun),
            behind=Count(
                "pk",
                filter=kept & begun & ~Q(status=Meeting.Status.HELD) & Q(has_attendance=False),
            ),
        )
        .order_by()
    )
    return {row.pop("community_id"): row for row in rows}


def _attendance(ids: list[int], period: Period) -> dict[tuple[int, dt.date], tuple[int, int]]:
    """(community, month) -> (present, recorded), at group meetings not cancelled."""
    rows = (
        Attendance.objects.filter(
            in_period("meeting__starts_at", period, "meeting__community"),
            meeting__community__in=ids,
        )
        .exclude(meeting__kind=ActivityKind.COACHING)
        .exclude(meeting__status=Meeting.Status.CANCELLED)
        .annotate(month=TruncMonth("meeting__starts_at"))
        .values("meeting__community_id", "month")
        .annotate(
            present=Count("pk", filter=Q(status=Attendance.Status.PRESENT)),
            recorded=Count("pk"),
        )
        .order_by()
    )
    result = {}
    for row in rows:
        month = row["month"]
        if isinstance(month, dt.datetime):
            month = timezone.localtime(month).date() if timezone.is_aware(month) else month.date()
        result[(row["meeting__community_id"], month.replace(day=1))] = (
            row["present"],
            row["recorded"],
        )
    return result


def _visits(ids: list[int], period: Period) -> dict[int, dict]:
    """Per community the visits of the period, and those done per month ("months")."""
    rows = (
        Visit.objects.filter(in_period("starts_at", period), community__in=ids)
        .annotate(month=TruncMonth("starts_at", output_field=DateField()))
        .values("community_id", "month")
        .annotate(total=Count("pk"), done=Count("pk", filter=Q(status__in=VISITS_DONE)))
        .order_by()
    )
    result: dict[int, dict] = {}
    for row in rows:
        figures = result.setdefault(row["community_id"], {"total": 0, "done": 0, "months": {}})
        figures["total"] += row["total"]
        figures["done"] += row["done"]
        figures["months"][row["month"]] = row["done"]
    return result


def _reflections(ids: list[int], period: Period) -> dict[int, dict[dt.date, int]]:
    """Reflections the members wrote in the period, for the community or for none, per
    month; counted, never read. Drafts don't count (as on the community dashboard)."""
    mine = (
        (
            Q(user__reflections__community=F("community"))
            | Q(user__reflections__community__isnull=True)
        )
        & Q(user__reflections__is_draft=False)
        & in_period(
            "user__reflections__created_at",
            period,  # the membership's community's dates
        )
    )
    rows = (
        Membership.objects.filter(community__in=ids)
        .filter(mine)
        .annotate(month=TruncMonth("user__reflections__created_at", output_field=DateField()))
        .values("community_id", "month")
        .annotate(n=Count("user__reflections"))
        .order_by()
    )
    result: dict[int, dict[dt.date, int]] = defaultdict(dict)
    for row in rows:
        result[row["community_id"]][row["month"]] = row["n"]
    return result


def _goals(ids: list[int]) -> dict[int, dict]:
    rows = (
        CommunityGoal.objects.filter(community__in=ids)
        .exclude(status=GoalStatus.DROPPED)
        .values("community_id")
        .annotate(n=Count("pk"), progress=Avg("progress"))
        .order_by()
    )
    return {row.pop("community_id"): row for row in rows}


def goal_is_overdue(today: dt.date) -> Q:
    """A community goal past its target date, not achieved or dropped, without a progress
    update since (the school and the board dashboards' rule of what needs attention)."""
    update_since = ProgressUpdate.objects.filter(
        community_goal=OuterRef("pk"), date__gte=OuterRef("target_date")
    )
    return (
        Q(target_date__lt=today)
        & ~Q(status__in=[GoalStatus.ACHIEVED, GoalStatus.DROPPED])
        & ~Q(Exists(update_since))
    )


def _overdue_goals(communities: dict[int, Community], today: dt.date) -> list[OverdueGoal]:
    goals = (
        CommunityGoal.objects.filter(goal_is_overdue(today), community__in=list(communities))
        .annotate(last_update=Max("updates__date"))
        .values_list("pk", "community_id", "title", "target_date", "last_update")
        .order_by("target_date", "title", "pk")
    )
    return [
        OverdueGoal(communities[community_id], pk, title, target, last)
        for pk, community_id, title, target, last in goals
    ]


def _open_actions(ids: list[int], period: Period) -> dict[int, int]:
    rows = (
        AgreedAction.objects.filter(
            in_period("meeting__starts_at", period, "meeting__community"),
            meeting__community__in=ids,
            done=False,
        )
        .values("meeting__community_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["meeting__community_id"]: row["n"] for row in rows}


def _scans(ids: list[int], period: Period) -> dict[int, tuple[float, dt.date]]:
    """Per community the average score of its latest closed round opened in the period
    with enough respondents (as the scan page shows them: never from fewer)."""
    respondents = (
        ScanRound.objects.filter(pk=OuterRef("round_id"))
        .annotate(n=Count("participations"))
        .values("n")
    )
    rows = (
        ScanAnswer.objects.filter(
            in_period("response__round__opened_at", period, "response__round__community"),
            response__round__community__in=ids,
            response__round__status=ScanRound.Status.CLOSED,
        )
        .annotate(round_id=F("response__round_id"))
        .values("response__round__community_id", "response__round_id", "response__round__opened_at")
        .annotate(average=Avg("score"), respondents=respondents)
        .order_by("response__round__opened_at", "response__round_id")
    )
    latest: dict[int, tuple[float, dt.date]] = {}
    for row in rows:
        if (row["respondents"] or 0) >= SCAN_MINIMUM_RESPONSES:
            latest[row["response__round__community_id"]] = (
                round(float(row["average"]), 1),
                timezone.localdate(row["response__round__opened_at"]),
            )
    return latest


def school_dashboard(
    *,
    school: School,
    communities: list[Community],
    cycles: dict[int, list[Cycle]],
    year: int,
    period: Period | None = None,
) -> SchoolDashboard:
    """The school year `year`, or the part of it in `period` (a cycle of the year)."""
    now = timezone.now()
    today = timezone.localdate(now)
    period = period or period_for(year, None)
    ids = [c.pk for c in communities]
    if ids:
        meetings = _meetings(ids, period, now)
        attendance = _attendance(ids, period)
        visits = _visits(ids, period)
        reflections = _reflections(ids, period)
        goals = _goals(ids)
        actions = _open_actions(ids, period)
        scans = _scans(ids, period)
        overdue = _overdue_goals({c.pk: c for c in communities}, today)
    else:
        meetings, attendance, visits, reflections, goals, actions, scans = (
            {},
            {},
            {},
            {},
            {},
            {},
            {},
        )
        overdue = []
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for (community_id, _month), (present, recorded) in attendance.items():
        totals[community_id][0] += present
        totals[community_id][1] += recorded
    rows = []
    for community in communities:
        m = meetings.get(community.pk, {})
        v = visits.get(community.pk, {})
        g = goals.get(community.pk, {})
        scan = scans.get(community.pk)
        progress = g.get("progress")
        rows.append(
            CommunityRow(
                community=community,
                position=position_in_year(cycles.get(community.pk, []), today),
                meetings_planned=m.get("planned", 0),
                meetings_held=m.get("held", 0),
                behind=m.get("behind", 0),
                present=totals[community.pk][0],
                recorded=totals[community.pk][1],
                visits_total=v.get("total", 0),
                visits_done=v.get("done", 0),
                reflections=sum(reflections.get(community.pk, {}).values()),
                goals=g.get("n", 0),
                goal_progress=round(progress) if progress is not None else None,
                open_actions=actions.get(community.pk, 0),
                scan_average=scan[0] if scan else None,
                scan_date=scan[1] if scan else None,
            )
        )
    months = []
    for first_day in period_months(period, today):
        rates, visits_done, written = [], [], []
        for community in communities:
            present, recorded = attendance.get((community.pk, first_day), (0, 0))
            rates.append(round(100 * present / recorded) if recorded else None)
            visits_done.append(visits.get(community.pk, {}).get("months", {}).get(first_day, 0))
            written.append(reflections.get(community.pk, {}).get(first_day, 0))
        months.append(Month(first_day, rates, visits_done, written))
    return SchoolDashboard(
        school=school,
        period=period,
        today=today,
        rows=rows,
        overdue_goals=overdue,
        months=months,
    )
