"""Mail through the real machinery: PostgreSQL, a Redis broker, Celery worker processes and
an SMTP server (aiosmtpd on 127.0.0.1). Each test checks what the SMTP server received:
every mail exactly once, also when two scans run at once, when the server refuses the first
attempt, when a worker is killed in the middle of sending, and when one address bounces.

Runs only in CI's services run (DATABASE_URL=postgres://..., REDIS_URL=redis://...): the
worker is another process and can't see the embedded run's in-memory SQLite database.
"""

import datetime as dt
import re
from collections import Counter

import pytest
from django.conf import settings as django_settings
from django.db import connection, transaction
from django.utils import timezone

from communities import services as community_services
from communities.models import Membership
from cycles.models import ActivityKind, Meeting
from notifications import preferences, tasks
from notifications.collectors import meetings
from notifications.models import Kind, Message
from tests.factories import SchoolFactory, UserFactory, make_community
from tests.notifications.conftest import SEND_DUE as SCAN
from tests.notifications.conftest import SKIP_REASON, services_available, wait_until

pytestmark = pytest.mark.skipif(not services_available(), reason=SKIP_REASON)


def meeting_for(*emails: str) -> tuple[Meeting, list]:
    """A knowledge meeting in two hours, with these people as members: each is due a
    reminder now (the default lead is 24 hours), and nothing else. The scans run in other
    processes on the real clock, so the weekly digest (due from Monday 07:00 all week) is
    turned off for them: otherwise what is queued would depend on the day."""
    community = make_community(schools=[SchoolFactory()])
    people = []
    for address in emails:
        person = UserFactory(email=address)
        community_services.membership_add(
            community=community, user=person, role=Membership.Role.MEMBER
        )
        preferences.preference_update(user=person, digest=False)
        people.append(person)
    starts_at = timezone.now() + dt.timedelta(hours=2)
    meeting = Meeting.objects.create(
        community=community,
        kind=ActivityKind.KNOWLEDGE,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=1),
        location="Room 12",
        topic="Reading strategies",
    )
    return meeting, people


def reminder_key(meeting: Meeting, person) -> str:
    return f"meeting_reminder:{person.pk}:{meeting.pk}:{meeting.sequence}"


def assert_each_sent_mail_delivered_once(sink, expected: set[str]) -> None:
    """What arrived is exactly what the outbox marks sent, each mail once, and the mails
    the test expects are among them. (A scan also runs the other collectors, so a digest
    may come along: it is held to the same rule.)"""
    counts = Counter(sink.keys())
    duplicates = {key: n for key, n in counts.items() if n > 1}
    assert not duplicates, f"delivered more than once: {duplicates}"
    sent = set(Message.objects.filter(status=Message.Status.SENT).values_list("key", flat=True))
    assert set(counts) == sent
    assert expected <= sent, f"not delivered: {sorted(expected - sent)}"


def header(mail, name: str) -> str:
    """A header's value, unfolded (a long one is folded onto the next line; the leading
    white space that leaves is not part of the value, RFC 5322 2.2.3)."""
    return str(mail[name]).strip()


def _normalised(text: str) -> str:
    return text.replace("\r\n", "\n").strip()


def test_reminder_goes_through_redis_and_a_worker_to_smtp_once(worker, smtp_sink):
    meeting, [person] = meeting_for("tess@example.org")

    assert meetings.meeting_reminders(timezone.now()) == 1  # queued here, sent by the worker

    row = Message.objects.get()
    [received] = smtp_sink.wait_for({row.key}, timeout=30, detail=worker.tail)
    worker.wait_idle()
    assert worker.results() == ["'sent'"]  # it went through Redis to the worker process
    assert len(smtp_sink.snapshot()) == 1
    assert_each_sent_mail_delivered_once(smtp_sink, {reminder_key(meeting, person)})

    row.refresh_from_db()
    assert row.kind == Kind.MEETING_REMINDER
    assert (row.status, row.attempts) == (Message.Status.SENT, 1)
    assert row.sent_at is not None
    assert received.rcpt_tos == ["tess@example.org"]
    assert received.mail_from == "noreply@localhost"

    mail = received.message
    assert header(mail, "Subject") == row.subject
    assert header(mail, "To") == "tess@example.org"
    assert header(mail, "X-PLC-Message") == row.key
    assert header(mail, "List-Unsubscribe") == f"<{row.unsubscribe_url}>"
    assert re.fullmatch(r"<https?://[^/\s>]+/[^\s>]*>", header(mail, "List-Unsubscribe"))
    assert header(mail, "List-Unsubscribe-Post") == "List-Unsubscribe=One-Click"
    assert mail.get_content_type() == "multipart/alternative"
    parts = {part.get_content_type(): part for part in mail.iter_parts()}
    assert set(parts) == {"text/plain", "text/html"}
    plain, html = parts["text/plain"].get_content(), parts["text/html"].get_content()
    assert _normalised(plain) == _normalised(row.text)
    assert _normalised(html) == _normalised(row.html)
    assert "Reading strategies" in plain
    assert "Reading strategies" in html
    assert "<html" in html.lower()
    assert row.unsubscribe_url in plain
    assert row.unsubscribe_url.replace("&", "&amp;") in html


