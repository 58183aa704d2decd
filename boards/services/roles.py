"""Writes of the board administration for roles: a person on the board's staff list made
(or no longer) a school leader of one of its schools, a board director or a board
administrator. The rules (boards.access.role_change_refusal): nobody changes their own
roles, a person who has left gets no new role, and the board keeps at least one director or
administrator who has not left. Granting a role opens nothing to the one who grants it."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from boards.access import can_administer, keeps_a_director_or_administrator, role_change_refusal
from communities import services as community_services
from communities.models import (
    BoardAdministrator,
    BoardDirector,
    Organisation,
    School,
    SchoolLeader,
    StaffMember,
)
from communities.scope import forget_scope


class Role(models.TextChoices):
    SCHOOL_LEADER = "school_leader", gettext_lazy("school leader")
    BOARD_DIRECTOR = "board_director", gettext_lazy("board director")
    BOARD_ADMINISTRATOR = "board_administrator", gettext_lazy("board administrator")


@transaction.atomic
def role_grant(*, staff: StaffMember, role: str, by: User, school: School | None = None) -> None:
    """Give `staff` a role at their board (for a school leader: of `school`). Given twice,
    they have it once."""
    _check(staff, role, by, school, grant=True)
    user = staff.user
    if role == Role.SCHOOL_LEADER:
        community_services.school_leader_add(school=school, user=user)
    elif role == Role.BOARD_DIRECTOR:
        community_services.board_director_add(organisation=staff.organisation, user=user)
    else:
        community_services.board_administrator_add(organisation=staff.organisation, user=user)
    forget_scope(user)


@transaction.atomic
def role_revoke(*, staff: StaffMember, role: str, by: User, school: School | None = None) -> None:
    """Take a role away from `staff`; what they wrote and their memberships stay. The last
    director or administrator of a board who has not left keeps theirs."""
    _check(staff, role, by, school, grant=False)
    organisation = staff.organisation
    user = staff.user
    if role == Role.SCHOOL_LEADER:
        SchoolLeader.objects.filter(school=school, user=user).delete()
    else:
        # One change of the board's directors and administrators at a time, so that two
        # taken away at once can't leave it without one.
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        model = BoardDirector if role == Role.BOARD_DIRECTOR else BoardAdministrator
        held = model.objects.filter(organisation=organisation, user=user)
        if held.exists() and not keeps_a_director_or_administrator(
            organisation, without=user, role=model
        ):
            raise ValidationError(
                _(
                    "%(name)s is the board's last director or administrator: give someone "
                    "else one of these roles first."
                )
                % {"name": user.full_name}
            )
        held.delete()
    forget_scope(user)


def _check(staff: StaffMember, role: str, by: User, school: School | None, *, grant: bool) -> None:
    if not can_administer(by, staff.organisation):
        raise PermissionDenied
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a valid role.")})
    if role == Role.SCHOOL_LEADER and (
        school is None or school.organisation_id != staff.organisation_id
    ):
        raise ValidationError({"school": _("Choose a school of this board.")})
    if refusal := role_change_refusal(by, staff, grant=grant):
        raise ValidationError(refusal)
