"""The official Dutch school holidays per region, read from the data file shipped with the app
(`cycles/data/school_holidays.json`, from the Rijksoverheid schedule) and checked on reading.
Pure: no database."""

import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from communities.models import School
from cycles.calendar import school_year_bounds

DATA_FILE = Path(__file__).resolve().parent / "data" / "school_holidays.json"
REGIONS = tuple(School.Region.values)
# The key in the data file -> the name the holiday gets in a school's calendar.
NAMES = {
    "herfst": "Herfstvakantie",
    "kerst": "Kerstvakantie",
    "voorjaar": "Voorjaarsvakantie",
    "mei": "Meivakantie",
    "zomer": "Zomervakantie",
}
_SCHOOL_YEAR = re.compile(r"^(\d{4})-(\d{4})$")
_SOURCE_FIELDS = ("publisher", "title", "url", "recorded")


class ScheduleError(ValueError):
    """The data file is not what the app expects; the message says where."""


@dataclass(frozen=True)
class Source:
    publisher: str
    title: str
    url: str
    recorded: dt.date


@dataclass(frozen=True)
class RegionalHoliday:
    school_year: int  # the year it starts in: 2026 for 2026-2027
    name: str
    first_day: dt.date
    last_day: dt.date


@dataclass(frozen=True)
class Schedule:
    source: Source
    # school year -> region -> its holidays in date order
    years: dict[int, dict[str, tuple[RegionalHoliday, ...]]]

    def holidays(self, region: str, school_year: int) -> tuple[RegionalHoliday, ...]:
        """The holidays of `region` in `school_year`; none for a year or region not known."""
        return self.years.get(school_year, {}).get(region, ())


def school_year_label(year: int) -> str:
    return f"{year}-{year + 1}"


def _day(text: object, where: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(text))
    except ValueError:
        raise ScheduleError(f"{where}: {text!r} is not a date like 2026-10-17") from None


def _source(raw: object) -> Source:
    if not isinstance(raw, dict) or any(not raw.get(key) for key in _SOURCE_FIELDS):
        raise ScheduleError(f"source: name its {', '.join(_SOURCE_FIELDS)}")
    return Source(
        publisher=str(raw["publisher"]),
        title=str(raw["title"]),
        url=str(raw["url"]),
        recorded=_day(raw["recorded"], "source.recorded"),
    )


def _year(label: str, raw: object) -> tuple[int, dict[str, tuple[RegionalHoliday, ...]]]:
    match = _SCHOOL_YEAR.match(label)
    if not match or int(match[2]) != int(match[1]) + 1:
        raise ScheduleError(f"{label!r} is not a school year like 2026-2027")
    year = int(match[1])
    if not isinstance(raw, dict) or set(raw) != set(NAMES):
        raise ScheduleError(f"{label}: give exactly these holidays: {', '.join(NAMES)}")
    opens, closes = school_year_bounds(year)
    regions: dict[str, list[RegionalHoliday]] = {region: [] for region in REGIONS}
    for key, name in NAMES.items():
        per_region = raw[key]
        if not isinstance(per_region, dict) or set(per_region) != set(REGIONS):
            raise ScheduleError(f"{label}.{key}: give every region: {', '.join(REGIONS)}")
        for region in REGIONS:
            where = f"{label}.{key}.{region}"
            days = per_region[region]
            if not isinstance(days, list) or len(days) != 2:
                raise ScheduleError(f"{where}: give [first day, last day]")
            first, last = _day(days[0], where), _day(days[1], where)
            if last < first:
                raise ScheduleError(f"{where}: the last day is before the first day")
            if not opens <= first <= closes:
                raise ScheduleError(f"{where}: {first} is not in school year {label}")
            regions[region].append(RegionalHoliday(year, name, first, last))
    return year, {
        region: tuple(sorted(rows, key=lambda row: row.first_day))
        for region, rows in regions.items()
    }


def parse(raw: object) -> Schedule:
    """Check the data file's contents and return them; raise ScheduleError naming the
    first thing wrong."""
    if not isinstance(raw, dict) or not isinstance(raw.get("school_years"), dict):
        raise ScheduleError("the file needs a 'source' and 'school_years'")
    years = dict(_year(label, value) for label, value in raw["school_years"].items())
    if not years:
        raise ScheduleError("school_years is empty")
    return Schedule(source=_source(raw.get("source")), years=dict(sorted(years.items())))


@cache
def schedule() -> Schedule:
    """The schedule shipped with the app, read once per process."""
    return parse(json.loads(DATA_FILE.read_text(encoding="utf-8")))
