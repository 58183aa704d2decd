"""Queries for the board director's dashboard: every school of the board, and an anonymous
comparison of the schools.

Every figure comes from one aggregate grouped by community (from the counts meetings and
closed scan rounds keep), added up per school in Python: a community that serves several
schools counts for each of them (as on the school leader's dashboard) and once for the
board. The page runs the same number of queries whatever the number of schools,
communities or rows.

The comparison is anonymous and never says anything about a group smaller than
`MINIMUM_GROUP` people, checked per figure against the people behind it in the period (see
`_comparison`).
"""

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, DateField, Max, Min, Q, QuerySet, Sum
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from communities.models import (
    Community,
    CommunityGoal,
    GoalStatus,
    Membership,
    Organisation,
    School,
)
from cycles.calendar import school_year_bounds, school_year_of
from cycles.models import ActivityKind, Cycle, Meeting
from observations.models import Reflection, ScanRound, Visit
from reports.selectors import (
    VISITS_DONE,
    Period,
    in_period,
    period_months,
)
from reports.selectors_school import LOW_ATTENDANCE, goal_is_overdue

MINIMUM_GROUP = 5  # people: no comparison figure about fewer


def board_schools(board: Organisation) -> list[School]:
    return list(School.objects.filter(organisation=board).order_by("name", "pk"))


def board_years(board: Organisation, today: dt.date) -> list[int]:
    """The school years the dashboard can show, newest first: from the board's first
    community or cycle up to the next school year (one query)."""
    first = Community.objects.filter(organisation=board).aggregate(
        community=Min("start_date"), cycle=Min("cycles__start_date")
    )
    days = [today, *(day for day in first.values() if day is not None)]
    return list(range(school_year_of(today) + 1, school_year_of(min(days)) - 1, -1))


def board_cycles(board: Organisation, year: int) -> list[tuple[int, dt.date, dt.date]]:
    """(community id, start, end) of the board's cycles that start in the school year."""
    first, last = school_year_bounds(year)
    return list(
        Cycle.objects.filter(
            community__organisation=board, start_date__gte=first, start_date__lte=last
        ).values_list("community_id", "start_date", "end_date")
    )


@dataclass(frozen=True)
class SchoolRow:
    school: School | None  # None: the whole board
    communities: int = 0
    people: int = 0
    meetings_planned: int = 0
    meetings_held: int = 0
    behind: int = 0
    present: int = 0
    recorded: int = 0
    visits_total: int = 0
    visits_done: int = 0
    reflections: int = 0
    goals: int = 0
    goal_progress: int | None = None
    overdue_goals: int = 0
    scan_average: float | None = None
    scan_rounds: int = 0
    most_recorded: int = 0  # the most people recorded at one meeting

    @property
    def attendance_rate(self) -> int | None:
        return round(100 * self.present / self.recorded) if self.recorded else None

    @property
    def visits_planned(self) -> int:
        return self.visits_total - self.visits_done

    @property
    def visits_per_person(self) -> float | None:
        return round(self.visits_done / self.people, 1) if self.people else None


@dataclass(frozen=True)
class Measure:
    """One figure compared across the schools, without their names."""

    key: str
    values: list[float]  # one per compared school that has the figure, highest first
    left_out: int  # schools with fewer than MINIMUM_GROUP people, or without the figure
    board: float | None  # the figure over the whole board (not an average of schools)

    @property
    def median(self) -> float | None:
        return round(statistics.median(self.values), 1) if self.values else None

    @property
    def lowest(self) -> float | None:
        return min(self.values) if self.values else None

    @property
    def highest(self) -> float | None:
        return max(self.values) if self.values else None


@dataclass(frozen=True)
class Month:
    first_day: dt.date
    rate: int | None


