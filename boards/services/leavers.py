"""Leavers: a person who left the board (by the board administration, or the staff import)
can no longer sign in and gets no mail; they leave their communities, future meetings and
rotations, and hand back any role at the board. What they wrote stays theirs: their
reflections and visits are kept as they were, for the "my data" export and erasure.

A leaver can be taken back (`staff_return`): they can sign in again, and are given roles and
communities anew, as a newcomer would."""

import dataclasses
import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from boards.access import can_administer, keeps_a_director_or_administrator
from communities import services as community_services
from communities.models import (
    BoardAdministrator,
    BoardDirector,
    Departure,
    Invitation,
    Membership,
    Organisation,
    SchoolLeader,
    StaffMember,
)
from cycles.models import Meeting
from cycles.services import meetings as meeting_services
from notifications.models import Message
from observations.models import Visit
from observations.services import visits as visit_services

# Visits not yet observed: the ones a leaver's leaving calls off.
_NOT_OBSERVED = (Visit.Status.PLANNED, Visit.Status.CONTRACTED)


@dataclasses.dataclass(frozen=True)
class Leaving:
    """What marking a person as left will change (the confirmation page shows it) or changed."""

    communities: list[str]
    coaching_cancelled: int
    coaching_without_coach: int
    visits_cancelled: int
    visits_as_observer: int
    roles: list[str]
    mail_waiting: int


def _meetings_as_member(user: User, now: dt.datetime):
    return Meeting.objects.filter(
        member=user, starts_at__gt=now, status=Meeting.Status.PLANNED
    ).order_by("starts_at")


def _meetings_as_coach(user: User, now: dt.datetime):
    return Meeting.objects.filter(coach=user, starts_at__gt=now, status=Meeting.Status.PLANNED)


def _visits_observed(user: User, now: dt.datetime):
    return Visit.objects.filter(observed=user, starts_at__gt=now, status__in=_NOT_OBSERVED)


def _visits_as_observer(user: User, now: dt.datetime):
    return Visit.objects.filter(
        observers=user, starts_at__gt=now, status__in=_NOT_OBSERVED
    ).exclude(observed=user)


def _roles(user: User) -> list[str]:
    held = [
        _("school leader of %(school)s") % {"school": leader.school}
        for leader in SchoolLeader.objects.filter(user=user).select_related("school")
    ]
    if BoardDirector.objects.filter(user=user).exists():
        held.append(_("board director"))
    if BoardAdministrator.objects.filter(user=user).exists():
        held.append(_("board administrator"))
    return held


def leaving_preview(record: StaffMember, now: dt.datetime | None = None) -> Leaving:
    """What `staff_leave` would change for this person, now."""
    now = now or timezone.now()
    user = record.user
    return Leaving(
        communities=[
            membership.community.name
            for membership in Membership.objects.filter(user=user)
            .select_related("community")
            .order_by("community__name")
        ],
        coaching_cancelled=_meetings_as_member(user, now).count(),
        coaching_without_coach=_meetings_as_coach(user, now).count(),
        visits_cancelled=_visits_observed(user, now).count(),
        visits_as_observer=_visits_as_observer(user, now).count(),
        roles=_roles(user),
        mail_waiting=Message.objects.filter(recipient=user, status=Message.Status.PENDING).count(),
    )


def _check(record: StaffMember, by: User) -> None:
    if not can_administer(by, record.organisation):
        raise PermissionDenied
    if record.user_id == by.pk:
        raise ValidationError(_("You can't mark yourself as having left; ask someone else."))
    # One change of the board's directors and administrators at a time (as boards.services.
    # roles), so that two leaving at once can't leave it without one.
    Organisation.objects.select_for_update().filter(pk=record.organisation_id).first()
    if not keeps_a_director_or_administrator(record.organisation, without=record.user):
        raise ValidationError(
            _(
                "%(name)s is the board's last director or administrator: give someone "
                "else one of these roles first."
            )
            % {"name": record.user.full_name}
        )


@transaction.atomic
def staff_leave(*, record: StaffMember, by: User) -> StaffMember:
    """Mark a person as left the board. Marking a leaver again changes nothing."""
    record = (
        StaffMember.objects.select_for_update()
        .select_related("user", "organisation")
        .get(pk=record.pk)
    )
    if record.left_at is not None:
        return record
    _check(record, by)
    now = timezone.now()
    user = record.user

    # Future coaching for them is called off; coaching they would give loses its coach, so
    # that the facilitator can find another.
    for meeting in _meetings_as_member(user, now):
        meeting_services.meeting_cancel(meeting=meeting, by=by, reason=_("left the board"))
    _meetings_as_coach(user, now).update(
        coach=None, sequence=F("sequence") + 1, version=F("version") + 1
    )
    # Visits to their classroom that have not taken place are called off; they no longer
    # observe anyone else's lesson.
    for visit in _visits_observed(user, now):
        visit_services.visit_cancel(visit=visit, by=by)
    for visit in _visits_as_observer(user, now):
        visit.observers.remove(user)

    # They leave their communities (the facilitators see who left) and hand back their roles.
    for membership in Membership.objects.filter(user=user).select_related("community"):
        Departure.objects.update_or_create(
            community=membership.community,
            user=user,
            defaults={"role": membership.role, "left_at": now},
        )
        community_services.membership_remove(membership=membership)
    SchoolLeader.objects.filter(user=user).delete()
    BoardDirector.objects.filter(user=user).delete()
    BoardAdministrator.objects.filter(user=user).delete()
    Invitation.objects.filter(email=user.email, status=Invitation.Status.PENDING).update(
        status=Invitation.Status.REVOKED
    )

    # No more sign-in (a session they have ends at their next request), and no more mail.
    Message.objects.filter(recipient=user, status=Message.Status.PENDING).update(
        status=Message.Status.SKIPPED
    )
    User.objects.filter(pk=user.pk).update(is_active=False)
    record.left_at = now
    record.save(update_fields=["left_at"])
    return record


@transaction.atomic
def staff_return(*, record: StaffMember, by: User) -> StaffMember:
    """Take a leaver back: they can sign in again. Roles and communities are given anew."""
    record = (
        StaffMember.objects.select_for_update().select_related("organisation").get(pk=record.pk)
    )
    if not can_administer(by, record.organisation):
        raise PermissionDenied
    if record.left_at is None:
        return record
    User.objects.filter(pk=record.user_id).update(is_active=True)
    record.left_at = None
    record.save(update_fields=["left_at"])
    return record
