"""Writes for school calendars: holidays and study days, one by one or pasted as a list."""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from communities.models import School
from cycles.calendar import parse_lines
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
