"""What the school leader's dashboard shows: the school's communities side by side.

Figures only, never anyone's text. Every figure comes from an aggregate grouped by
community, so the page runs the same number of queries whatever the number of communities,
meetings, visits or reflections behind it (no query per community).
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.models import Community, CommunityGoal, School
from cycles.models import Cycle
from reports import charts, figures
from reports.figures import LOW_ATTENDANCE, goal_is_overdue
from reports.periods import (
    Period,
    Position,
    period_for,
    period_months,
    position_in_year,
    school_years_from,
)


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
    days = [c.start_date for c in communities]
    days += [cycle.start_date for rows in cycles.values() for cycle in rows]
    return school_years_from(days, today)


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
        meetings = figures.meetings(ids, period, now)
        attendance = figures.attendance(ids, period)
        visits = figures.visits(ids, period, months=True)
        reflections = figures.member_reflections(ids, period)
        goals = figures.goals(ids, today)
        actions = figures.open_actions(ids, period)
        scans = figures.latest_scans(ids, period)
        overdue = _overdue_goals({c.pk: c for c in communities}, today)
    else:
        meetings, attendance, visits, reflections, goals, actions, scans = ({},) * 7
        overdue = []
    rows = []
    for community in communities:
        m = meetings.get(community.pk, {})
        a = attendance.get(community.pk, {})
        v = visits.get(community.pk)
        g = goals.get(community.pk, {})
        scan = scans.get(community.pk)
        rows.append(
            CommunityRow(
                community=community,
                position=position_in_year(cycles.get(community.pk, []), today),
                meetings_planned=m.get("planned", 0),
                meetings_held=m.get("held", 0),
                behind=m.get("behind", 0),
                present=a.get("present", 0),
                recorded=a.get("recorded", 0),
                visits_total=v.total if v else 0,
                visits_done=v.done if v else 0,
                reflections=reflections.get(community.pk, {}).get("reflections", 0),
                goals=g.get("goals", 0),
                goal_progress=round(g["progress_sum"] / g["goals"]) if g else None,
                open_actions=actions.get(community.pk, 0),
                scan_average=scan[0] if scan else None,
                scan_date=scan[1] if scan else None,
            )
        )
    months = []
    for first_day in period_months(period, today):
        rates, visits_done, written = [], [], []
        for community in communities:
            in_month = attendance.get(community.pk, {}).get("months", {}).get(first_day, {})
            present, recorded = in_month.get("present", 0), in_month.get("recorded", 0)
            rates.append(round(100 * present / recorded) if recorded else None)
            v = visits.get(community.pk)
            visits_done.append(v.months.get(first_day, 0) if v else 0)
            written_in = reflections.get(community.pk, {}).get("months", {}).get(first_day, {})
            written.append(written_in.get("reflections", 0))
        months.append(Month(first_day, rates, visits_done, written))
    return SchoolDashboard(
        school=school,
        period=period,
        today=today,
        rows=rows,
        overdue_goals=overdue,
        months=months,
    )


# The school's charts (the school dashboard and the school-year report draw the same) ----


def school_charts(dashboard: SchoolDashboard) -> dict[str, object]:
    """The charts of a school dashboard: attendance, visits done and reflections written
    per month, a bar per community in each month."""
    names = [row.community.name for row in dashboard.rows]
    return {
        "attendance_months": charts.series_chart(
            chart_id="chart-attendance-months",
            title=_("Attendance per month"),
            description=_(
                "Share of the recorded members who were present at the group meetings of "
                "each community, per month of the school year, in percent. A month without "
                "recorded attendance has no bar."
            ),
            **charts.months_axis(dashboard.months),
            series=[
                (name, [month.rates[index] for month in dashboard.months])
                for index, name in enumerate(names)
            ],
            maximum=100,
            category_heading=_("Month"),
            unit="%",
        ),
        "visits_months": charts.series_chart(
            chart_id="chart-visits-months",
            title=_("Classroom visits done per month"),
            description=_(
                "Classroom visits observed or further, per community, per month of the school year."
            ),
            **charts.months_axis(dashboard.months),
            series=[
                (name, [month.visits_done[index] for month in dashboard.months])
                for index, name in enumerate(names)
            ],
            category_heading=_("Month"),
        ),
        "reflections_months": charts.series_chart(
            chart_id="chart-reflections-months",
            title=_("Reflections written per month"),
            description=_(
                "Reflections the members wrote, per community, per month of the school year: "
                "counted, never read."
            ),
            **charts.months_axis(dashboard.months),
            series=[
                (name, [month.reflections[index] for month in dashboard.months])
                for index, name in enumerate(names)
            ],
            category_heading=_("Month"),
        ),
    }
