"""The staff invitation's mail, queued in the outbox for one batch of people (from
`boards.tasks`): in each person's language, with a link to choose a password that works
for the invitation's days, or to sign in with the school account where the board has single
sign-on. One mail per invitation: a retried batch queues none twice."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts import registry as sign_in
from accounts.models import User
from boards.tokens import welcome_token
from communities.models import StaffMember
from notifications import outbox
from notifications.models import Kind


def welcome_url(user: User) -> str:
    path = reverse(
        "boards:welcome",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": welcome_token.make_token(user),
        },
    )
    return outbox.absolute(path)


@transaction.atomic
def staff_invitation_mails(*, record_ids: list[int], inviter_id: int | None) -> int:
    """Queue the mails of these staff records' invitations (those still to be accepted).
    Returns how many were queued."""
    records = (
        StaffMember.objects.filter(
            pk__in=record_ids,
            invited_at__isnull=False,
            left_at__isnull=True,
            user__last_login__isnull=True,
            user__is_active=True,
        )
        .select_related("user", "organisation")
        .order_by("pk")
    )
    inviter = User.objects.filter(pk=inviter_id).first() if inviter_id else None
    keys = {record.pk: _key(record) for record in records}
    sent_before = outbox.existing_keys(list(keys.values()))
    queued = 0
    school_account: dict[int, bool] = {}  # per board: asked once per batch
    for record in records:
        if keys[record.pk] in sent_before:
            continue
        if record.organisation_id not in school_account:
            school_account[record.organisation_id] = (
                sign_in.school_sign_in_url(record.user.email, "") is not None
            )
        outbox.message_queue(
            key=keys[record.pk],
            kind=Kind.STAFF_INVITATION,
            template="staff_invitation",
            context={
                "organisation": record.organisation,
                "inviter": inviter,
                "url": welcome_url(record.user),
                "valid_days": settings.INVITATION_VALID_DAYS,
                # A board with single sign-on: the link leads to the school account.
                "school_account": school_account[record.organisation_id],
            },
            recipient=record.user,
            about=f"staff:{record.pk}",
        )
        queued += 1
    return queued


def _key(record: StaffMember) -> str:
    return f"staff_invitation:{record.user_id}:{record.invited_at:%Y%m%d%H%M%S}"
