"""The personal calendar feed and the single-meeting .ics: RFC 5545, privacy, tokens."""

import datetime as dt
import re
from collections import Counter
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from icalendar import Calendar

from accounts.models import User
from cycles import selectors
from cycles.models import ActivityKind, Meeting
from cycles.services import cycles as cycle_services
from cycles.services import feeds
from cycles.services import meetings as meeting_services

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
NOW = dt.datetime(2026, 8, 1, 12, tzinfo=AMSTERDAM)
MARKER = "SECRET-NOTES-MARKER"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def planned(world):
    """One cycle across the end of summer time (25 October 2026).

    Training 13 Oct, knowledge community 20 Oct and 3 Nov, coaching in weeks 1 and 3 for
    teacher and other_teacher, both with coach.
    """
    # Without the autumn holiday of region midden (17-25 October), which would move week 2.
    world.school.holidays.filter(name="Herfstvakantie", first_day__year=2026).delete()
    cycle_services.plan_create(
        community=world.community,
        template=selectors.template_default(),
        start=dt.date(2026, 10, 12),
        count=1,
    )
    return world


def feed_url(user: User) -> str:
    token = feeds.feed_get_or_create(user=user).token
    return reverse("cycles:calendar_feed", kwargs={"token": token})


def fetch(client, user: User) -> bytes:
    response = client.get(feed_url(user))
    assert response.status_code == 200
    return response.content


def events(body: bytes) -> dict[str, object]:
    """UID -> VEVENT."""
    return {str(event["UID"]): event for event in Calendar.from_ical(body).events}


def uid(meeting: Meeting) -> str:
    return f"{meeting.uid}@{urlsplit(settings.SITE_URL).hostname}"


def knowledge(world) -> list[Meeting]:
    return list(world.community.meetings.filter(kind=ActivityKind.KNOWLEDGE).order_by("starts_at"))


# RFC 5545 structure, checked on the bytes ------------------------------------

CONTENT_LINE = re.compile(
    r'^(?P<name>[A-Za-z0-9-]+)(?P<params>(?:;[A-Za-z0-9-]+=(?:"[^"]*"|[^";:,]*)'
    r'(?:,(?:"[^"]*"|[^";:,]*))*)*):(?P<value>.*)$'
)
ONCE = {
    "VCALENDAR": {"PRODID", "VERSION"},
    "VEVENT": {"UID", "DTSTAMP", "DTSTART"},
    "VTIMEZONE": {"TZID"},
    "STANDARD": {"DTSTART", "TZOFFSETFROM", "TZOFFSETTO"},
    "DAYLIGHT": {"DTSTART", "TZOFFSETFROM", "TZOFFSETTO"},
}
AT_MOST_ONCE = {
    "VCALENDAR": {"CALSCALE", "METHOD"},
    "VEVENT": {
        "CLASS",
        "DESCRIPTION",
        "DTEND",
        "LOCATION",
        "SEQUENCE",
        "STATUS",
        "SUMMARY",
        "URL",
    },
}
PARENT = {
    "VCALENDAR": None,
    "VEVENT": "VCALENDAR",
    "VTIMEZONE": "VCALENDAR",
    "STANDARD": "VTIMEZONE",
    "DAYLIGHT": "VTIMEZONE",
}


def assert_rfc5545(body: bytes) -> None:
    assert body.endswith(b"\r\n")
    physical = body.split(b"\r\n")[:-1]
    for line in physical:
        assert b"\n" not in line and b"\r" not in line, "bare LF or CR"
        assert len(line) <= 75, f"{len(line)} octets: {line!r}"
    lines: list[str] = []
    for line in physical:
        if line[:1] in (b" ", b"\t"):
            lines[-1] += line[1:].decode()
        else:
            lines.append(line.decode())
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"

    stack: list[tuple[str, Counter, list[str]]] = []
    used_tzids: set[str] = set()
    defined_tzids: set[str] = set()
    for line in lines:
        match = CONTENT_LINE.match(line)
        assert match, f"not a content line: {line!r}"
        name, value = match["name"].upper(), match["value"]
        if name == "BEGIN":
            assert value in PARENT, value
            assert (stack[-1][0] if stack else None) == PARENT[value], f"{value} misplaced"
            stack.append((value, Counter(), []))
        elif name == "END":
            component, counts, children = stack.pop()
            assert component == value, f"END:{value} closes {component}"
            for prop in ONCE.get(component, ()):
                assert counts[prop] == 1, f"{component} needs one {prop}"
            for prop in AT_MOST_ONCE.get(component, ()):
                assert counts[prop] <= 1, f"{component} has {prop} twice"
            if component == "VEVENT":
                assert not (counts["DTEND"] and counts["DURATION"])
            if component == "VTIMEZONE":
                assert {"STANDARD", "DAYLIGHT"} & set(children)
            if stack:
                stack[-1][2].append(component)
        else:
            assert stack, f"{name} outside a component"
            stack[-1][1][name] += 1
            tzid = re.search(r";TZID=([^;:]+)", match["params"] or "")
            if tzid:
                used_tzids.add(tzid[1])
            if stack[-1][0] == "VTIMEZONE" and name == "TZID":
                defined_tzids.add(value)
            if stack[-1][0] == "VEVENT" and name == "STATUS":
                assert value in {"TENTATIVE", "CONFIRMED", "CANCELLED"}
    assert not stack, "unclosed component"
    assert used_tzids <= defined_tzids, "a TZID without its VTIMEZONE"


