"""The calendar of the dashboards: the school years a dashboard offers, the cycles
within them, and the period a dashboard shows (a school year, a community's cycle, or the
n-th cycle of a year).

Pure date logic on cycles already read: no query. `in_period` builds the condition that
keeps a period's rows; the aggregates in `reports.figures` use it.
"""

import datetime as dt
import operator
from collections.abc import Iterable
from dataclasses import dataclass
from functools import reduce

from django.db.models import Q
from django.utils import timezone

from cycles.calendar import school_year_bounds, school_year_of
from cycles.models import Cycle


def school_years_from(days: Iterable[dt.date], today: dt.date) -> list[int]:
    """The school years a dashboard can show, newest first: from the first of `days` (the
    start of a community or of a cycle) up to the next one (no query)."""
    first = school_year_of(min([today, *days]))
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


def period_for_span(year: int, span: CycleSpan | None) -> Period:
    if span is None:
        return period_for(year, None)
    return Period(year, span.first_day, span.last_day, None, span)


def whole(period: Period) -> Period:
    """From the first day to the last of a cycle span, for all communities alike."""
    return Period(period.year, period.first_day, period.last_day, None)


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


@dataclass(frozen=True)
class Position:
    """Where a community is in its year today."""

    cycle: Cycle | None  # the cycle running today
    week: int | None  # its week, 1 for the first
    weeks: int | None
    next_cycle: Cycle | None  # when none runs: the next one


def position_in_year(cycles: list[Cycle], today: dt.date) -> Position:
    for cycle in cycles:
        if cycle.start_date <= today <= cycle.end_date:
            weeks = (cycle.end_date - cycle.start_date).days // 7 + 1
            return Position(cycle, (today - cycle.start_date).days // 7 + 1, weeks, None)
    upcoming = [cycle for cycle in cycles if cycle.start_date > today]
    return Position(None, None, None, upcoming[0] if upcoming else None)
