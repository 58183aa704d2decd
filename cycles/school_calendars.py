"""Writes for school calendars: holidays and study days, one by one or pasted as a list."""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from communities.models import School
from cycles.models import SchoolHoliday

_SEPARATORS = re.compile(r"\s*[;\t]\s*|\s*,\s*(?=\d)")
_DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y"]
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


def _date(text: str) -> dt.date | None:
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()  # noqa: DTZ007 - a date
        except ValueError:
            continue
    return None


def parse_lines(text: str) -> list[tuple[str, dt.date, dt.date]]:
    """Read pasted lines "name; first day; last day" (last day optional). Separators: ;, tab,
    or a comma before a date. Dates as 2026-10-17, 17-10-2026 or 17/10/2026.
    Raises one ValidationError naming every line that can't be read."""
    rows: list[tuple[str, dt.date, dt.date]] = []
    errors: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = [part for part in _SEPARATORS.split(line.strip()) if part]
        if len(parts) not in (2, 3):
            errors.append(
                _("Line %(number)s: write a name and one or two dates.") % {"number": number}
            )
            continue
        first = _date(parts[1])
        last = _date(parts[2]) if len(parts) == 3 else first
        if first is None or last is None:
            errors.append(
                _("Line %(number)s: a date can't be read; write it as 17-10-2026.")
                % {"number": number}
            )
        elif last < first:
            errors.append(
                _("Line %(number)s: the last day is before the first day.") % {"number": number}
            )
        else:
            rows.append((parts[0][:100], first, last))
    if errors:
        raise ValidationError(errors)
    if not rows:
        raise ValidationError(_("Paste at least one line."))
    return rows


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