def test_the_structure_check_catches_broken_calendars():
    good = b"BEGIN:VCALENDAR\r\nPRODID:x\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"
    assert_rfc5545(good)
    for broken in [
        good.replace(b"\r\n", b"\n"),
        good.replace(b"END:VCALENDAR\r\n", b""),
        good.replace(b"PRODID:x", b"PRODID:" + b"x" * 80),
        good.replace(b"VERSION:2.0\r\n", b""),
        good.replace(b"VERSION:2.0", b"BEGIN:VEVENT\r\nUID:1\r\nEND:VEVENT\r\nVERSION:2.0"),
        good.replace(
            b"PRODID:x",
            b"PRODID:x\r\nBEGIN:VEVENT\r\nUID:1\r\nDTSTAMP:1\r\n"
            b"DTSTART;TZID=Nowhere:1\r\nEND:VEVENT",
        ),
    ]:
        with pytest.raises(AssertionError):
            assert_rfc5545(broken)


# The calendar ----------------------------------------------------------------


def test_the_feed_is_a_valid_calendar(planned, client):
    response = client.get(feed_url(planned.teacher))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert_rfc5545(response.content)
    calendar = Calendar.from_ical(response.content)
    assert calendar["PRODID"] == "-//PLC//NL"
    assert calendar["VERSION"] == "2.0"
    assert calendar["CALSCALE"] == "GREGORIAN"
    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["X-WR-CALNAME"]
    assert b"\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in response.content
    assert b"\r\nX-PUBLISHED-TTL:PT1H\r\n" in response.content
    for event in calendar.events:
        for prop in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SEQUENCE", "STATUS", "SUMMARY"):
            assert prop in event, prop
        assert event.decoded("DTSTAMP").utcoffset() == dt.timedelta(0)
        assert event["URL"].startswith(settings.SITE_URL + "/meetings/")


def test_the_feed_carries_the_amsterdam_timezone_with_its_summer_time(planned, client):
    calendar = Calendar.from_ical(fetch(client, planned.teacher))
    [vtimezone] = calendar.timezones
    assert vtimezone["TZID"] == "Europe/Amsterdam"
    assert vtimezone.standard and vtimezone.daylight
    # The rules give the same offsets as the tz database, every six hours for 15 years.
    rules = vtimezone.to_tz(lookup_tzid=False)
    moment = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    while moment.year < 2040:
        assert moment.astimezone(rules).utcoffset() == moment.astimezone(AMSTERDAM).utcoffset(), (
            moment
        )
        moment += dt.timedelta(hours=6)


def test_meetings_are_at_half_past_three_local_on_both_sides_of_the_dst_change(planned, client):
    body = fetch(client, planned.teacher)
    before, after = knowledge(planned)
    assert b"DTSTART;TZID=Europe/Amsterdam:20261020T153000\r\n" in body
    assert b"DTSTART;TZID=Europe/Amsterdam:20261103T153000\r\n" in body
    found = events(body)
    for meeting, utc_hour in [(before, 13), (after, 14)]:
        start = found[uid(meeting)].decoded("DTSTART")
        assert (start.hour, start.minute) == (15, 30)
        assert start.astimezone(dt.UTC).hour == utc_hour
        assert found[uid(meeting)].decoded("DTEND") - start == dt.timedelta(minutes=90)


def test_uids_stay_and_the_sequence_rises_when_a_meeting_moves(planned, client):
    meeting = knowledge(planned)[0]
    first, second = events(fetch(client, planned.teacher)), events(fetch(client, planned.teacher))
    assert set(first) == set(second)
    assert uid(meeting) in first
    assert first[uid(meeting)]["SEQUENCE"] == 0

    new_start = meeting.starts_at + dt.timedelta(days=1)
    meeting_services.meeting_update(
        meeting=meeting,
        version=meeting.version,
        by=planned.facilitator,
        starts_at=new_start,
        ends_at=new_start + dt.timedelta(minutes=90),
    )
    after = events(fetch(client, planned.teacher))
    assert set(after) == set(first)
    assert after[uid(meeting)]["SEQUENCE"] == 1
    assert after[uid(meeting)].decoded("DTSTART") == new_start


