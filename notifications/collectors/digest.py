"""The weekly digest's collector: from Monday 07:00 Europe/Amsterdam, one mail per person
who wants it, with what `notifications.digest_content.build` found for them. Nothing to
say: no mail, and an outbox row marked "not needed" so the person isn't looked at again
that week.

Digests are built for many people at once, in batches with a fixed number of queries per
batch, whatever the number of people or the amount of data. When a teacher withdraws what
they shared, the digests not yet sent to the community are taken back and built again.
"""

import datetime as dt
from collections.abc import Callable, Iterator

from django.db.models import CharField, Exists, OuterRef, Value
from django.db.models.functions import Cast, Concat
from django.dispatch import receiver
from django.utils import timezone

from accounts.models import User
from communities.models import Membership
from communities.withdrawal import content_withdrawn
from notifications import digest_content, outbox, registry
from notifications.digest_content import Digest, Week
from notifications.models import Kind, Message

# People per batch (a fixed number of queries each), and per run of the collector: beat
# runs it every minute, so a large school board is done in a few runs of well under a
# minute each (bench/digest.py: about 15-35 ms per person to render, store and send).
BATCH_SIZE = 500
PEOPLE_PER_RUN = 1000


def due_week(now: dt.datetime) -> Week | None:
    """The week whose digest is due at `now`: from Monday 07:00 Amsterdam time (06:00 UTC
    in winter, 05:00 UTC in summer) to the end of Sunday; None before Monday 07:00."""
    week = Week.of(now)
    return week if now >= week.send_from else None


def candidates(week: Week, limit: int | None = PEOPLE_PER_RUN) -> list[User]:
    """Active members who want the digest and have no outbox row for this week yet, in one
    query (the keys are checked in the database, on the unique index)."""
    key = Concat(Value("digest:"), Cast("pk", output_field=CharField()), Value(f":{week.label}"))
    people = (
        User.objects.filter(is_active=True)
        .filter(Exists(Membership.objects.filter(user_id=OuterRef("pk"))))
        .exclude(notification_preference__digest=False)
        .annotate(digest_key=key)
        .exclude(Exists(Message.objects.filter(key=OuterRef("digest_key"))))
        .order_by("pk")
    )
    return list(people[:limit] if limit else people)


def batches(items: list, size: int | None = None) -> Iterator[list]:
    size = size or BATCH_SIZE
    for start in range(0, len(items), size):
        yield items[start : start + size]


def deliver(digest: Digest) -> bool:
    """Queue the digest, or record that there was nothing to say. True if a mail was queued."""
    user, week = digest.user, digest.week
    if digest.is_empty:
        outbox.message_skip(
            key=week.key(user.pk), kind=Kind.DIGEST, recipient=user, about=week.about
        )
        return False
    return (
        outbox.message_queue(
            key=week.key(user.pk),
            kind=Kind.DIGEST,
            template="digest",
            context={"digest": digest, "week": week},
            recipient=user,
            about=week.about,
        )
        is not None
    )


def run(now: dt.datetime, *, limit: int | None = PEOPLE_PER_RUN) -> dict[str, int]:
    """Build and queue the digests due at `now`: how many people, mails and skips."""
    week = due_week(now)
    if week is None:
        return {"people": 0, "queued": 0, "skipped": 0}
    people = candidates(week, limit)
    queued = skipped = 0
    for batch in batches(people):
        for digest in digest_content.build(batch, now, week):
            queued += deliver(digest)
            skipped += digest.is_empty
    return {"people": len(people), "queued": queued, "skipped": skipped}


def weekly_digests(now: dt.datetime) -> int:
    return run(now)["queued"]


def _digest_needed(message: Message) -> bool:
    """A digest that couldn't be sent in its own week is not sent any more."""
    _kind, _colon, label = message.about.partition(":")
    try:
        week = Week.from_label(label)
    except ValueError:
        return True
    return timezone.now() < week.ends_at


# Taken back (see communities.withdrawal): weekly digests not yet sent to the community's
# members are taken out of the outbox, and the next scan builds them again from what is
# shared now.
@receiver(content_withdrawn, dispatch_uid="notifications.withdraw_digests")
def withdraw_digests(sender, *, community_id: int, **kwargs) -> None:
    Message.objects.filter(
        kind=Kind.DIGEST,
        status=Message.Status.PENDING,
        recipient__memberships__community_id=community_id,
    ).delete()


COLLECTORS: list[Callable[[dt.datetime], int]] = [weekly_digests]
STILL_NEEDED: dict[str, Callable[[Message], bool]] = {Kind.DIGEST: _digest_needed}

registry.register(COLLECTORS, STILL_NEEDED)
