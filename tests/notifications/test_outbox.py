"""The outbox and the meeting mails: sent once, on time, in the reader's language, with a
one-click unsubscribe; a failure is retried later and never stops the others."""

import datetime as dt
import smtplib
from contextlib import contextmanager
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import IntegrityError, connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from cycles.models import ActivityKind, Meeting
from cycles.services import meetings as meeting_services
from notifications import outbox, preferences
from notifications.models import Kind, Message, Preference

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def meeting_at(world, when: dt.datetime, kind: str = ActivityKind.KNOWLEDGE, **fields) -> Meeting:
    return Meeting.objects.create(
        community=world.community,
        kind=kind,
        starts_at=when,
        ends_at=when + dt.timedelta(hours=1, minutes=30),
        location="Lokaal 12",
        **fields,
    )


def local(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=AMSTERDAM)


@pytest.fixture(autouse=True)
def only_meeting_mail(monkeypatch, world):
    """These tests are about the outbox and the meeting mails: the other collectors (digest,
    goal nudges, ...) have their own tests and stay out of the way here, and so does the
    test world's own invitation mail."""
    from notifications import registry
    from notifications.collectors import meetings

    monkeypatch.setattr(registry, "collectors", lambda: list(meetings.COLLECTORS))
    Message.objects.all().delete()


def to(address: str) -> list:
    return [m for m in mail.outbox if m.to == [address]]


class FlakyBackend(EmailBackend):
    """Refuses mail to one address, as a mail server that is having a bad moment."""

    refuse = "other@example.org"

    def send_messages(self, messages):
        if any(self.refuse in m.to for m in messages):
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


class TestMeetingReminders:
    def test_members_get_one_reminder_a_day_before(self, world):
        meeting = meeting_at(world, local(2026, 12, 3, 15, 30))
        with time_machine.travel(local(2026, 12, 2, 15, 0)):
            outbox.send_due()
        assert mail.outbox == []  # 24.5 hours before: not yet
        with time_machine.travel(local(2026, 12, 2, 15, 31)):
            outbox.send_due()
            outbox.send_due()  # a second scan, or beat running twice, adds nothing
        members = {"teacher@example.org", "other@example.org", "facilitator@example.org"}
        members |= {"coach@example.org"}
        assert sorted(m.to[0] for m in mail.outbox) == sorted(members)
        assert Message.objects.filter(status=Message.Status.SENT).count() == 4
        body = to("teacher@example.org")[0].body
        assert "Lokaal 12" in body
        assert f"http://127.0.0.1:8000/meetings/{meeting.pk}/" in body

    def test_a_chosen_lead_time_and_turning_reminders_off(self, world):
        meeting_at(world, local(2026, 12, 3, 15, 30))
        preferences.preference_update(user=world.teacher, reminder_hours=2)
        preferences.preference_update(user=world.other_teacher, meeting_reminder=False)
        with time_machine.travel(local(2026, 12, 2, 15, 31)):
            outbox.send_due()
        assert to("teacher@example.org") == [] and to("other@example.org") == []
        with time_machine.travel(local(2026, 12, 3, 13, 31)):
            outbox.send_due()
        assert len(to("teacher@example.org")) == 1 and to("other@example.org") == []

    def test_across_the_dst_weekend_the_reminder_follows_the_wall_clock(self, world):
        # Summer time starts on Sunday 28 March 2027: 15:30 on Monday is 13:30 UTC, but
        # 24 hours earlier is 14:30 on Sunday (also 13:30 UTC... minus the lost hour).
        meeting_at(world, local(2027, 3, 29, 15, 30))
        with time_machine.travel(local(2027, 3, 28, 15, 29)):
            outbox.send_due()
        assert mail.outbox == []
        with time_machine.travel(local(2027, 3, 28, 15, 31)):
            outbox.send_due()
        assert len(to("teacher@example.org")) == 1
        assert "15:30" in to("teacher@example.org")[0].body

    def test_coaching_reminds_only_the_member_and_the_coach(self, world):
        meeting_at(
            world,
            local(2026, 12, 3, 9, 0),
            kind=ActivityKind.COACHING,
            member=world.teacher,
            coach=world.coach,
        )
        with time_machine.travel(local(2026, 12, 2, 9, 1)):
            outbox.send_due()
        assert sorted(m.to[0] for m in mail.outbox) == ["coach@example.org", "teacher@example.org"]

    def test_in_the_readers_language(self, world):
        meeting_at(world, local(2026, 12, 3, 15, 30))
        User.objects.filter(pk=world.teacher.pk).update(language="en")
        with time_machine.travel(local(2026, 12, 2, 15, 31)):
            outbox.send_due()
        assert to("teacher@example.org")[0].subject.startswith("Reminder:")
        assert to("other@example.org")[0].subject.startswith("Herinnering:")


