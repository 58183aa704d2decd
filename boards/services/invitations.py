"""Invitations of the board's staff to the app: the new people of an import, one person
again, or everyone whose invitation expired. Each claims the people it invites (their
`invited_at` set, the rows locked), so a double click invites once; the mails are queued
in the outbox after the commit, in batches (`boards.tasks`). And the welcome: the invited
person chooses a password."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from boards import tasks
from boards.access import can_administer
from boards.models import StaffImport
from boards.selectors.invitations import valid_from
from communities.models import Organisation, StaffMember

MAIL_BATCH = 100
# One person's invitation is sent again only this long after the last one (a double click).
RESEND_AFTER = dt.timedelta(minutes=1)


def _check_administers(user: User, organisation: Organisation) -> None:
    if not can_administer(user, organisation):
        raise PermissionDenied


def _invite(staff: QuerySet, *, by: User) -> int:
    """Claim these staff records (not accepted, not left) and queue their mails after the
    commit. Returns how many were invited."""
    now = timezone.now()
    ids = list(
        staff.filter(left_at__isnull=True, user__last_login__isnull=True, user__is_active=True)
        .select_for_update(of=("self",))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    StaffMember.objects.filter(pk__in=ids).update(invited_at=now)
    for start in range(0, len(ids), MAIL_BATCH):
        tasks.staff_invitation_mails.delay_on_commit(ids[start : start + MAIL_BATCH], by.pk)
    return len(ids)


@transaction.atomic
def staff_invite_imported(*, staff_import: StaffImport, by: User) -> int:
    """Invite the people a committed import made who have not been invited yet."""
    _check_administers(by, staff_import.organisation)
    if staff_import.status != StaffImport.Status.COMMITTED:
        raise ValidationError(_("Import the file first; then invite the new people."))
    return _invite(
        StaffMember.objects.filter(
            organisation_id=staff_import.organisation_id,
            user_id__in=staff_import.result.get("created", []),
            invited_at__isnull=True,
        ),
        by=by,
    )


@transaction.atomic
def staff_invite_again(*, organisation: Organisation, by: User, record_id: int) -> int:
    """Invite one person of the board (again), unless they were invited a moment ago."""
    _check_administers(by, organisation)
    recently = timezone.now() - RESEND_AFTER
    return _invite(
        StaffMember.objects.filter(organisation=organisation, pk=record_id).filter(
            Q(invited_at__isnull=True) | Q(invited_at__lt=recently)
        ),
        by=by,
    )


@transaction.atomic
def staff_invite_expired(*, organisation: Organisation, by: User) -> int:
    """Invite again everyone whose invitation expired without their signing in."""
    _check_administers(by, organisation)
    return _invite(
        StaffMember.objects.filter(
            organisation=organisation, invited_at__lt=valid_from(timezone.now())
        ),
        by=by,
    )


@transaction.atomic
def staff_welcome(*, user: User, password: str) -> User:
    """The invited person's password, chosen from the link in their invitation (the form
    has validated it). Using it makes the link stop working."""
    user.set_password(password)
    user.save(update_fields=["password"])
    return user
