"""Who administers a board: its board directors and its board administrators (functioneel
beheerders). Administering a board opens its schools and people, never a community's content
or figures (see communities/scope.py)."""

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.models import User
from communities.models import Community, Organisation, School, StaffMember
from communities.scope import scope_of


def administered_board_ids(user: User) -> frozenset[int]:
    """The boards `user` directs or administers (one at most: one person, one board)."""
    scope = scope_of(user)
    return scope.directed_organisation_ids | scope.administered_organisation_ids


def can_administer(user: User, organisation: Organisation) -> bool:
    return organisation.pk in administered_board_ids(user)


def organisation_for_administrator(user: User) -> Organisation:
    """The board `user` administers; 404 for everyone else."""
    organisation = Organisation.objects.filter(pk__in=administered_board_ids(user)).first()
    if organisation is None:
        raise Http404
    return organisation


def school_for_administrator(user: User, pk: int) -> School:
    """A school of the board `user` administers; 404 for any other school."""
    school = (
        School.objects.select_related("organisation")
        .filter(pk=pk, organisation_id__in=administered_board_ids(user))
        .first()
    )
    if school is None:
        raise Http404
    return school


def staff_for_administrator(user: User, pk: int) -> StaffMember:
    """A person on the staff list of the board `user` administers; 404 for anyone else."""
    staff = (
        StaffMember.objects.select_related("user", "organisation")
        .filter(pk=pk, organisation_id__in=administered_board_ids(user))
        .first()
    )
    if staff is None:
        raise Http404
    return staff


def community_for_administrator(user: User, pk: int) -> Community:
    """A community of the board `user` administers, for its structure only (name, schools,
    facilitators): never its content; 404 for any other community."""
    community = (
        Community.objects.select_related("organisation")
        .filter(pk=pk, organisation_id__in=administered_board_ids(user))
        .first()
    )
    if community is None:
        raise Http404
    return community


def board_schools(organisation: Organisation) -> QuerySet[School]:
    """The schools a person or a community of the board can be given."""
    return School.objects.filter(organisation=organisation).order_by("name", "pk")


def current_staff(organisation: Organisation) -> QuerySet[StaffMember]:
    """The board's staff who have not left: who can be given a role or a community."""
    return StaffMember.objects.filter(organisation=organisation, left_at__isnull=True)


def role_change_refusal(by: User, staff: StaffMember, *, grant: bool) -> str | None:
    """Why `by` may not change the roles of `staff` (None: they may). Nobody changes their
    own roles (nobody grants themselves access); a person who has left gets no new role.
    A community's facilitators are chosen by the same rule."""
    if staff.user_id == by.pk:
        return _("You can't change your own roles; ask someone else.")
    if grant and staff.left_at is not None:
        return _("%(name)s has left the board and gets no new roles.") % {
            "name": staff.user.full_name
        }
    return None
