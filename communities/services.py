"""Writes for communities, members, invitations and goals.

Each function validates, runs in one transaction, and is what views, commands and tests
call. Validation errors are `django.core.exceptions.ValidationError`, keyed by field where
a form can show them next to the field.
"""

import datetime as dt
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User, normalize_email
from communities.models import (
    Community,
    CommunityGoal,
    GoalStatus,
    Invitation,
    Membership,
    Organisation,
    PersonalGoal,
    ProgressUpdate,
    School,
)
from plc.once import made_before, save_once

_INVITATION_SALT = "communities.invitation"


# Communities ---------------------------------------------------------------


def _check_schools(organisation: Organisation, schools: Iterable[School]) -> list[School]:
    schools = list(schools)
    if not schools:
        raise ValidationError({"schools": _("Choose at least one school.")})
    if any(school.organisation_id != organisation.pk for school in schools):
        raise ValidationError({"schools": _("All schools must belong to the same board.")})
    return schools


@transaction.atomic
def community_create(
    *,
    name: str,
    focus: str,
    schools: Iterable[School],
    start_date: dt.date,
    vision: str = "",
    status: str = Community.Status.ACTIVE,
    facilitator: User | None = None,
) -> Community:
    schools = list(schools)
    if not schools:
        raise ValidationError({"schools": _("Choose at least one school.")})
    organisation = schools[0].organisation
    _check_schools(organisation, schools)
    community = Community(
        organisation=organisation,
        name=name,
        focus=focus,
        vision=vision,
        start_date=start_date,
        status=status,
    )
    community.full_clean()
    community.save()
    community.schools.set(schools)
    if facilitator is not None:
        membership_add(community=community, user=facilitator, role=Membership.Role.FACILITATOR)
    return community


@transaction.atomic
def community_update(*, community: Community, schools: Iterable[School], **fields) -> Community:
    schools = _check_schools(community.organisation, schools)
    for name, value in fields.items():
        setattr(community, name, value)
    community.full_clean()
    community.save()
    community.schools.set(schools)
    return community


# Members -------------------------------------------------------------------


def _same_board_conflict(community: Community, user: User) -> bool:
    """A person belongs to one board: joining another board's community is refused."""
    return (
        Membership.objects.filter(user=user)
        .exclude(community__organisation_id=community.organisation_id)
        .exists()
    )


@transaction.atomic
def membership_add(*, community: Community, user: User, role: str) -> Membership:
    membership, created = Membership.objects.get_or_create(
        community=community, user=user, defaults={"role": role}
    )
    if not created and membership.role != role:
        membership.role = role
        membership.full_clean()
        membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def membership_set_role(*, membership: Membership, role: str) -> Membership:
    if role not in Membership.Role.values:
        raise ValidationError({"role": _("Choose a valid role.")})
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership) -> None:
    membership.delete()


# Invitations ---------------------------------------------------------------


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps(invitation.pk, salt=_INVITATION_SALT, compress=True)


def invitation_from_token(token: str) -> Invitation | None:
    try:
        pk = signing.loads(token, salt=_INVITATION_SALT)
    except signing.BadSignature:
        return None
    return Invitation.objects.select_related("community", "invited_by").filter(pk=pk).first()


def invitation_url(invitation: Invitation) -> str:
    path = reverse("accounts:invitation", kwargs={"token": invitation_token(invitation)})
    return f"{settings.SITE_URL}{path}"


@transaction.atomic
def invitation_create(
    *, community: Community, email: str, role: str, invited_by: User
) -> Invitation:
    """Invite someone by email. Inviting the same address again renews the invitation."""

    email = normalize_email(email)
    existing_user = User.objects.filter(email=email).first()
    if existing_user is not None:
        if Membership.objects.filter(community=community, user=existing_user).exists():
            raise ValidationError({"email": _("This person is already a member.")})
        if _same_board_conflict(community, existing_user):
            raise ValidationError(
                {"email": _("This address belongs to someone of another school board.")}
            )
    if role not in Membership.Role.values:
        raise ValidationError({"role": _("Choose a valid role.")})
    expires_at = timezone.now() + dt.timedelta(days=settings.INVITATION_VALID_DAYS)
    invitation = (
        Invitation.objects.select_for_update()
        .filter(community=community, email=email, status=Invitation.Status.PENDING)
        .first()
    )
    if invitation is None:
        invitation = Invitation(community=community, email=email)
    invitation.role = role
    invitation.invited_by = invited_by
    invitation.created_at = timezone.now()
    invitation.expires_at = expires_at
    invitation.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            invitation.save()
    except IntegrityError:
        # The same invitation was sent twice at once: the other request's row stands.
        invitation = Invitation.objects.get(
            community=community, email=email, status=Invitation.Status.PENDING
        )
    _queue_invitation_mail(invitation)
    return invitation