@dataclass(frozen=True)
class BoardDashboard:
    board: Organisation
    period: Period
    today: dt.date
    rows: list[SchoolRow]
    whole: "SchoolRow"  # the board as one group (each community and person once)
    comparison: dict[str, Measure]
    months: list[Month] = field(default_factory=list)

    @property
    def low_attendance(self) -> list[SchoolRow]:
        return [
            row
            for row in self.rows
            if row.attendance_rate is not None and row.attendance_rate < LOW_ATTENDANCE
        ]

    @property
    def behind_plan(self) -> list[SchoolRow]:
        return [row for row in self.rows if row.behind]

    @property
    def with_overdue_goals(self) -> list[SchoolRow]:
        return [row for row in self.rows if row.overdue_goals]

    @property
    def needs_attention(self) -> bool:
        return bool(self.low_attendance or self.behind_plan or self.with_overdue_goals)


def _schools_of(board: Organisation) -> dict[int, list[int]]:
    """Every community of the board -> the ids of the schools it serves (maybe none)."""
    pairs = Community.objects.filter(organisation=board).values_list("pk", "schools")
    schools: dict[int, list[int]] = defaultdict(list)
    for community_id, school_id in pairs.order_by():
        schools[community_id] += [school_id] if school_id is not None else []
    return schools


def _people(board: Organisation, period: Period) -> tuple[dict[int, int], int]:
    """Per school the people in its communities who had joined before the period ended,
    each once; and the board's number. Who joined later is no part of the period's group."""
    members = Membership.objects.filter(community__organisation=board, joined_at__lt=period.ends)
    rows = members.values_list("community__schools").annotate(n=Count("user", distinct=True))
    total = members.aggregate(n=Count("user", distinct=True))["n"]
    return {school: n for school, n in rows.order_by() if school is not None}, total


def _whole(period: Period) -> Period:
    """From the first day to the last of a cycle span, for all communities alike."""
    return Period(period.year, period.first_day, period.last_day, None)


def _summed(qs: QuerySet, field: str, period: Period, **aggregates) -> dict[int, dict]:
    """The aggregates of `qs` per community over the period's rows. For the n-th cycle of a
    year, the rows are read for the days from the first community's to the last one's, per
    community and day, and each community keeps the days of its own n-th cycle (a condition
    per community in SQL costs more to build than the rows cost to add up)."""
    if period.span is None:
        rows = qs.filter(in_period(field, period)).values("community_id")
        return {row.pop("community_id"): row for row in rows.annotate(**aggregates).order_by()}
    own = {community_id: (first, last) for community_id, first, last in period.span.ranges}
    rows = (
        qs.filter(in_period(field, _whole(period)))
        .annotate(day=TruncDate(field))
        .values("community_id", "day")
        .annotate(**aggregates)
        .order_by()
    )
    result: dict[int, dict] = {}
    for row in rows:
        community_id, day = row.pop("community_id"), row.pop("day")
        first, last = own.get(community_id, (None, None))
        if first is None or not first <= day <= last:
            continue
        figures = result.setdefault(community_id, dict.fromkeys(aggregates, 0))
        for name, value in row.items():
            if name.startswith("most"):
                figures[name] = max(figures[name], value or 0)
            else:
                figures[name] += value or 0
        if "present" in row:  # meetings: attendance per month too
            month = figures.setdefault("by_month", defaultdict(lambda: [0, 0]))[day.replace(day=1)]
            month[0] += row["present"] or 0
            month[1] += row["recorded"] or 0
    return result


