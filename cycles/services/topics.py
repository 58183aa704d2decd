"""Writes for topics: members propose and vote, the facilitator chooses."""

import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from accounts.models import User
from communities.models import Community
from core.once import made_before, save_once
from cycles.models import Cycle, Meeting, Topic, TopicVote


@transaction.atomic
def topic_propose(
    *,
    community: Community,
    by: User,
    title: str,
    description: str = "",
    client_key: uuid.UUID | None = None,
) -> Topic:
    """Propose a topic. The same form sent twice (same client_key) proposes it once."""
    if earlier := made_before(Topic, client_key, proposed_by=by):
        return earlier
    topic = Topic(
        community=community,
        proposed_by=by,
        title=title.strip(),
        description=description.strip(),
        client_key=client_key,
    )
    topic.full_clean()
    return save_once(topic, proposed_by=by)


def topic_vote(*, topic: Topic, user: User, vote: bool) -> None:
    """Give or withdraw `user`'s vote. Idempotent, so a double click is harmless."""
    if topic.status != Topic.Status.PROPOSED:
        raise ValidationError(_("Voting on this topic has closed."))
    if not vote:
        TopicVote.objects.filter(topic=topic, user=user).delete()
        return
    try:
        with transaction.atomic():
            TopicVote.objects.get_or_create(topic=topic, user=user)
    except IntegrityError:  # the same click arrived twice at once
        pass


@transaction.atomic
def topic_choose(
    *, topic: Topic, cycle: Cycle | None, meeting: Meeting | None, reason: str
) -> Topic:
    if cycle is None and meeting is None:
        raise ValidationError({"cycle": _("Choose a cycle or a meeting.")})
    for item in (cycle, meeting):
        if item is not None and item.community_id != topic.community_id:
            raise ValidationError({"cycle": _("Choose a cycle of this community.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Tell the members why this topic was chosen.")})
    topic.status = Topic.Status.CHOSEN
    topic.cycle, topic.meeting, topic.reason = cycle, meeting, reason.strip()
    topic.save()
    # Through the version counters, so an edit form open on the old text can't overwrite
    # the choice unnoticed, and calendars see the meeting changed.
    if cycle is not None:
        Cycle.objects.filter(pk=cycle.pk).update(topic=topic.title[:200], version=F("version") + 1)
    if meeting is not None:
        Meeting.objects.filter(pk=meeting.pk).update(
            topic=topic.title[:200], version=F("version") + 1, sequence=F("sequence") + 1
        )
    return topic


@transaction.atomic
def topic_decline(*, topic: Topic, reason: str = "") -> Topic:
    topic.status = Topic.Status.DECLINED
    topic.reason = reason.strip()
    topic.save(update_fields=["status", "reason"])
    return topic
