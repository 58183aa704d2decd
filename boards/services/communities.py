"""Writes of the board administration for communities: a new community of the board, its
name, focus, schools, start date and status changed, and its facilitators chosen among the
board's current staff. Structure only: what the community's members write is not touched,
and a facilitator taken off stays a member, their content theirs."""

import datetime as dt
import uuid
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import User
from boards.access import can_administer, role_change_refusal
from communities import services as community_services
from communities.models import Community, Membership, Organisation, School, StaffMember
from core.once import made_before


@transaction.atomic
def community_create(
    *,
    organisation: Organisation,
    by: User,
    name: str,
    focus: str,
    schools: Iterable[School],
    start_date: dt.date,
    status: str = Community.Status.PLANNED,
    client_key: uuid.UUID | None = None,
) -> Community:
    """Add a community to the board. The same form sent twice (same client_key) adds it
    once."""
    _check_administers(by, organisation)
    if earlier := made_before(Community, client_key, organisation=organisation):
        return earlier
    schools = _check_schools(organisation, schools)
    _check_name(organisation, name)
    try:
        with transaction.atomic():
            community = community_services.community_create(
                name=name, focus=focus, schools=schools, start_date=start_date, status=status
            )
            community.client_key = client_key
            community.save(update_fields=["client_key"])
    except (IntegrityError, ValidationError) as error:
        # The same form's other click at the same moment: its community stands.
        if earlier := made_before(Community, client_key, organisation=organisation):
            return earlier
        if isinstance(error, ValidationError):
            raise
        raise ValidationError(
            {"name": _("This board already has a community with this name.")}
        ) from error
    return community


@transaction.atomic
def community_change(
    *,
    community: Community,
    by: User,
    name: str,
    focus: str,
    schools: Iterable[School],
    start_date: dt.date,
    status: str,
) -> Community:
    """Change a community's name, focus, schools, start date or status."""
    _check_administers(by, community.organisation)
    schools = _check_schools(community.organisation, schools)
    _check_name(community.organisation, name, exclude=community)
    return community_services.community_update(
        community=community,
        schools=schools,
        name=name,
        focus=focus,
        start_date=start_date,
        status=status,
    )


@transaction.atomic
def facilitator_add(*, community: Community, staff: StaffMember, by: User) -> Membership:
    """Make someone of the board's current staff a facilitator of the community: a member
    with the facilitator's role. A newcomer to the community is announced to its members,
    as everyone who starts reading what they share is."""
    _check_administers(by, community.organisation)
    _check_person(community, staff, by, grant=True)
    was_member = Membership.objects.filter(community=community, user_id=staff.user_id).exists()
    membership = community_services.membership_add(
        community=community, user=staff.user, role=Membership.Role.FACILITATOR
    )
    if not was_member:
        community_services.reader_notices_create(
            community=community, reader=staff.user, role=Membership.Role.FACILITATOR
        )
    return membership


@transaction.atomic
def facilitator_remove(*, community: Community, staff: StaffMember, by: User) -> None:
    """Take a facilitator off: they stay a member (what they wrote stays theirs)."""
    _check_administers(by, community.organisation)
    _check_person(community, staff, by, grant=False)
    Membership.objects.filter(
        community=community, user_id=staff.user_id, role=Membership.Role.FACILITATOR
    ).update(role=Membership.Role.MEMBER)


def _check_administers(user: User, organisation: Organisation) -> None:
    if not can_administer(user, organisation):
        raise PermissionDenied


def _check_schools(organisation: Organisation, schools: Iterable[School]) -> list[School]:
    schools = list(schools)
    if not schools:
        raise ValidationError({"schools": _("Choose at least one school.")})
    if any(school.organisation_id != organisation.pk for school in schools):
        raise ValidationError({"schools": _("Choose schools of this board.")})
    return schools


def _check_name(organisation: Organisation, name: str, *, exclude: Community | None = None) -> None:
    others = Community.objects.filter(organisation=organisation, name=name.strip())
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    if others.exists():
        raise ValidationError({"name": _("This board already has a community with this name.")})


def _check_person(community: Community, staff: StaffMember, by: User, *, grant: bool) -> None:
    """Someone of this board's list; nobody makes themselves a facilitator or takes
    themselves off (nobody grants themselves access); a leaver becomes no facilitator."""
    if staff.organisation_id != community.organisation_id:
        raise ValidationError({"person": _("Choose someone of this board's staff.")})
    if refusal := role_change_refusal(by, staff, grant=grant):
        raise ValidationError({"person": refusal})