def waiting_for_a_lock() -> int:
    """Connections to this test's database that wait for a lock."""
    with connection.cursor() as cursor:
        # In a transaction, PostgreSQL shows the activity as it was at the first look.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def test_two_due_scans_at_once_deliver_each_mail_once(start_worker, smtp_sink, manage):
    workers = [start_worker(), start_worker()]  # two workers: the claims race, too
    meeting, people = meeting_for(*(f"member{i}@example.org" for i in range(5)))
    expected = {reminder_key(meeting, person) for person in people}

    # Two scans at the same moment, as two processes (two beat ticks, or cron and beat).
    # They start together: the outbox is locked until both wait for it, so both find the
    # same five reminders missing and both try to queue them.
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("LOCK TABLE notifications_message IN ACCESS EXCLUSIVE MODE")
        scans = [manage.start("send_due_mail"), manage.start("send_due_mail")]
        wait_until(
            lambda: waiting_for_a_lock() == 2 or any(s.poll() is not None for s in scans),
            timeout=60,
            what="both scans to reach the outbox",
        )
        assert waiting_for_a_lock() == 2
    outputs = [manage.finish(scan) for scan in scans]
    assert all(re.fullmatch(r"\d+ mail queued, \d+ handed over\n", out) for out in outputs)

    smtp_sink.wait_for(expected, timeout=60, detail=workers[0].tail)
    for worker in workers:
        worker.wait_idle(timeout=60)
    assert_each_sent_mail_delivered_once(smtp_sink, expected)
    # A mail goes to a worker when it is queued and again when a scan finds it waiting; how
    # much the second scan still found waiting depends on how fast the workers were. So
    # only this holds: one run of each mail sent it, every other run found it taken (busy)
    # or done (skipped).
    counts = [re.fullmatch(r"(\d+) mail queued, (\d+) handed over\n", out) for out in outputs]
    assert sum(int(c.group(1)) for c in counts) == len(expected)  # queued once, in all
    runs = sum(int(c.group(1)) + int(c.group(2)) for c in counts)
    results = workers[0].results() + workers[1].results()
    assert len(results) == runs
    assert results.count("'sent'") == len(smtp_sink.snapshot()) == len(expected)
    assert set(results) <= {"'sent'", "'busy'", "'skipped'"}
    # One claim per mail: nothing was claimed twice.
    reminders = Message.objects.filter(kind=Kind.MEETING_REMINDER)
    assert {(r.key, r.status, r.attempts) for r in reminders} == {
        (key, Message.Status.SENT, 1) for key in expected
    }
    sent = Message.objects.filter(status=Message.Status.SENT)
    assert set(sent.values_list("attempts", flat=True)) == {1}


# With NOTIFICATIONS_RETRY_SECONDS (the first backoff; a minute by default), the worker's
# own retry can be watched in a test; without it, the test brings the next attempt forward.
SHORT_RETRY = hasattr(django_settings, "NOTIFICATIONS_RETRY_SECONDS")


