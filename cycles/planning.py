"""The year planner: cycles from a template, around holidays. Pure proposal, no writes."""

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from cycles.calendar import blocked_days
from cycles.models import ActivityKind, CycleTemplate, SchoolHoliday, TemplateActivity

# A week counts as a holiday week when this many of its five school days are holiday.
HOLIDAY_WEEK_DAYS = 3
# How far ahead the planner looks for free weeks before it gives up.
HORIZON = dt.timedelta(days=2 * 366)


@dataclass(frozen=True)
class PlannedActivity:
    week: int
    kind: str
    date: dt.date
    start_time: dt.time
    duration_minutes: int


@dataclass(frozen=True)
class SkippedWeek:
    monday: dt.date
    reason: str


@dataclass
class PlannedCycle:
    number: int
    activities: list[PlannedActivity] = field(default_factory=list)
    weeks: list[dt.date] = field(default_factory=list)  # the Monday of each week used

    @property
    def start_date(self) -> dt.date:
        return self.weeks[0]

    @property
    def end_date(self) -> dt.date:
        return self.weeks[-1] + dt.timedelta(days=4)


@dataclass
class Plan:
    cycles: list[PlannedCycle]
    skipped: list[SkippedWeek]
    complete: bool  # False when the horizon ran out before all cycles fitted


class PlanningError(ValueError):
    pass


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def propose(
    *,
    template: CycleTemplate,
    activities: list[TemplateActivity],
    school_ids: list[int],
    start: dt.date,
    count: int,
    first_number: int = 1,
) -> Plan:
    """Lay `count` cycles of `template` from the week of `start` onwards.

    A calendar week is skipped when a planned activity would fall on a blocked day (school
    holiday, study day, public holiday) or before `start`, or when most of the week is a
    school holiday. The template's weeks keep their order; only calendar weeks are skipped.
    """
    if count < 1:
        raise PlanningError("count must be at least 1")
    by_week: dict[int, list[TemplateActivity]] = {w: [] for w in range(1, template.weeks + 1)}
    for activity in activities:
        if activity.week in by_week:
            by_week[activity.week].append(activity)

    blocked = blocked_days(school_ids, start, start + HORIZON)
    cursor = monday_of(start)
    limit = start + HORIZON
    cycles: list[PlannedCycle] = []
    skipped: list[SkippedWeek] = []
    for number in range(first_number, first_number + count):
        cycle = PlannedCycle(number=number)
        for week in range(1, template.weeks + 1):
            while True:
                if cursor > limit:
                    return Plan(cycles, skipped, complete=False)
                reason = _why_not(cursor, by_week[week], blocked, start)
                if reason is None:
                    break
                skipped.append(SkippedWeek(cursor, reason))
                cursor += dt.timedelta(weeks=1)
            cycle.weeks.append(cursor)
            cycle.activities.extend(
                PlannedActivity(
                    week=week,
                    kind=a.kind,
                    date=cursor + dt.timedelta(days=a.weekday),
                    start_time=a.start_time,
                    duration_minutes=a.duration_minutes,
                )
                for a in by_week[week]
                if a.kind != ActivityKind.FREE
            )
            cursor += dt.timedelta(weeks=1)
        cycles.append(cycle)
    return Plan(cycles, skipped, complete=True)


def _why_not(
    monday: dt.date,
    activities: list[TemplateActivity],
    blocked: dict[dt.date, tuple[str, str]],
    start: dt.date,
) -> str | None:
    school_days = [monday + dt.timedelta(days=i) for i in range(5)]
    holiday_names = [
        blocked[day][1]
        for day in school_days
        if day in blocked and blocked[day][0] == SchoolHoliday.Kind.HOLIDAY
    ]
    if len(holiday_names) >= HOLIDAY_WEEK_DAYS:
        return holiday_names[0]
    for activity in activities:
        if activity.kind == ActivityKind.FREE:
            continue
        day = monday + dt.timedelta(days=activity.weekday)
        if day < start:
            return str(_("before the start date"))
        if day in blocked:
            return blocked[day][1]
    return None
