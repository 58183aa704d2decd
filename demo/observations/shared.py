"""What the small demo and the bulk data share: the built-in checklists their visits use,
and the school days their lessons fall on."""

import datetime as dt

from cycles.calendar import local_datetime
from observations.models import Instrument

GENERAL = "Algemene lesobservatie"
SHORT = "Korte kijkwijzer"
BULK_DOMAIN = "@bulk.example.org"


def checklist(name_prefix: str) -> Instrument:
    """The current version of a built-in checklist."""
    built_in = Instrument.objects.filter(organisation=None, name__startswith=name_prefix)
    return built_in.filter(is_current=True).first() or built_in.order_by("-version").first()


def school_day(day: dt.date) -> dt.date:
    """Saturday becomes Friday, Sunday becomes Monday."""
    if day.weekday() == 5:
        return day - dt.timedelta(days=1)
    if day.weekday() == 6:
        return day + dt.timedelta(days=1)
    return day


def before_summer(day: dt.date) -> dt.date:
    """A day in the summer holiday (mid July to August) moves back to June or early July."""
    if day.month == 8 or (day.month == 7 and day.day > 10):
        return day - dt.timedelta(days=56)
    return day


def lesson(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """A lesson at hour:minute on `day`, or on the nearest school day when that is a weekend."""
    return local_datetime(school_day(day), dt.time(hour, minute))
