"""The weekly digest: from Monday 07:00 Amsterdam time (also right after the clocks change),
once per person per week, nothing when there is nothing to say, in the reader's language,
and never with anything the reader could not see in the app."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from accounts.models import User
from communities import services as community_services
from cycles.models import ActivityKind, Meeting
from cycles.services import meetings as meeting_services
from cycles.services import products as product_services
from notifications import outbox, preferences
from notifications.collectors import digest
from notifications.models import Kind, Message
from observations.models import Instrument, ScanStatement
from observations.selectors import scan as scan_selectors
from observations.services import reflections as reflection_services
from observations.services import scan as scan_services
from observations.services import visits as visit_services

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
UTC = dt.UTC


def local(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=AMSTERDAM)


# The data is made on the Friday before; the digest goes out on Monday 2 November 2026
# (ISO week 45), in winter time: 07:00 in Amsterdam is 06:00 UTC.
SEEDED = local(2026, 10, 30, 12, 0)
MONDAY = local(2026, 11, 2, 7, 0)
WEEK = "2026-W45"

# Strings nobody may read in a digest: private or coach-only, or a draft.
SECRETS = [
    "PRIVATE-REFLECTION",
    "COACH-REFLECTION",
    "DRAFT-REFLECTION",
    "REFLECTION-BODY",
    "PRIVATE-MARKER",  # the teacher's private goal (tests/conftest.py)
    "COACH-MARKER",  # the teacher's coach-only goal
    "PROGRESS-DONE",
    "VISIT-FOCUS",
    "SCORE-EVIDENCE",
    "COACHING-SESSION",
]


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(SEEDED, tick=False) as traveller:
        yield traveller


def digests() -> list:
    return [
        m for m in mail.outbox if m.extra_headers.get("X-PLC-Message", "").startswith("digest:")
    ]


def digest_to(address: str):
    found = [m for m in digests() if m.to == [address]]
    assert len(found) <= 1, f"{len(found)} digests to {address}"
    return found[0] if found else None


def whole(message) -> str:
    """Subject, plain text and HTML of a mail."""
    return "\n".join([message.subject, message.body, *(c for c, _t in message.alternatives)])


def send_at(clock, moment: dt.datetime) -> None:
    clock.move_to(moment, tick=False)
    outbox.send_due(moment)


def instrument() -> Instrument:
    return Instrument.objects.get(name="Algemene lesobservatie", organisation=None)


def meeting_at(community, when: dt.datetime, kind=ActivityKind.KNOWLEDGE, **fields) -> Meeting:
    return Meeting.objects.create(
        community=community,
        kind=kind,
        starts_at=when,
        ends_at=when + dt.timedelta(minutes=90),
        **fields,
    )


def seed_week(world) -> dict:
    """A week in the community: a meeting to come and one that took decisions, a product,
    reflections shared in every way, goal progress, an action, a scan round and visits."""
    w = world
    coming = meeting_at(
        w.community, local(2026, 11, 3, 15, 30), topic="Reading aloud", location="Lokaal 12"
    )
    coaching = meeting_at(
        w.community,
        local(2026, 11, 4, 14, 0),
        kind=ActivityKind.COACHING,
        member=w.teacher,
        coach=w.coach,
        topic="COACHING-SESSION",
    )
    decided = meeting_at(
        w.community,
        local(2026, 10, 29, 15, 30),
        status=Meeting.Status.HELD,
        decisions="We use the reading rubric in every class from now on.",
    )
    product = product_services.product_create(
        community=w.community,
        title="Reading rubric",
        link="https://example.org/rubric",
        by=w.facilitator,
    )
    shared = reflection_services.reflection_save(
        author=w.teacher,
        community=w.community,
        title="What the rubric did",
        text="REFLECTION-BODY shared",
        visibility="community",
        publish=True,
    )
    for title, visibility, publish in [
        ("PRIVATE-REFLECTION", "private", True),
        ("COACH-REFLECTION", "coach", True),
        ("DRAFT-REFLECTION", "community", False),
    ]:
        reflection_services.reflection_save(
            author=w.teacher,
            community=w.community,
            title=title,
            text=f"REFLECTION-BODY {title}",
            visibility=visibility,
            publish=publish,
        )
    today = timezone.localdate()
    for goal, value in [
        (w.goal, 40),
        (w.private_goal, 30),
        (w.coach_goal, 20),
        (w.shared_goal, 60),
    ]:
        community_services.goal_progress_add(
            goal=goal,
            author=w.facilitator if goal == w.goal else w.teacher,
            date=today,
            done="PROGRESS-DONE",
            value=value,
        )
    action = meeting_services.action_add(
        meeting=decided,
        description="Bring three pupil texts",
        owner=w.other_teacher,
        due_date=dt.date(2026, 11, 10),
    )
    scan_round = scan_services.scan_round_open(
        community=w.community, scan=scan_selectors.scan_default()
    )
    statements = ScanStatement.objects.filter(theme__scan=scan_round.scan)
    scan_services.scan_answer(
        scan_round=scan_round,
        respondent=w.facilitator,
        scores={s.pk: 3 for s in statements},
    )
    # Tess is observed by Otto this week; last week's lesson was observed (scores written)
    # and waits for her reflection. Both are private to the people in them.
    visit = visit_services.visit_plan(
        community=w.community,
        observed=w.teacher,
        observers=[w.other_teacher],
        instrument=instrument(),
        starts_at=local(2026, 11, 5, 10, 0),
        group="5B",
    )
    visit_services.visit_record_contract(
        visit=visit,
        version=visit.version,
        focus="VISIT-FOCUS",
        data_collection="VISIT-FOCUS",
        agreements="VISIT-FOCUS",
        focus_items=[],
    )
    observed = visit_services.visit_plan(
        community=w.community,
        observed=w.teacher,
        observers=[w.other_teacher],
        instrument=instrument(),
        starts_at=local(2026, 10, 28, 9, 0),
        group="6A",
    )
    item = instrument().domains.first().items.first()
    visit_services.score_save(visit=observed, item=item, level=None, evidence="SCORE-EVIDENCE")
    # Elsewhere: a product in the outside community, so its facilitator gets a digest too.
    product_services.product_create(
        community=w.outside_community,
        title="Elsewhere product",
        link="https://example.org/elsewhere",
        by=w.outsider,
    )
    return {
        "coming": coming,
        "coaching": coaching,
        "decided": decided,
        "product": product,
        "shared": shared,
        "action": action,
        "scan_round": scan_round,
        "visit": visit,
        "observed": observed,
    }


MEMBERS = [
    "teacher@example.org",
    "other@example.org",
    "facilitator@example.org",
    "coach@example.org",
]


class TestOncePerWeek:
    def test_one_digest_per_person_per_week_however_often_the_scan_runs(self, world, clock):
        seed_week(world)
        send_at(clock, MONDAY)
        send_at(clock, MONDAY)  # beat running twice
        moment = MONDAY
        while moment < local(2026, 11, 8, 23, 59):  # and every few hours all week
            moment += dt.timedelta(hours=7)
            send_at(clock, moment)
        received = sorted(m.to[0] for m in digests())
        assert received == sorted([*MEMBERS, "outsider@example.org"])
        # Leaders and directors who aren't members get none (yet).
        assert digest_to("leader@example.org") is None
        assert digest_to("director@example.org") is None
        rows = Message.objects.filter(kind=Kind.DIGEST)
        assert rows.count() == 5
        assert {m.key for m in rows} == {
            f"digest:{world.people[p].pk}:{WEEK}"
            for p in ["teacher", "other_teacher", "facilitator", "coach", "outsider"]
        }
        assert set(rows.values_list("status", flat=True)) == {Message.Status.SENT}
        # The next Monday brings the next week's digest.
        send_at(clock, local(2026, 11, 9, 7, 0))
        assert Message.objects.filter(kind=Kind.DIGEST, about="digest:2026-W46").count() == 5

    def test_nothing_to_say_no_mail_and_a_skipped_row(self, world, clock):
        send_at(clock, MONDAY)
        assert digests() == []
        rows = Message.objects.filter(kind=Kind.DIGEST)
        assert rows.count() == 5
        assert set(rows.values_list("status", flat=True)) == {Message.Status.SKIPPED}
        send_at(clock, MONDAY + dt.timedelta(minutes=1))
        assert Message.objects.filter(kind=Kind.DIGEST).count() == 5  # not built again
        assert digest.candidates(digest.due_week(MONDAY)) == []

    def test_digest_turned_off_nothing_at_all(self, world, clock):
        seed_week(world)
        preferences.preference_update(user=world.other_teacher, digest=False)
        send_at(clock, MONDAY)
        assert digest_to("other@example.org") is None
        assert not Message.objects.filter(kind=Kind.DIGEST, recipient=world.other_teacher)
        assert digest_to("teacher@example.org") is not None

    def test_an_inactive_person_gets_none(self, world, clock):
        seed_week(world)
        User.objects.filter(pk=world.other_teacher.pk).update(is_active=False)
        send_at(clock, MONDAY)
        assert digest_to("other@example.org") is None

    def test_a_digest_not_sent_in_its_own_week_is_not_sent_later(self, world, clock, monkeypatch):
        seed_week(world)
        monkeypatch.setattr(outbox, "_enqueue_now", lambda pk: None)  # the worker is down
        send_at(clock, MONDAY)
        message = Message.objects.get(kind=Kind.DIGEST, recipient=world.other_teacher)
        clock.move_to(local(2026, 11, 8, 23, 0), tick=False)  # still Sunday: sent
        assert outbox.message_send(message.pk) == "sent"
        other = Message.objects.get(kind=Kind.DIGEST, recipient=world.teacher)
        clock.move_to(local(2026, 11, 9, 0, 30), tick=False)  # Monday after: too late
        assert outbox.message_send(other.pk) == "skipped"


class TestMondaySevenAmsterdamTime:
    @pytest.mark.parametrize(
        ("before", "at", "utc", "week"),
        [
            # Summer time ended on Sunday 25 October 2026: 07:00 is 06:00 UTC.
            (local(2026, 10, 26, 6, 59), local(2026, 10, 26, 7, 0), 6, "2026-W44"),
            # Summer time began on Sunday 28 March 2027: 07:00 is 05:00 UTC.
            (local(2027, 3, 29, 6, 59), local(2027, 3, 29, 7, 0), 5, "2027-W13"),
        ],
        ids=["after-summer-time", "into-summer-time"],
    )
    def test_not_at_six_fifty_nine_yes_at_seven(self, world, clock, before, at, utc, week):
        assert at.astimezone(UTC).hour == utc
        meeting_services.action_add(
            meeting=meeting_at(world.community, SEEDED - dt.timedelta(days=1)),
            description="Something to do",
            owner=world.teacher,
            due_date=None,
        )
        send_at(clock, before)
        assert not Message.objects.filter(kind=Kind.DIGEST).exists()
        send_at(clock, at)
        message = Message.objects.get(kind=Kind.DIGEST, recipient=world.teacher)
        assert message.key == f"digest:{world.teacher.pk}:{week}"
        assert message.status == Message.Status.SENT
        assert digest.due_week(at - dt.timedelta(minutes=1)) is None
        assert digest.due_week(at.astimezone(UTC)).label == week

    def test_due_all_week_until_sunday_night(self):
        assert digest.due_week(local(2026, 11, 8, 23, 59)).label == WEEK
        assert digest.due_week(local(2026, 11, 9, 0, 0)) is None
        assert digest.due_week(local(2026, 11, 9, 6, 59, 59)) is None


class TestWhatIsInIt:
    def test_sections_links_and_both_parts(self, world, clock):
        data = seed_week(world)
        send_at(clock, MONDAY)
        message = digest_to("other@example.org")
        body, (html, mimetype) = message.body, message.alternatives[0]
        assert mimetype == "text/html"
        for part in (body, html):
            # This week
            assert "Reading aloud" in part and "Lokaal 12" in part
            assert f"http://127.0.0.1:8000/meetings/{data['coming'].pk}/" in part
            assert f"http://127.0.0.1:8000/visits/{data['visit'].pk}/" in part
            assert "Tess Teacher" in part  # whom Otto observes, and the class
            assert "5B" in part
            # What changed
            assert "Reading rubric" in part
            assert f"http://127.0.0.1:8000/products/{data['product'].pk}/" in part
            assert "We use the reading rubric in every class" in part
            assert "What the rubric did" in part
            assert f"http://127.0.0.1:8000/reflections/{data['shared'].pk}/" in part
            assert "Pupils summarise a text" in part and "40%" in part
            assert "SHARED-MARKER think aloud" in part and "60%" in part
            # Waiting for Otto
            assert "Bring three pupil texts" in part
            assert f"http://127.0.0.1:8000/scan-rounds/{data['scan_round'].pk}/answer/" in part
            # Unsubscribe
            assert "http://127.0.0.1:8000/mail/unsubscribe/" in part
        assert "<h2>" in html and "<h3>" in html
        assert message.extra_headers["List-Unsubscribe"].startswith("<http://127.0.0.1:8000/")

    def test_empty_sections_are_left_out(self, world, clock):
        data = seed_week(world)
        send_at(clock, MONDAY)
        # The facilitator answered the scan and has no visit, action or reflection to write.
        html = digest_to("facilitator@example.org").alternatives[0][0]
        assert f"/scan-rounds/{data['scan_round'].pk}/" not in html
        assert "/visits/" not in html and "/my/reflections/new/" not in html
        # This week (meetings) and what changed (products, decisions, reflections,
        # progress); no visits, nothing waiting.
        assert html.count("<h2>") == 2
        assert html.count("<h3>") == 5
        other = digest_to("other@example.org").alternatives[0][0]
        assert other.count("<h2>") == 3
        assert other.count("<h3>") == 2 + 4 + 2  # meetings, visits; …; actions, scan

    def test_waiting_for_the_observed_teacher_her_reflection(self, world, clock):
        data = seed_week(world)
        send_at(clock, MONDAY)
        text = digest_to("teacher@example.org").body
        observed = data["observed"]
        assert f"/my/reflections/new/?visit={observed.pk}&community={world.community.pk}" in text
        assert "6A" in text
        # Her own reflection and her own goal's progress are not news to her.
        assert "What the rubric did" not in text
        assert "SHARED-MARKER" not in text
        # Her coaching session is in her digest, and in her coach's; nobody else's.
        coaching = f"/meetings/{data['coaching'].pk}/"
        assert coaching in text
        assert coaching in digest_to("coach@example.org").body
        assert coaching not in digest_to("other@example.org").body
        assert coaching not in digest_to("facilitator@example.org").body


class TestPrivacy:
    def test_private_things_never_in_anyones_digest(self, world, clock):
        data = seed_week(world)
        send_at(clock, MONDAY)
        assert len(digests()) == 5
        for message in digests():
            text = whole(message)
            for secret in SECRETS:
                if secret == "COACHING-SESSION" and message.to[0] in (
                    "teacher@example.org",
                    "coach@example.org",
                ):
                    continue  # the session's own member and coach see its topic
                assert secret not in text, (secret, message.to)
        # A visit is only in the digests of the people in it.
        visit = f"/visits/{data['visit'].pk}/"
        assert visit in digest_to("teacher@example.org").body
        assert visit in digest_to("other@example.org").body
        for address in ["facilitator@example.org", "coach@example.org", "outsider@example.org"]:
            assert visit not in whole(digest_to(address))
        # Nor what is stored with the queued mail.
        for row in Message.objects.filter(kind=Kind.DIGEST):
            for secret in SECRETS[:-1]:
                assert secret not in row.subject + row.text + row.html

    def test_a_shared_reflection_reaches_fellow_members_only(self, world, clock):
        seed_week(world)
        send_at(clock, MONDAY)
        for address in ["other@example.org", "facilitator@example.org", "coach@example.org"]:
            assert "What the rubric did" in whole(digest_to(address))
        outsider = whole(digest_to("outsider@example.org"))
        assert "Elsewhere product" in outsider
        assert "What the rubric did" not in outsider
        assert "Reading rubric" not in outsider
        assert "PLG Lezen" not in outsider

    def test_a_removed_member_hears_nothing_more_of_the_community(self, world, clock):
        seed_week(world)
        world.membership("other_teacher").delete()
        send_at(clock, MONDAY)
        assert digest_to("other@example.org") is None

    def test_nor_when_they_are_in_another_community_and_built_with_its_members(self, world, clock):
        """Otto moved to PLG Rekenen; his open action and his visit in PLG Lezen stay
        there, although his digest is built in one batch with Tess's, who is still in it."""
        data = seed_week(world)
        world.membership("other_teacher").delete()
        community_services.membership_add(
            community=world.other_community, user=world.other_teacher, role="member"
        )
        product_services.product_create(
            community=world.other_community,
            title="Number line",
            link="https://example.org/number-line",
            by=world.other_teacher,
        )
        send_at(clock, MONDAY)
        text = whole(digest_to("other@example.org"))
        assert "Number line" in text
        assert "Bring three pupil texts" not in text
        assert f"/visits/{data['visit'].pk}/" not in text
        assert "PLG Lezen" not in text


class TestLanguage:
    def test_english_for_english_readers_dutch_by_default(self, world, clock):
        User.objects.filter(pk=world.teacher.pk).update(language="en")
        seed_week(world)
        send_at(clock, MONDAY)
        english = digest_to("teacher@example.org")
        dutch = digest_to("other@example.org")
        assert Message.objects.get(kind=Kind.DIGEST, recipient=world.teacher).language == "en"
        assert Message.objects.get(kind=Kind.DIGEST, recipient=world.other_teacher).language == (
            "nl"
        )
        assert "Hello Tess," in english.body
        assert "Tuesday 3 November" in english.body
        assert "2 November" in english.subject
        assert "dinsdag 3 november" in dutch.body
        assert "2 november" in dutch.subject
        assert "Tuesday" not in whole(dutch)
