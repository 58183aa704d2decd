"""Days of the school calendar: which are free for meetings (school holidays and study days,
public holidays), reading a pasted list of holidays, and school years."""

import datetime as dt
import re
from collections.abc import Iterable
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays as holiday_library
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from cycles.models import SchoolHoliday

AMSTERDAM = ZoneInfo(settings.TIME_ZONE)

_SEPARATORS = re.compile(r"\s*[;\t]\s*|\s*,\s*(?=\d)")
_DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y"]
# School years run from 1 August to 31 July; a school year is named by the year it starts in.
SCHOOL_YEAR_STARTS = (8, 1)


@lru_cache(maxsize=32)
def _public_holidays(year: int) -> dict[dt.date, str]:
    return dict(holiday_library.NL(years=year, language="nl"))


def public_holidays(first: dt.date, last: dt.date) -> dict[dt.date, str]:
    days: dict[dt.date, str] = {}
    for year in range(first.year, last.year + 1):
        days.update(
            {day: name for day, name in _public_holidays(year).items() if first <= day <= last}
        )
    return days


def blocked_days(
    school_ids: Iterable[int], first: dt.date, last: dt.date
) -> dict[dt.date, tuple[str, str]]:
    """Every day in [first, last] on which no meeting may be planned: day -> (kind, name).

    For a community spanning schools, a day off at any of its schools is blocked.
    """
    blocked: dict[dt.date, tuple[str, str]] = {
        day: ("public", name) for day, name in public_holidays(first, last).items()
    }
    rows = SchoolHoliday.objects.filter(
        school_id__in=list(school_ids), last_day__gte=first, first_day__lte=last
    ).values_list("kind", "name", "first_day", "last_day")
    for kind, name, first_day, last_day in rows:
        day = max(first_day, first)
        while day <= min(last_day, last):
            blocked.setdefault(day, (kind, name))
            day += dt.timedelta(days=1)
    return blocked


def school_years_without_holidays(
    school_ids: Iterable[int], years: Iterable[int]
) -> dict[int, list[int]]:
    """school id -> the school years (of `years`) in which that school has no holiday (a
    study day alone doesn't count). A holiday belongs to the school year it begins in."""
    school_ids, years = list(school_ids), sorted(set(years))
    if not school_ids or not years:
        return {}
    first, last = school_year_bounds(years[0])[0], school_year_bounds(years[-1])[1]
    rows = SchoolHoliday.objects.filter(
        school_id__in=school_ids, kind=SchoolHoliday.Kind.HOLIDAY, first_day__range=(first, last)
    ).values_list("school_id", "first_day")
    covered = {(school_id, school_year_of(day)) for school_id, day in rows}
    missing = {
        school_id: [year for year in years if (school_id, year) not in covered]
        for school_id in school_ids
    }
    return {school_id: gaps for school_id, gaps in missing.items() if gaps}


def school_year_of(day: dt.date) -> int:
    return day.year if (day.month, day.day) >= SCHOOL_YEAR_STARTS else day.year - 1


def school_year_bounds(year: int) -> tuple[dt.date, dt.date]:
    """First and last day of the school year that starts in `year`."""
    return dt.date(year, *SCHOOL_YEAR_STARTS), dt.date(year + 1, 7, 31)


def local_datetime(day: dt.date, time: dt.time) -> dt.datetime:
    """A wall-clock time in Amsterdam, right on either side of a DST change."""
    return dt.datetime.combine(day, time, tzinfo=AMSTERDAM)


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