def test_a_cancelled_meeting_stays_in_the_feed_marked_cancelled(planned, client):
    meeting = knowledge(planned)[0]
    meeting_services.meeting_cancel(meeting=meeting, by=planned.facilitator)
    body = fetch(client, planned.teacher)
    assert_rfc5545(body)
    event = events(body)[uid(meeting)]
    assert event["STATUS"] == "CANCELLED"
    assert event["SEQUENCE"] == 1
    others = [e for key, e in events(body).items() if key != uid(meeting)]
    assert {e["STATUS"] for e in others} == {"CONFIRMED"}


def test_past_meetings_stay_sixty_days_then_leave_the_feed(planned, client, frozen):
    meeting = knowledge(planned)[0]  # 20 October, until 17:00
    meeting_services.meeting_cancel(meeting=meeting, by=planned.facilitator)
    frozen.move_to(meeting.ends_at + dt.timedelta(days=59))
    assert uid(meeting) in events(fetch(client, planned.teacher))
    frozen.move_to(meeting.ends_at + dt.timedelta(days=61))
    assert uid(meeting) not in events(fetch(client, planned.teacher))


def test_summaries_are_in_the_persons_language(planned, client):
    meeting = knowledge(planned)[0]
    teacher = planned.teacher
    teacher.language = "en"
    teacher.save()
    english = str(events(fetch(client, teacher))[uid(meeting)]["SUMMARY"])
    assert english == "Knowledge community · PLG Lezen"
    teacher.language = "nl"
    teacher.save()
    dutch = str(events(fetch(client, teacher))[uid(meeting)]["SUMMARY"])
    assert dutch != english
    assert dutch.endswith(" · PLG Lezen")


# Who sees what -----------------------------------------------------------------


def test_coaching_sessions_are_only_in_the_feeds_of_their_member_and_coach(planned, client):
    coaching = list(planned.community.meetings.filter(kind=ActivityKind.COACHING))
    group = {uid(m) for m in planned.community.meetings.exclude(kind=ActivityKind.COACHING)}
    assert len(coaching) == 4 and len(group) == 3

    def coaching_of(user) -> set[str]:
        return {uid(m) for m in coaching if user.pk in (m.member_id, m.coach_id)}

    for persona in ("teacher", "other_teacher", "coach", "facilitator"):
        user = planned.people[persona]
        assert set(events(fetch(client, user))) == group | coaching_of(user), persona
    assert len(coaching_of(planned.teacher)) == 2
    assert coaching_of(planned.coach) == {uid(m) for m in coaching}
    assert coaching_of(planned.facilitator) == set()


@pytest.mark.parametrize("persona", ["leader", "director", "outsider"])
def test_people_who_are_not_members_get_no_group_meetings(planned, client, persona):
    body = fetch(client, planned.people[persona])
    assert_rfc5545(body)
    assert events(body) == {}


def test_coaching_notes_never_leave_the_app(planned, client, client_for):
    for meeting in planned.community.meetings.all():
        meeting_services.meeting_update(
            meeting=meeting,
            version=meeting.version,
            by=planned.facilitator,
            notes=f"{MARKER} notes",
            decisions=f"{MARKER} decisions",
            agenda="Read aloud",
            topic="Questions",
        )
    for persona in ("teacher", "other_teacher", "coach", "facilitator"):
        body = fetch(client, planned.people[persona])
        assert b"Read aloud" in body
        assert MARKER.encode() not in body
    session = planned.community.meetings.filter(
        kind=ActivityKind.COACHING, member=planned.teacher
    ).first()
    response = client_for("teacher").get(reverse("cycles:meeting_ics", kwargs={"pk": session.pk}))
    assert response.status_code == 200
    assert b"Read aloud" in response.content
    assert MARKER.encode() not in response.content


def test_long_text_is_folded_at_75_octets_with_crlf(planned, client):
    meeting = knowledge(planned)[0]
    agenda = "Één lange regel met ë, ü, 😀 en meer tekst " * 8 + "\nTweede regel"
    meeting_services.meeting_update(
        meeting=meeting,
        version=meeting.version,
        by=planned.facilitator,
        agenda=agenda,
        location="Lokaal 12, gebouw Noord, tweede verdieping, naast de bibliotheek " * 2,
    )
    body = fetch(client, planned.teacher)
    assert_rfc5545(body)
    assert b"\r\n " in body  # long lines were folded
    assert body.count(b"\n") == body.count(b"\r\n")
    description = str(events(body)[uid(meeting)]["DESCRIPTION"])
    assert agenda in description


# Tokens ----------------------------------------------------------------------


