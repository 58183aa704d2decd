"""iCalendar (RFC 5545) for meetings: a person's feed and a single event.

A pure renderer: it takes meetings with `community`, `member` and `coach` already loaded
(select_related) and returns bytes; it runs no queries. Notes and decisions of a meeting
never leave the app this way: only its topic and agenda go into the description.
"""

import datetime as dt
from collections.abc import Iterable
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import capfirst
from icalendar import (
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vDuration,
)

from cycles.models import ActivityKind, Meeting

PRODID = "-//PLC//NL"
TZID = "Europe/Amsterdam"
ZONE = ZoneInfo(TZID)
# A hint for clients that honour it (Apple, Outlook); Google polls on its own schedule.
REFRESH = dt.timedelta(hours=1)


def vtimezone() -> Timezone:
    """Europe/Amsterdam with the EU summer-time rules as yearly RRULEs.

    Built here rather than with `Timezone.from_tzid`: that lists every change as RDATEs
    for a fixed range of years (ending in 2038 by default), and Outlook only understands
    yearly rules. These rules hold since 1996; tests/cycles/test_ical.py checks them
    against zoneinfo.
    """
    vtimezone = Timezone()
    vtimezone.add("TZID", TZID)
    vtimezone.add("X-LIC-LOCATION", TZID)
    daylight = TimezoneDaylight()
    daylight.add("TZNAME", "CEST")
    daylight.add("TZOFFSETFROM", dt.timedelta(hours=1))
    daylight.add("TZOFFSETTO", dt.timedelta(hours=2))
    daylight.add("DTSTART", dt.datetime(1970, 3, 29, 2, 0))  # noqa: DTZ001 (local by definition)
    daylight.add("RRULE", {"FREQ": "YEARLY", "BYMONTH": 3, "BYDAY": "-1SU"})
    standard = TimezoneStandard()
    standard.add("TZNAME", "CET")
    standard.add("TZOFFSETFROM", dt.timedelta(hours=2))
    standard.add("TZOFFSETTO", dt.timedelta(hours=1))
    standard.add("DTSTART", dt.datetime(1970, 10, 25, 3, 0))  # noqa: DTZ001
    standard.add("RRULE", {"FREQ": "YEARLY", "BYMONTH": 10, "BYDAY": "-1SU"})
    vtimezone.add_component(daylight)
    vtimezone.add_component(standard)
    return vtimezone


def _uid_domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def _label(field: str) -> str:
    return capfirst(str(Meeting._meta.get_field(field).verbose_name))


def _summary(meeting: Meeting) -> str:
    summary = f"{capfirst(str(meeting.get_kind_display()))} · {meeting.community.name}"
    if meeting.status == Meeting.Status.CANCELLED:
        summary = f"{capfirst(str(meeting.get_status_display()))}: {summary}"
    return summary


def _description(meeting: Meeting) -> str:
    # Never meeting.notes or meeting.decisions: they stay inside the app.
    lines = []
    if meeting.topic:
        lines.append(f"{_label('topic')}: {meeting.topic}")
    if meeting.kind == ActivityKind.COACHING:
        if meeting.coach_id:
            lines.append(f"{_label('coach')}: {meeting.coach}")
        lines.append(f"{_label('member')}: {meeting.member}")
    if meeting.location and meeting.online_url:
        lines.append(f"{_label('online_url')}: {meeting.online_url}")
    if meeting.agenda:
        if lines:
            lines.append("")
        lines.append(f"{_label('agenda')}:")
        lines.append(meeting.agenda.replace("\r\n", "\n"))
    return "\n".join(lines)


def _event(meeting: Meeting, stamp: dt.datetime) -> Event:
    event = Event()
    event.add("UID", f"{meeting.uid}@{_uid_domain()}")
    event.add("DTSTAMP", stamp)
    event.add("DTSTART", meeting.starts_at.astimezone(ZONE))
    event.add("DTEND", meeting.ends_at.astimezone(ZONE))
    event.add("SEQUENCE", meeting.sequence)
    cancelled = meeting.status == Meeting.Status.CANCELLED
    event.add("STATUS", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("SUMMARY", _summary(meeting))
    location = meeting.location or meeting.online_url
    if location:
        event.add("LOCATION", location)
    event.add("URL", settings.SITE_URL + reverse("cycles:meeting", kwargs={"pk": meeting.pk}))
    description = _description(meeting)
    if description:
        event.add("DESCRIPTION", description)
    if meeting.kind == ActivityKind.COACHING:
        # Someone who shares their calendar with colleagues shares "busy", not the session.
        event.add("CLASS", "PRIVATE")
    return event


def _calendar(meetings: Iterable[Meeting], language: str) -> Calendar:
    calendar = Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", "PUBLISH")
    calendar.add_component(vtimezone())
    stamp = timezone.now().astimezone(dt.UTC).replace(microsecond=0)
    with translation.override(language):
        for meeting in meetings:
            calendar.add_component(_event(meeting, stamp))
    return calendar


def calendar_bytes(*, meetings: Iterable[Meeting], user_language: str, name: str) -> bytes:
    """A subscribable calendar: every meeting a VEVENT, cancelled ones marked CANCELLED."""
    calendar = _calendar(meetings, user_language)
    calendar.add("X-WR-CALNAME", name)
    calendar.add("NAME", name)
    calendar.add("REFRESH-INTERVAL", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("X-PUBLISHED-TTL", vDuration(REFRESH))
    return calendar.to_ical()


def event_bytes(meeting: Meeting, language: str) -> bytes:
    """One meeting as an .ics file to open or import; same UID as in the feed."""
    return _calendar([meeting], language).to_ical()
