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
from communities import scope
from communities.models import (
    BoardAdministrator,
    BoardDirector,
    CoachAcceptance,
    Community,
    CommunityGoal,
    GoalStatus,
    Invitation,
    Membership,
    Organisation,
    PersonalGoal,
    ProgressUpdate,
    ReaderNotice,
    School,
    SchoolLeader,
    StaffMember,
)
from communities.models.communities import boards_of, check_one_board
from communities.withdrawal import content_withdraw, narrows
from core.once import made_before, save_once
from notifications import outbox as mail
from notifications.models import Kind

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


def _staff_ensure(user: User, organisation_id: int) -> StaffMember:
    """Everyone with a role at a board is on its staff list (see `StaffMember`); someone
    who left the board gets no role until the board takes them back."""
    record, _created = StaffMember.objects.get_or_create(
        user=user, defaults={"organisation_id": organisation_id}
    )
    if record.left_at is not None:
        raise ValidationError(_("%(name)s has left the school board.") % {"name": user})
    return record


@transaction.atomic
def membership_add(*, community: Community, user: User, role: str) -> Membership:
    check_one_board(user.pk, community.organisation_id, field="email")
    _staff_ensure(user, community.organisation_id)
    membership, created = Membership.objects.get_or_create(
        community=community, user=user, defaults={"role": role}
    )
    if not created and membership.role != role:
        membership.role = role
        membership.full_clean()
        membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def membership_set_role(*, membership: Membership, role: str, by: User) -> Membership:
    """Nobody changes their own role (nobody grants themselves access)."""
    if role not in Membership.Role.values:
        raise ValidationError({"role": _("Choose a valid role.")})
    if membership.user_id == by.pk:
        raise ValidationError({"role": _("You can't change your own role; ask someone else.")})
    widens = role == Membership.Role.COACH and membership.role != Membership.Role.COACH
    membership.role = role
    membership.save(update_fields=["role"])
    if widens:
        reader_notices_create(community=membership.community, reader=membership.user, role=role)
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership) -> None:
    CoachAcceptance.objects.filter(
        community_id=membership.community_id, coach_id=membership.user_id
    ).delete()
    membership.delete()


def school_leader_add(*, school: School, user: User) -> SchoolLeader:
    """Make someone a leader of a school (one person, one board)."""
    with transaction.atomic():
        check_one_board(user.pk, school.organisation_id)
        _staff_ensure(user, school.organisation_id).schools.add(school)
        leader, _created = SchoolLeader.objects.get_or_create(school=school, user=user)
    return leader


def board_director_add(*, organisation: Organisation, user: User) -> BoardDirector:
    """Make someone a director of a board (one person, one board)."""
    with transaction.atomic():
        check_one_board(user.pk, organisation.pk)
        _staff_ensure(user, organisation.pk)
        director, _created = BoardDirector.objects.get_or_create(
            organisation=organisation, user=user
        )
    return director


def board_administrator_add(*, organisation: Organisation, user: User) -> BoardAdministrator:
    """Make someone an administrator of a board (one person, one board)."""
    with transaction.atomic():
        check_one_board(user.pk, organisation.pk)
        _staff_ensure(user, organisation.pk)
        administrator, _created = BoardAdministrator.objects.get_or_create(
            organisation=organisation, user=user
        )
    return administrator


# Who reads what a teacher shares ---------------------------------------------


def reader_notices_create(
    *, community: Community, reader: User, role: str, among: Iterable[int] | None = None
) -> list[ReaderNotice]:
    """Someone new reads what the community's teachers share with it (a new member) or with
    their coach (a new coach): every other member (or those of them `among` these ids) is
    told, on their home page and by mail, and whether the newcomer leads their school or
    board."""
    leads = scope.leads(reader, community)
    notices = []
    members = User.objects.filter(memberships__community=community).exclude(pk=reader.pk)
    if among is not None:
        members = members.filter(pk__in=list(among))
    for member in members.order_by("pk"):
        notice, created = ReaderNotice.objects.get_or_create(
            recipient=member,
            community=community,
            reader=reader,
            role=role,
            defaults={"leads": leads},
        )
        if not created:
            continue
        notices.append(notice)
        mail.message_queue(
            key=f"new-reader:{notice.pk}",
            kind=Kind.NEW_READER,
            template="new_reader",
            context={
                "notice": notice,
                "community": community,
                "reader": reader,
                "url": mail.absolute(reverse("home")),
            },
            recipient=member,
            about=f"community:{community.pk}",
        )
    return notices


@transaction.atomic
def reader_notice_dismiss(*, notice: ReaderNotice) -> None:
    ReaderNotice.objects.filter(pk=notice.pk, dismissed_at__isnull=True).update(
        dismissed_at=timezone.now()
    )


@transaction.atomic
def coach_accept(*, teacher: User, coach: User, community: Community) -> CoachAcceptance:
    """The teacher accepts a coach who leads their school or board (idempotent)."""
    if not Membership.objects.filter(
        community=community, user=coach, role=Membership.Role.COACH
    ).exists():
        raise ValidationError(_("This person is not a coach of this community."))
    if not Membership.objects.filter(community=community, user=teacher).exists():
        raise ValidationError(_("You are not a member of this community."))
    if teacher.pk == coach.pk:
        raise ValidationError(_("You can't accept yourself as coach."))
    acceptance, _created = CoachAcceptance.objects.get_or_create(
        community=community, teacher=teacher, coach=coach
    )
    return acceptance


@transaction.atomic
def coach_acceptance_withdraw(*, teacher: User, coach: User, community: Community) -> None:
    CoachAcceptance.objects.filter(community=community, teacher=teacher, coach=coach).delete()


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
    if email == normalize_email(invited_by.email):
        raise ValidationError({"email": _("You can't invite yourself; ask someone else.")})
    existing_user = User.objects.filter(email=email).first()
    if existing_user is not None:
        if not existing_user.is_active:
            raise ValidationError({"email": _("This person has left the school board.")})
        if Membership.objects.filter(community=community, user=existing_user).exists():
            raise ValidationError({"email": _("This person is already a member.")})
        if boards_of(existing_user.pk) - {community.organisation_id}:
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
    if invitation.invited_by_id == user.pk:
        raise ValidationError(_("You can't accept an invitation you sent yourself."))
    if boards_of(user.pk) - {invitation.community.organisation_id}:
        raise ValidationError(_("This invitation is for another school board."))
    _claim(invitation)
    membership = membership_add(community=invitation.community, user=user, role=invitation.role)
    reader_notices_create(community=invitation.community, reader=user, role=invitation.role)
    return membership


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
    reader_notices_create(community=invitation.community, reader=user, role=invitation.role)
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
    stored = (
        PersonalGoal.objects.filter(pk=goal.pk).values_list("community_id", "visibility").first()
    )
    for name, value in fields.items():
        setattr(goal, name, value)
    _check_personal_goal(goal)
    goal.save()
    if stored is not None and (
        stored[0] != goal.community_id or narrows(stored[1], goal.visibility)
    ):
        content_withdraw(community_id=stored[0])
    return goal


@transaction.atomic
def personal_goal_delete(*, goal: PersonalGoal) -> None:
    shared = goal.visibility != PersonalGoal.Visibility.PRIVATE
    goal.delete()
    if shared:
        content_withdraw(community_id=goal.community_id)


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