def test_the_feed_needs_no_login_and_sets_no_cookies(planned, client):
    url = feed_url(planned.teacher)
    response = client.get(url)
    assert response.status_code == 200
    assert not response.cookies
    assert "private" in response["Cache-Control"] and "max-age=" in response["Cache-Control"]
    assert client.head(url).status_code == 200


def test_the_feed_stays_open_when_every_page_requires_a_login(planned, client, settings):
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE,
        "django.contrib.auth.middleware.LoginRequiredMiddleware",
    ]
    assert client.get(feed_url(planned.teacher)).status_code == 200


def test_a_wrong_token_answers_404(world, client):
    feeds.feed_get_or_create(user=world.teacher)
    url = reverse("cycles:calendar_feed", kwargs={"token": "not-a-token"})
    assert client.get(url).status_code == 404


def test_regenerating_makes_the_old_address_404_at_once(world, client):
    old = feed_url(world.teacher)
    new = feeds.feed_regenerate(user=world.teacher)
    assert client.get(old).status_code == 404
    assert (
        client.get(reverse("cycles:calendar_feed", kwargs={"token": new.token})).status_code == 200
    )


def test_revoking_makes_the_address_404(world, client):
    url = feed_url(world.teacher)
    feeds.feed_revoke(user=world.teacher)
    assert client.get(url).status_code == 404
    assert selectors.feed_of(world.teacher) is None


def test_the_feed_of_a_deactivated_account_answers_404(world, client):
    url = feed_url(world.teacher)
    world.teacher.is_active = False
    world.teacher.save()
    assert client.get(url).status_code == 404


def test_tokens_are_long_random_and_unique(world):
    first = feeds.feed_get_or_create(user=world.teacher)
    assert feeds.feed_get_or_create(user=world.teacher).token == first.token
    second = feeds.feed_regenerate(user=world.teacher)
    assert second.pk == first.pk and second.token != first.token
    assert len(second.token) >= 43
    assert feeds.feed_get_or_create(user=world.coach).token != second.token


# The page ----------------------------------------------------------------------


def test_the_page_offers_to_make_an_address_then_shows_it(world, client_for):
    client = client_for("teacher")
    page = reverse("cycles:calendar")
    html = client.get(page).content.decode()
    assert reverse("cycles:calendar_regenerate") in html
    assert reverse("cycles:calendar_revoke") not in html
    assert selectors.feed_of(world.teacher) is None  # looking does not make one

    response = client.post(reverse("cycles:calendar_regenerate"))
    assert response.status_code == 302 and response["Location"] == page
    feed = selectors.feed_of(world.teacher)
    html = client.get(page).content.decode()
    address = settings.SITE_URL + reverse("cycles:calendar_feed", kwargs={"token": feed.token})
    assert f'value="{address}"' in html
    assert 'for="feed-url"' in html and "readonly" in html
    assert "webcal://" in html
    assert "<script>" not in html and " style=" not in html


def test_the_page_buttons_regenerate_and_stop_the_feed(world, client_for, client):
    teacher = client_for("teacher")
    old = feeds.feed_get_or_create(user=world.teacher)
    teacher.post(reverse("cycles:calendar_regenerate"))
    new = selectors.feed_of(world.teacher)
    assert new.token != old.token
    teacher.post(reverse("cycles:calendar_revoke"))
    assert selectors.feed_of(world.teacher) is None
    client.logout()
    for token in (old.token, new.token):
        url = reverse("cycles:calendar_feed", kwargs={"token": token})
        assert client.get(url).status_code == 404


def test_only_the_owner_changes_their_feed(world, client_for):
    teachers = feeds.feed_get_or_create(user=world.teacher)
    client_for("other_teacher").post(reverse("cycles:calendar_revoke"))
    client_for("other_teacher").post(reverse("cycles:calendar_regenerate"))
    assert selectors.feed_of(world.teacher).token == teachers.token


# One meeting as .ics -------------------------------------------------------------


def test_one_meeting_downloads_as_an_attachment_with_the_feeds_uid(planned, client_for):
    meeting = knowledge(planned)[0]
    response = client_for("teacher").get(reverse("cycles:meeting_ics", kwargs={"pk": meeting.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert ".ics" in response["Content-Disposition"]
    assert_rfc5545(response.content)
    assert list(events(response.content)) == [uid(meeting)]
    assert len(Calendar.from_ical(response.content).timezones) == 1


def test_someone_elses_coaching_session_is_404(planned, client_for):
    session = planned.community.meetings.filter(
        kind=ActivityKind.COACHING, member=planned.teacher
    ).first()
    url = reverse("cycles:meeting_ics", kwargs={"pk": session.pk})
    assert client_for("other_teacher").get(url).status_code == 404
    assert client_for("outsider").get(url).status_code == 404
    assert client_for("coach").get(url).status_code == 200
    assert client_for("teacher").get(url).status_code == 200