def _meetings(ids: QuerySet, period: Period, now: dt.datetime) -> dict[int, dict]:
    """Per community its group meetings: planned, held (begun), behind plan (begun, neither
    marked held nor with attendance), and present and recorded at those not cancelled, in
    total and per month ("months": {first day: (present, recorded)}). From the meetings'
    own attendance counts, never the attendance rows."""
    kept = ~Q(status=Meeting.Status.CANCELLED)
    begun = kept & Q(starts_at__lte=now)
    meetings = Meeting.objects.filter(community_id__in=ids).exclude(kind=ActivityKind.COACHING)
    aggregates = {
        "planned": Count("pk", filter=kept),
        "held": Count("pk", filter=begun),
        "behind": Count("pk", filter=begun & ~Q(status=Meeting.Status.HELD) & Q(recorded_count=0)),
        "present": Sum("present_count", filter=kept, default=0),
        "recorded": Sum("recorded_count", filter=kept, default=0),
        "most_recorded": Max("recorded_count", filter=kept, default=0),
    }
    if period.span is not None:
        result = _summed(meetings, "starts_at", period, **aggregates)
        for figures in result.values():
            months = figures.pop("by_month", {})
            figures["months"] = {month: tuple(pair) for month, pair in months.items()}
        return result
    rows = (
        meetings.filter(in_period("starts_at", period))
        # A date, in the current time zone: no time zone arithmetic per row in Python.
        .annotate(month=TruncMonth("starts_at", output_field=DateField()))
        .values("community_id", "month")
        .annotate(**aggregates)
        .order_by()
    )
    result: dict[int, dict] = {}
    for row in rows:
        figures = result.setdefault(row["community_id"], dict.fromkeys(aggregates, 0))
        for name in aggregates:
            if name == "most_recorded":
                figures[name] = max(figures[name], row[name])
            else:
                figures[name] += row[name]
        figures.setdefault("months", {})[row["month"]] = (row["present"], row["recorded"])
    return result


def _visits(ids: QuerySet, period: Period) -> dict[int, dict]:
    return _summed(
        Visit.objects.filter(community_id__in=ids),
        "starts_at",
        period,
        visits_total=Count("pk"),
        visits_done=Count("pk", filter=Q(status__in=VISITS_DONE)),
    )


def _reflections(ids: QuerySet, period: Period) -> dict[int, dict]:
    """Reflections written for a community in the period: counted, never read. Drafts
    don't count."""
    return _summed(
        Reflection.objects.filter(community_id__in=ids, is_draft=False),
        "created_at",
        period,
        reflections=Count("*"),  # count(*): read from the index alone
    )


def _goals(ids: QuerySet, today: dt.date) -> dict[int, dict]:
    """Community goals (not dropped), the sum of their progress; and how many passed their
    target date without being achieved or updated since."""
    rows = (
        CommunityGoal.objects.filter(community_id__in=ids)
        .exclude(status=GoalStatus.DROPPED)
        .values("community_id")
        .annotate(
            goals=Count("pk"),
            progress_sum=Sum("progress"),
            overdue_goals=Count("pk", filter=goal_is_overdue(today)),
        )
        .order_by()
    )
    return {row.pop("community_id"): row for row in rows}


def _scans(ids: QuerySet, period: Period) -> dict[int, dict]:
    """Per community the scores given in the closed rounds opened in the period that at
    least MINIMUM_GROUP people answered (fewer would say too much about too few), from the
    totals each round keeps since it closed."""
    return _summed(
        ScanRound.objects.filter(
            community_id__in=ids,
            status=ScanRound.Status.CLOSED,
            response_count__gte=MINIMUM_GROUP,
        ),
        "opened_at",
        period,
        score_sum=Sum("score_sum"),
        scores=Sum("score_count"),
        scan_rounds=Count("pk"),
    )


SUMMED = [
    "planned",
    "held",
    "behind",
    "present",
    "recorded",
    "visits_total",
    "visits_done",
    "reflections",
    "goals",
    "progress_sum",
    "overdue_goals",
    "score_sum",
    "scores",
    "scan_rounds",
]


SUMMED_KEYS = frozenset(SUMMED)


def _add(into: dict[str, int], figures: dict) -> None:
    for key, value in figures.items():
        if key in SUMMED_KEYS:
            into[key] += value or 0
        elif key == "most_recorded":
            into[key] = max(into[key], value or 0)


