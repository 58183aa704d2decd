"""Writes for school calendars: holidays and study days, one by one, pasted as a list, or
filled in from the official holidays of the school's region."""

import datetime as dt
import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.models import School
from cycles import school_holidays
from cycles.calendar import parse_lines, school_year_bounds, school_year_of
from cycles.models import SchoolHoliday

_STUDY_DAY = re.compile(r"studie|study", re.IGNORECASE)


@transaction.atomic
def holiday_add(
    *,
    school: School,
    name: str,
    first_day: dt.date,
    last_day: dt.date | None = None,
    kind: str | None = None,
) -> SchoolHoliday:
    holiday = SchoolHoliday(
        school=school,
        name=name.strip(),
        first_day=first_day,
        last_day=last_day or first_day,
        kind=kind
        or (
            SchoolHoliday.Kind.STUDY_DAY if _STUDY_DAY.search(name) else SchoolHoliday.Kind.HOLIDAY
        ),
    )
    if holiday.last_day < holiday.first_day:
        raise ValidationError({"last_day": _("The last day can't be before the first day.")})
    holiday.full_clean()
    holiday.save()
    return holiday


@transaction.atomic
def holiday_delete(*, holiday: SchoolHoliday) -> None:
    holiday.delete()


@transaction.atomic
def holidays_import(*, school: School, text: str) -> tuple[int, int]:
    """Add every pasted line, or none when a line can't be read. Lines already in the
    calendar are skipped, so pasting the same list twice is harmless. Returns (added, skipped)."""
    rows = parse_lines(text)
    existing = set(SchoolHoliday.objects.filter(school=school).values_list("name", "first_day"))
    added = skipped = 0
    for name, first, last in rows:
        if (name, first) in existing:
            skipped += 1
            continue
        holiday_add(school=school, name=name, first_day=first, last_day=last)
        existing.add((name, first))
        added += 1
    return added, skipped


@transaction.atomic
def school_holidays_fill(school: School, *, years: Iterable[int] | None = None) -> int:
    """Give `school` the official holidays of its region for each published school year
    (from the current one on, or `years`) in which it has no holiday yet. A year in which
    the school has any holiday is left as the school made it, so running this again adds
    nothing and never brings back what the school removed. Returns how many were added."""
    schedule = school_holidays.schedule()
    if years is None:
        current = school_year_of(timezone.localdate())
        years = [year for year in schedule.years if year >= current]
    wanted = sorted(set(years) & set(schedule.years))
    if not wanted:
        return 0
    first, last = school_year_bounds(wanted[0])[0], school_year_bounds(wanted[-1])[1]
    rows = SchoolHoliday.objects.filter(school=school, first_day__range=(first, last)).values_list(
        "kind", "name", "first_day"
    )
    has_holidays = {
        school_year_of(day) for kind, _name, day in rows if kind == SchoolHoliday.Kind.HOLIDAY
    }
    taken = {(name, day) for _kind, name, day in rows}
    added = [
        SchoolHoliday(
            school=school,
            name=holiday.name,
            kind=SchoolHoliday.Kind.HOLIDAY,
            first_day=holiday.first_day,
            last_day=holiday.last_day,
        )
        for year in wanted
        if year not in has_holidays
        for holiday in schedule.holidays(school.region, year)
        if (holiday.name, holiday.first_day) not in taken
    ]
    SchoolHoliday.objects.bulk_create(added)
    return len(added)


def school_holidays_fill_all(*, years: Iterable[int] | None = None) -> tuple[int, int]:
    """`school_holidays_fill` for every school, each in its own transaction. Returns (schools
    that got holidays, holidays added)."""
    schools = added = 0
    for school in School.objects.order_by("pk").iterator():
        count = school_holidays_fill(school, years=years)
        schools += bool(count)
        added += count
    return schools, added