class TestChanges:
    def test_a_move_is_announced_and_reminded_at_the_new_time(self, world):
        meeting = meeting_at(world, local(2026, 12, 3, 15, 30))
        with time_machine.travel(local(2026, 12, 2, 15, 31)):
            outbox.send_due()
            mail.outbox.clear()
            meeting_services.meeting_update(
                meeting=meeting,
                version=meeting.version,
                by=world.facilitator,
                reason="Studiedag",
                starts_at=local(2026, 12, 10, 15, 30),
                ends_at=local(2026, 12, 10, 17, 0),
            )
            outbox.send_due()
        notices = [m for m in mail.outbox if "Studiedag" in m.body]
        # Everyone but the facilitator who moved it.
        assert sorted(m.to[0] for m in notices) == [
            "coach@example.org",
            "other@example.org",
            "teacher@example.org",
        ]
        with time_machine.travel(local(2026, 12, 9, 15, 31)):
            mail.outbox.clear()
            outbox.send_due()
        assert len(to("teacher@example.org")) == 1  # reminded again, for the new date

    def test_a_cancelled_meeting_is_announced_and_its_queued_reminder_not_sent(
        self, world, settings
    ):
        meeting = meeting_at(world, local(2026, 12, 3, 15, 30))
        settings.CELERY_TASK_ALWAYS_EAGER = True
        with time_machine.travel(local(2026, 12, 2, 15, 31)):
            # The reminders are queued, but the mail server is away for a moment.
            settings.EMAIL_BACKEND = "tests.notifications.test_outbox.AlwaysDown"
            outbox.send_due()
            assert mail.outbox == []
            meeting_services.meeting_cancel(meeting=meeting, by=world.facilitator, reason="Ziek")
            settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        with time_machine.travel(local(2026, 12, 2, 16, 0)):
            outbox.send_due()
        assert all("Ziek" in m.body for m in mail.outbox)
        assert (
            Message.objects.filter(
                kind=Kind.MEETING_REMINDER, status=Message.Status.SKIPPED
            ).count()
            == 4
        )


