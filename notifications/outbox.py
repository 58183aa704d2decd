"""The outbox: queue a mail once per key, claim it atomically, send it, mark it sent (or
try again later, with backoff); and `send_due`, the scan beat runs every minute."""

import datetime as dt
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from core import emails
from notifications import preferences, registry, scan
from notifications.models import OPTIONAL_KINDS, Message

log = logging.getLogger(__name__)

# A mail claimed by a worker that died is claimed again after this many seconds.
SEND_LEASE = dt.timedelta(seconds=settings.NOTIFICATIONS_SEND_LEASE_SECONDS)
MAX_ATTEMPTS = 6


def absolute(path: str) -> str:
    return settings.SITE_URL + path


# Queueing ------------------------------------------------------------------------------


def message_queue(
    *,
    key: str,
    kind: str,
    template: str,
    context: dict,
    recipient: User | None = None,
    to: str = "",
    language: str = "",
    about: str = "",
) -> Message | None:
    """Put one mail in the outbox, rendered in the recipient's language. A second call with
    the same key does nothing (returns None): every mail is sent once."""
    if Message.objects.filter(key=key).exists():
        return None
    to = to or recipient.email
    language = language or (recipient.language if recipient else settings.LANGUAGE_CODE)
    unsubscribe_url = ""
    if recipient is not None and kind in OPTIONAL_KINDS:
        unsubscribe_url = absolute(
            reverse(
                "notifications:unsubscribe",
                kwargs={"token": preferences.unsubscribe_token(recipient, kind)},
            )
        )
    subject, text, html = emails.render(
        template,
        {
            **context,
            "recipient": recipient,
            "unsubscribe_url": unsubscribe_url,
            "preferences_url": absolute(reverse("notifications:preferences")),
        },
        language=language,
    )
    message = Message(
        key=key,
        kind=kind,
        recipient=recipient,
        to=to,
        language=language,
        subject=subject[:250],
        text=text,
        html=html,
        about=about,
        unsubscribe_url=unsubscribe_url,
    )
    try:
        with transaction.atomic():
            message.save()
    except IntegrityError:  # a second scan queued the same mail at the same moment
        return None
    enqueue(message.pk)
    return message


def existing_keys(keys: list[str]) -> set[str]:
    """Those of `keys` that have a row in the outbox already (one query): a collector
    queues only the rest."""
    return set(Message.objects.filter(key__in=keys).values_list("key", flat=True))


def message_skip(*, key: str, kind: str, recipient: User, about: str = "") -> None:
    """Record that a mail was considered and not needed (e.g. a digest with nothing to say),
    so it isn't built again."""
    try:
        with transaction.atomic():
            Message.objects.create(
                key=key,
                kind=kind,
                recipient=recipient,
                to=recipient.email,
                language=recipient.language,
                about=about,
                status=Message.Status.SKIPPED,
            )
    except IntegrityError:
        pass


def enqueue(message_id: int) -> None:
    transaction.on_commit(lambda: _enqueue_now(message_id))


def _enqueue_now(message_id: int) -> None:
    # Imported here: the tasks call this module (the one circle allowed).
    from notifications import tasks

    try:
        tasks.send_message.delay(message_id)
    except Exception:  # one mail that can't be handed over never stops the others
        log.exception("could not send mail %s now; the next scan tries again", message_id)


def message_retry(*, message: Message) -> None:
    """From the admin: a failed mail gets another set of attempts."""
    Message.objects.filter(pk=message.pk, status=Message.Status.FAILED).update(
        status=Message.Status.PENDING, attempts=0, next_attempt_at=None, last_error=""
    )
    enqueue(message.pk)


# Sending -------------------------------------------------------------------------------


def _sendable(now: dt.datetime) -> Q:
    """Waiting to be sent: new or due for another attempt, or claimed by a worker that died."""
    return Q(status=Message.Status.PENDING) & (
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    ) | Q(status=Message.Status.SENDING, claimed_at__lt=now - SEND_LEASE)


def _claim(message_id: int, now: dt.datetime) -> bool:
    """Take the mail for this worker, atomically: only one claim can win."""
    return (
        Message.objects.filter(pk=message_id)
        .filter(_sendable(now))
        .update(status=Message.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
        == 1
    )


def backoff(attempts: int) -> dt.timedelta:
    first = settings.NOTIFICATIONS_RETRY_SECONDS
    # Never longer than half the broker's visibility timeout (a countdown beyond it would
    # be delivered twice); the due-scan finds the row anyway.
    cap = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] // 2
    return dt.timedelta(seconds=min(first * 2 ** (attempts - 1), cap))


def permanent(error: Exception) -> bool:
    """The mail server refused for good (a 5xx reply): trying again won't help."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _text in error.recipients.values())
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


def still_needed(message: Message) -> bool:
    """Checked just before sending: a mail its recipient has turned off since, a prompt to
    write a reflection that has been written, or a reminder for a meeting that was cancelled,
    is not sent (the checks per kind are registered in `notifications.registry`). Nor is
    any mail to someone whose account is no longer active (they left the board)."""
    if message.recipient_id is not None and not message.recipient.is_active:
        return False
    if message.recipient_id is not None and not preferences.preference_of(message.recipient).wants(
        message.kind
    ):
        return False  # turned off after the mail was queued
    check = registry.check_for(message.kind)
    return check(message) if check else True


def message_send(message_id: int) -> str:
    """Send one mail from the outbox. Returns what happened: sent, skipped, busy (someone
    else has it, or it is done), or raises after recording the failure (to retry)."""
    now = timezone.now()
    if not _claim(message_id, now):
        return "busy"
    message = Message.objects.select_related("recipient").get(pk=message_id)
    if not still_needed(message):
        Message.objects.filter(pk=message_id).update(status=Message.Status.SKIPPED)
        return "skipped"
    mail = EmailMultiAlternatives(
        subject=message.subject,
        body=message.text,
        to=[message.to],
        headers={"X-PLC-Message": message.key[:150]},
    )
    if message.unsubscribe_url:
        mail.extra_headers["List-Unsubscribe"] = f"<{message.unsubscribe_url}>"
        mail.extra_headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    mail.attach_alternative(message.html, "text/html")
    try:
        mail.send(fail_silently=False)
    except Exception as error:
        attempts = message.attempts
        failed = attempts >= MAX_ATTEMPTS or permanent(error)
        Message.objects.filter(pk=message_id).update(
            status=Message.Status.FAILED if failed else Message.Status.PENDING,
            next_attempt_at=None if failed else timezone.now() + backoff(attempts),
            last_error=f"{type(error).__name__}: {error}"[:2000],
        )
        if failed:  # no retry: an admin can retry it from the outbox
            log.warning("mail %s not sent, for good: %s", message_id, error)
            return "failed"
        raise
    Message.objects.filter(pk=message_id).update(
        status=Message.Status.SENT, sent_at=timezone.now(), last_error=""
    )
    return "sent"


def send_due(now: dt.datetime | None = None) -> dict[str, int]:
    """Find what is due and queue it; hand over what waits to be sent. Safe to run at any
    time and twice at once: the outbox keys and the claims keep every mail single."""
    # Here and not in notifications.scan: the hand-over goes through this module's tasks,
    # which call this function (the scan itself imports neither).
    now = now or timezone.now()
    queued = scan.queue_due(now)
    waiting = list(Message.objects.filter(_sendable(now)).values_list("pk", flat=True)[:5000])
    for pk in waiting:
        _enqueue_now(pk)
    return {"queued": queued, "handed_over": len(waiting)}