def _row(school: School, people: int, communities: int, sums: dict[str, int]) -> SchoolRow:
    return SchoolRow(
        school=school,
        communities=communities,
        people=people,
        meetings_planned=sums["planned"],
        meetings_held=sums["held"],
        behind=sums["behind"],
        present=sums["present"],
        recorded=sums["recorded"],
        visits_total=sums["visits_total"],
        visits_done=sums["visits_done"],
        reflections=sums["reflections"],
        goals=sums["goals"],
        goal_progress=round(sums["progress_sum"] / sums["goals"]) if sums["goals"] else None,
        overdue_goals=sums["overdue_goals"],
        scan_average=round(sums["score_sum"] / sums["scores"], 1) if sums["scores"] else None,
        scan_rounds=sums["scan_rounds"],
        most_recorded=sums["most_recorded"],
    )


def board_dashboard(
    *, board: Organisation, schools: list[School], period: Period
) -> BoardDashboard:
    now = timezone.now()
    today = timezone.localdate(now)
    schools_of = _schools_of(board)
    people, people_count = _people(board, period)
    # A subquery rather than a list of ids: PostgreSQL then reads a period's rows by date.
    ids = Community.objects.filter(organisation=board).values("pk")
    meetings = _meetings(ids, period, now)
    per_community = [
        meetings,
        _visits(ids, period),
        _reflections(ids, period),
        _goals(ids, today),
        _scans(ids, period),
    ]

    def zero() -> dict[str, int]:
        return dict.fromkeys([*SUMMED, "most_recorded"], 0)

    per_school: dict[int, dict[str, int]] = defaultdict(zero)
    whole_board = zero()
    community_count: dict[int, int] = defaultdict(int)
    for community_id, school_ids in schools_of.items():
        for figures in per_community:
            found = figures.get(community_id)
            if not found:
                continue
            _add(whole_board, found)
            for school_id in school_ids:
                _add(per_school[school_id], found)
        for school_id in school_ids:
            community_count[school_id] += 1
    rows = [
        _row(school, people.get(school.pk, 0), community_count[school.pk], per_school[school.pk])
        for school in schools
    ]
    board_row = _row(None, people_count, len(schools_of), whole_board)
    months = []
    for first_day in period_months(period, today):
        present = sum(f["months"].get(first_day, (0, 0))[0] for f in meetings.values())
        recorded = sum(f["months"].get(first_day, (0, 0))[1] for f in meetings.values())
        months.append(Month(first_day, round(100 * present / recorded) if recorded else None))
    return BoardDashboard(
        board=board,
        period=period,
        today=today,
        rows=rows,
        whole=board_row,
        comparison=_comparison(rows, board_row),
        months=months,
    )


def _measure(key: str, rows: list[SchoolRow], whole: SchoolRow, value, group) -> Measure:
    """Only the schools whose group behind the figure has at least MINIMUM_GROUP people and
    that have the figure, highest first; the rest counted as left out. The same rule for
    the whole board."""

    def shown(row: SchoolRow):
        return value(row) if group(row) >= MINIMUM_GROUP else None

    values = sorted((v for v in map(shown, rows) if v is not None), reverse=True)
    return Measure(key=key, values=values, left_out=len(rows) - len(values), board=shown(whole))


def _comparison(rows: list[SchoolRow], whole: SchoolRow) -> dict[str, Measure]:
    """Attendance describes the people recorded: at least MINIMUM_GROUP of them at one of
    the meetings (so at least that many in all). Visits per person and goal progress
    describe the school's people in the period. A scan figure comes only from rounds that
    many people answered (see `_scans`), and from a school with that many people."""

    def people(row: SchoolRow) -> int:
        return row.people

    def recorded(row: SchoolRow) -> int:
        return min(row.people, row.most_recorded)

    def of(name):
        return lambda row: getattr(row, name)

    return {
        "attendance": _measure("attendance", rows, whole, of("attendance_rate"), recorded),
        "visits": _measure("visits", rows, whole, of("visits_per_person"), people),
        "goals": _measure("goals", rows, whole, of("goal_progress"), people),
        "scan": _measure("scan", rows, whole, of("scan_average"), people),
    }
