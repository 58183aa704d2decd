"""Which days are free for meetings: school holidays and study days, and public holidays."""

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays as holiday_library
from django.conf import settings

from cycles.models import SchoolHoliday

AMSTERDAM = ZoneInfo(settings.TIME_ZONE)


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


def local_datetime(day: dt.date, time: dt.time) -> dt.datetime:
    """A wall-clock time in Amsterdam, right on either side of a DST change."""
    return dt.datetime.combine(day, time, tzinfo=AMSTERDAM)