def _queue_invitation_mail(invitation: Invitation) -> None:
    """Through the outbox, sent after commit. One mail per invitation per minute: a double
    click or two requests at once send one; sending it again later sends it again."""
    from notifications import services as mail
    from notifications.models import Kind

    existing = User.objects.filter(email=invitation.email).only("language").first()
    mail.message_queue(
        key=f"invitation:{invitation.pk}:{invitation.created_at:%Y%m%d%H%M}",
        kind=Kind.INVITATION,
        template="invitation",
        context={
            "invitation": invitation,
            "url": invitation_url(invitation),
            "valid_days": settings.INVITATION_VALID_DAYS,
        },
        to=invitation.email,
        language=existing.language if existing else settings.LANGUAGE_CODE,
    )


@transaction.atomic
def invitation_revoke(*, invitation: Invitation) -> None:
    Invitation.objects.filter(pk=invitation.pk, status=Invitation.Status.PENDING).update(
        status=Invitation.Status.REVOKED
    )


def _claim(invitation: Invitation) -> None:
    claimed = Invitation.objects.filter(
        pk=invitation.pk, status=Invitation.Status.PENDING, expires_at__gt=timezone.now()
    ).update(status=Invitation.Status.ACCEPTED, accepted_at=timezone.now())
    if claimed != 1:
        raise ValidationError(_("This invitation is no longer valid."))


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """An existing account accepts: it joins the community with the invited role."""
    if normalize_email(user.email) != invitation.email:
        raise ValidationError(_("This invitation was sent to another email address."))
    if _same_board_conflict(invitation.community, user):
        raise ValidationError(_("This invitation is for another school board."))
    _claim(invitation)
    return membership_add(community=invitation.community, user=user, role=invitation.role)


@transaction.atomic
def invitation_accept_new_account(*, invitation: Invitation, full_name: str, password: str) -> User:
    """Someone without an account accepts: the account is made with the chosen password."""
    if User.objects.filter(email=invitation.email).exists():
        raise ValidationError(_("An account with this email address exists; log in first."))
    user = User(email=invitation.email, full_name=full_name.strip())
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    _claim(invitation)
    membership_add(community=invitation.community, user=user, role=invitation.role)
    return user


# Goals ---------------------------------------------------------------------


@transaction.atomic
def community_goal_create(
    *, community: Community, client_key: uuid.UUID | None = None, **fields
) -> CommunityGoal:
    """Add a goal. The same form sent twice (same client_key) adds it once."""
    if earlier := made_before(CommunityGoal, client_key, community=community):
        return earlier
    goal = CommunityGoal(community=community, client_key=client_key, **fields)
    goal.full_clean()
    return save_once(goal, community=community)


@transaction.atomic
def community_goal_update(*, goal: CommunityGoal, **fields) -> CommunityGoal:
    for name, value in fields.items():
        setattr(goal, name, value)
    goal.full_clean()
    goal.save()
    return goal


@transaction.atomic
def personal_goal_create(
    *, owner: User, community: Community, client_key: uuid.UUID | None = None, **fields
) -> PersonalGoal:
    """Add a member's own goal. The same form sent twice (same client_key) adds it once."""
    if earlier := made_before(PersonalGoal, client_key, owner=owner):
        return earlier
    if not Membership.objects.filter(user=owner, community=community).exists():
        raise ValidationError({"community": _("You are not a member of this community.")})
    goal = PersonalGoal(owner=owner, community=community, client_key=client_key, **fields)
    _check_personal_goal(goal)
    return save_once(goal, owner=owner)


def _check_personal_goal(goal: PersonalGoal) -> None:
    goal.full_clean()
    if goal.community_goal is not None and goal.community_goal.community_id != goal.community_id:
        raise ValidationError({"community_goal": _("Choose a goal of the same community.")})


@transaction.atomic
def personal_goal_update(*, goal: PersonalGoal, **fields) -> PersonalGoal:
    for name, value in fields.items():
        setattr(goal, name, value)
    _check_personal_goal(goal)
    goal.save()
    return goal


@transaction.atomic
def personal_goal_delete(*, goal: PersonalGoal) -> None:
    goal.delete()


@transaction.atomic
def goal_progress_add(
    *,
    goal: CommunityGoal | PersonalGoal,
    author: User,
    date: dt.date,
    done: str,
    value: int,
    evidence: str = "",
) -> ProgressUpdate:
    """Record a step and move the goal's progress (and a planned goal to in progress)."""
    update = ProgressUpdate(
        date=date,
        done=done,
        evidence=evidence,
        value=value,
        author=author,
        community_goal=goal if isinstance(goal, CommunityGoal) else None,
        personal_goal=goal if isinstance(goal, PersonalGoal) else None,
    )
    update.full_clean()
    if date > timezone.localdate():
        raise ValidationError({"date": _("The date of an update can't be in the future.")})
    update.save()
    # The goal shows its most recent update's value, whatever order updates are entered in.
    latest = goal.updates.order_by("-date", "-created_at", "-pk").values_list("value", flat=True)
    goal.progress = latest[0]
    fields = ["progress"]
    if goal.status == GoalStatus.PLANNED:
        goal.status = GoalStatus.IN_PROGRESS
        fields.append("status")
    goal.save(update_fields=fields)
    return update
