"""What the outbox does when a teacher withdraws what they shared (see
communities.withdrawal): weekly digests not yet sent to the community's members are taken
out of the outbox, and the next scan builds them again from what is shared now."""

from django.dispatch import receiver

from communities.withdrawal import content_withdrawn
from notifications.models import Kind, Message


@receiver(content_withdrawn, dispatch_uid="notifications.withdraw_digests")
def withdraw_digests(sender, *, community_id: int, **kwargs) -> None:
    Message.objects.filter(
        kind=Kind.DIGEST,
        status=Message.Status.PENDING,
        recipient__memberships__community_id=community_id,
    ).delete()