class AlwaysDown(EmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPConnectError(421, "Service not available")


class TestDelivery:
    def test_a_failure_is_retried_later_and_never_stops_the_others(self, world, settings):
        meeting_at(world, local(2026, 12, 3, 15, 30))
        settings.EMAIL_BACKEND = "tests.notifications.test_outbox.FlakyBackend"
        failed_at = local(2026, 12, 2, 15, 31)
        with time_machine.travel(failed_at):
            outbox.send_due()
        assert len(mail.outbox) == 3  # the others went out
        failed = Message.objects.get(to="other@example.org")
        assert (failed.status, failed.attempts) == (Message.Status.PENDING, 1)
        assert "SMTPServerDisconnected" in failed.last_error
        assert failed.next_attempt_at > failed_at
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        with time_machine.travel(local(2026, 12, 2, 15, 32)):
            outbox.send_due()  # too early for the next attempt
        assert len(to("other@example.org")) == 0
        with time_machine.travel(local(2026, 12, 2, 15, 40)):
            outbox.send_due()
            outbox.send_due()
        assert len(to("other@example.org")) == 1
        assert len(mail.outbox) == 4

    def test_a_mail_that_keeps_failing_is_marked_failed_and_can_be_retried(
        self, world, django_capture_on_commit_callbacks
    ):
        message = outbox.message_queue(
            key="test:1",
            kind=Kind.MEETING_REMINDER,
            template="meeting_reminder",
            context={"meeting": meeting_at(world, local(2026, 12, 3, 15, 30)), "url": "x"},
            recipient=world.teacher,
        )
        Message.objects.filter(pk=message.pk).update(
            status=Message.Status.FAILED, attempts=6, last_error="550"
        )
        with django_capture_on_commit_callbacks(execute=True):
            outbox.message_retry(message=message)
        message.refresh_from_db()
        assert message.status == Message.Status.SENT
        assert len(mail.outbox) == 1

    def test_only_one_claim_wins(self, world):
        meeting = meeting_at(world, local(2026, 12, 3, 15, 30))
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(outbox, "enqueue", lambda pk: None)
            message = outbox.message_queue(
                key="test:claim",
                kind=Kind.MEETING_REMINDER,
                template="meeting_reminder",
                context={"meeting": meeting, "url": "x"},
                recipient=world.teacher,
            )
        assert outbox.message_send(message.pk) == "sent"
        assert outbox.message_send(message.pk) == "busy"
        assert len(mail.outbox) == 1

    def test_a_mail_claimed_by_a_worker_that_died_is_sent_after_the_lease(self, world):
        meeting = meeting_at(world, local(2026, 12, 3, 15, 30))
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(outbox, "enqueue", lambda pk: None)
            message = outbox.message_queue(
                key="test:lease",
                kind=Kind.MEETING_REMINDER,
                template="meeting_reminder",
                context={"meeting": meeting, "url": "x"},
                recipient=world.teacher,
            )
        Message.objects.filter(pk=message.pk).update(
            status=Message.Status.SENDING, claimed_at=timezone.now()
        )
        assert outbox.message_send(message.pk) == "busy"  # someone has it
        with time_machine.travel(timezone.now() + outbox.SEND_LEASE + dt.timedelta(seconds=1)):
            outbox.send_due()
        assert len(mail.outbox) == 1


class TestUnsubscribe:
    def sent_reminder(self, world):
        meeting_at(world, local(2026, 12, 3, 15, 30))
        with time_machine.travel(local(2026, 12, 2, 15, 31)):
            outbox.send_due()
        return to("teacher@example.org")[0]

    def test_every_optional_mail_has_both_parts_and_one_click_headers(self, world):
        message = self.sent_reminder(world)
        assert message.alternatives[0].mimetype == "text/html"
        url = message.extra_headers["List-Unsubscribe"].strip("<>")
        assert url.startswith("http://127.0.0.1:8000/mail/unsubscribe/")
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert url in message.body and "/my/mail/" in message.body

    def test_one_click_unsubscribes_without_a_session(self, world):
        message = self.sent_reminder(world)
        path = (
            message.extra_headers["List-Unsubscribe"]
            .strip("<>")
            .removeprefix("http://127.0.0.1:8000")
        )
        client = Client(enforce_csrf_checks=True)
        page = client.get(path)  # a link checker only looks
        assert page.status_code == 200
        assert Preference.objects.filter(user=world.teacher).first() is None
        assert client.post(path, {"List-Unsubscribe": "One-Click"}).status_code == 200
        assert not Preference.objects.get(user=world.teacher).meeting_reminder

    def test_a_forged_link_unsubscribes_nobody(self, world, client):
        token = preferences.unsubscribe_token(world.teacher, "meeting_reminder")
        forged = token.replace(f"{world.teacher.pk}.", f"{world.other_teacher.pk}.")
        assert client.post(f"/mail/unsubscribe/{forged}/").status_code == 404
        assert client.post("/mail/unsubscribe/invitation/").status_code == 404
        assert not Preference.objects.exists()

    def test_the_preferences_page_saves_each_choice(self, world, client_for):
        client = client_for("teacher")
        response = client.post(
            reverse("notifications:preferences"),
            {"digest": "on", "meeting_reminder": "on", "reminder_hours": "2"},
        )
        assert response.status_code == 302
        preference = Preference.objects.get(user=world.teacher)
        assert (preference.digest, preference.reminder_hours, preference.visit_reminder) == (
            True,
            2,
            False,
        )
        bad = client.post(reverse("notifications:preferences"), {"reminder_hours": "0"})
        assert bad.status_code == 200 and 'aria-invalid="true"' in bad.content.decode()


@contextmanager
def another_request_saves_first(user: User):
    """The race of two first saves, made reproducible on one connection. It happens as on
    PostgreSQL when another request (a second tab, a mail program sending its one-click
    unsubscribe twice) inserts the person's row at the same moment: this request's insert
    is refused as a duplicate, and from then on the other row is there to read."""
    state = "waiting"

    def race(execute, sql, params, many, context):
        nonlocal state
        if state == "waiting" and sql.startswith('INSERT INTO "notifications_preference"'):
            state = "refused"
            raise IntegrityError("UNIQUE constraint failed: notifications_preference.user_id")
        result = execute(sql, params, many, context)
        if state == "refused":  # the statement after the refusal (a rollback to savepoint)
            state = "committed"
            Preference.objects.create(user=user)
        return result

    with connection.execute_wrapper(race):
        yield
    assert state == "committed"


class TestFirstSavesAtOnce:
    def test_a_double_one_click_unsubscribe_unsubscribes_once(self, world):
        path = reverse(
            "notifications:unsubscribe",
            kwargs={"token": preferences.unsubscribe_token(world.teacher, "digest")},
        )
        client = Client(enforce_csrf_checks=True, raise_request_exception=False)
        with another_request_saves_first(world.teacher):
            first = client.post(path, {"List-Unsubscribe": "One-Click"})
        second = client.post(path, {"List-Unsubscribe": "One-Click"})
        assert (first.status_code, second.status_code) == (200, 200)
        assert Preference.objects.filter(user=world.teacher).count() == 1
        assert Preference.objects.get(user=world.teacher).digest is False

    def test_two_first_saves_of_the_preferences_keep_one_row(self, world, client_for):
        client = client_for("teacher")
        client.raise_request_exception = False
        with another_request_saves_first(world.teacher):
            response = client.post(
                reverse("notifications:preferences"),
                {"meeting_reminder": "on", "reminder_hours": "4"},
            )
        assert response.status_code == 302
        preference = Preference.objects.get(user=world.teacher)
        assert (preference.reminder_hours, preference.digest) == (4, False)


class TestAccountMail:
    def test_an_invitation_goes_through_the_outbox_once_for_a_double_click(
        self, world, django_capture_on_commit_callbacks
    ):
        from communities import services as community_services

        with django_capture_on_commit_callbacks(execute=True):
            for _click in range(2):
                community_services.invitation_create(
                    community=world.community,
                    email="nieuw@example.org",
                    role="member",
                    invited_by=world.facilitator,
                )
        assert len(to("nieuw@example.org")) == 1
        message = Message.objects.get(kind=Kind.INVITATION, to="nieuw@example.org")
        assert message.status == Message.Status.SENT
        assert message.unsubscribe_url == ""  # an invitation is not a mail one unsubscribes from

    def test_a_password_reset_goes_through_the_outbox_in_the_persons_language(
        self, world, client, django_capture_on_commit_callbacks
    ):
        User.objects.filter(pk=world.teacher.pk).update(language="en")
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("accounts:password_reset"), {"email": "teacher@example.org"})
        message = Message.objects.get(kind=Kind.PASSWORD_RESET)
        assert (message.status, message.language) == (Message.Status.SENT, "en")
        assert "new password" in to("teacher@example.org")[0].body


class Bounces(EmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({messages[0].to[0]: (550, b"No such user")})


def test_an_address_refused_for_good_is_not_tried_again(world, settings):
    meeting_at(world, local(2026, 12, 3, 15, 30))
    settings.EMAIL_BACKEND = "tests.notifications.test_outbox.Bounces"
    with time_machine.travel(local(2026, 12, 2, 15, 31)):
        outbox.send_due()
    assert set(Message.objects.values_list("status", "attempts")) == {(Message.Status.FAILED, 1)}
    assert "550" in Message.objects.first().last_error