def test_refused_first_attempt_is_retried_and_delivered_once(start_worker, smtp_sink):
    worker = start_worker(NOTIFICATIONS_RETRY_SECONDS="1")
    smtp_sink.fail_first = 1  # "451 try again later" to the first message
    meeting, [person] = meeting_for("greylisted@example.org")

    assert meetings.meeting_reminders(timezone.now()) == 1
    row = Message.objects.get()

    if not SHORT_RETRY:
        worker.wait_idle()
        assert worker.results() == ["retry"]
        row.refresh_from_db()
        assert (row.status, row.attempts) == (Message.Status.PENDING, 1)
        assert "451" in row.last_error
        assert row.next_attempt_at > timezone.now()  # backed off, by a minute
        assert smtp_sink.snapshot() == []
        # Bring the next attempt forward and let the worker run the due-scan (as beat does
        # every minute): it hands the mail over again.
        Message.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
        tasks.send_due.delay()

    [received] = smtp_sink.wait_for({row.key}, timeout=30, detail=worker.tail)
    worker.wait_idle()
    assert [item.key for item in smtp_sink.refused] == [row.key]  # the first attempt
    assert received.rcpt_tos == ["greylisted@example.org"]
    if SHORT_RETRY:  # the task's own retry, a second later, sent it
        assert worker.results() == ["retry", "'sent'"]
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error) == (Message.Status.SENT, 2, "")
    assert len(smtp_sink.delivered(row.key)) == 1
    assert_each_sent_mail_delivered_once(smtp_sink, {row.key})


def test_worker_killed_mid_send_the_mail_is_delivered_once(start_worker, smtp_sink):
    lease = 2
    first = start_worker(NOTIFICATIONS_SEND_LEASE_SECONDS=str(lease))
    smtp_sink.stall_first = 1  # hold the reply to the first DATA, so we can kill the sender
    smtp_sink.stall_seconds = 15  # less than EMAIL_TIMEOUT (20 s): the client waits
    meeting, [person] = meeting_for("patient@example.org")

    assert meetings.meeting_reminders(timezone.now()) == 1
    row = Message.objects.get()
    wait_until(
        smtp_sink.stalling.is_set,
        timeout=30,
        what="the worker to be in the middle of sending",
        detail=first.tail,
    )
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Message.Status.SENDING, 1)

    first.kill()  # kill -9 while the SMTP server has the mail but hasn't said 250
    wait_until(
        lambda: len(smtp_sink.interrupted) == 1,
        timeout=20,
        what="the SMTP server to see the interrupted transaction",
    )
    assert first.results() == []  # the task never finished
    assert smtp_sink.snapshot() == []

    second = start_worker(NOTIFICATIONS_SEND_LEASE_SECONDS=str(lease))
    row.refresh_from_db()
    assert row.status == Message.Status.SENDING  # still claimed by the dead worker
    # Once the lease has run out, the due-scan (in the new worker) hands the mail over.
    wait_until(
        lambda: timezone.now() > row.claimed_at + dt.timedelta(seconds=lease + 0.5),
        timeout=lease + 5,
        what="the lease to run out",
    )
    tasks.send_due.delay()

    [received] = smtp_sink.wait_for({row.key}, timeout=30, detail=second.tail)
    second.wait_idle()
    assert second.results(SCAN) != []
    assert smtp_sink.interrupted[0].key == row.key
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Message.Status.SENT, 2)
    assert len(smtp_sink.delivered(row.key)) == 1
    assert_each_sent_mail_delivered_once(smtp_sink, {row.key})


def test_one_bouncing_address_does_not_stop_the_others(worker, smtp_sink):
    smtp_sink.reject = {"gone@example.org"}  # "550 no such user", every time
    meeting, people = meeting_for(
        "gone@example.org", "anna@example.org", "bram@example.org", "cas@example.org"
    )
    gone, *others = people
    expected = {reminder_key(meeting, person) for person in others}

    assert meetings.meeting_reminders(timezone.now()) == 4

    smtp_sink.wait_for(expected, timeout=30, detail=worker.tail)
    worker.wait_idle()
    results = worker.results()
    assert len(results) == 4
    assert results.count("'sent'") == 3
    # A 550 is for good: the mail is marked failed at once, not retried for an hour.
    assert results.count("'failed'") == 1
    assert_each_sent_mail_delivered_once(smtp_sink, expected)
    assert sorted(r for item in smtp_sink.snapshot() for r in item.rcpt_tos) == [
        "anna@example.org",
        "bram@example.org",
        "cas@example.org",
    ]
    assert smtp_sink.rejected_rcpts == ["gone@example.org"]

    bounced = Message.objects.get(recipient=gone)
    assert bounced.status == Message.Status.FAILED
    assert bounced.sent_at is None
    assert "550" in bounced.last_error
    assert set(Message.objects.exclude(recipient=gone).values_list("status", flat=True)) == {
        Message.Status.SENT
    }
