"""What the board director's dashboard shows: every school of the board, and an anonymous
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

from django.db.models import Count, Min
from django.utils import timezone

from communities.models import (
    Community,
    Membership,
    Organisation,
    School,
)
from cycles.calendar import school_year_bounds
from cycles.models import Cycle
from reports import figures
from reports.figures import LOW_ATTENDANCE
from reports.periods import Period, period_months, school_years_from

MINIMUM_GROUP = 5  # people: no comparison figure about fewer


def board_schools(board: Organisation) -> list[School]:
    return list(School.objects.filter(organisation=board).order_by("name", "pk"))


def board_years(board: Organisation, today: dt.date) -> list[int]:
    """The school years the dashboard can show, newest first: from the board's first
    community or cycle up to the next school year (one query)."""
    first = Community.objects.filter(organisation=board).aggregate(
        community=Min("start_date"), cycle=Min("cycles__start_date")
    )
    return school_years_from([day for day in first.values() if day is not None], today)


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
    meetings = figures.meetings(ids, period, now, months=True)
    visits = {
        community_id: {"visits_total": counts.total, "visits_done": counts.done}
        for community_id, counts in figures.visits(ids, period).items()
    }
    per_community = [
        meetings,
        visits,
        figures.community_reflections(ids, period),
        figures.goals(ids, today),
        # Fewer respondents would say too much about too few.
        figures.scan_totals(ids, period, respondents=MINIMUM_GROUP),
    ]

    def zero() -> dict[str, int]:
        return dict.fromkeys([*SUMMED, "most_recorded"], 0)

    per_school: dict[int, dict[str, int]] = defaultdict(zero)
    whole_board = zero()
    community_count: dict[int, int] = defaultdict(int)
    for community_id, school_ids in schools_of.items():
        for counted in per_community:
            found = counted.get(community_id)
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
        in_month = [f["months"].get(first_day, {}) for f in meetings.values()]
        present = sum(month.get("present", 0) for month in in_month)
        recorded = sum(month.get("recorded", 0) for month in in_month)
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
    many people answered (see `figures.scan_totals`), and from a school with that many people."""

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
