"""Who administers a board: its board directors and its board administrators (functioneel
beheerders). Administering a board opens its schools and people, never a community's content
or figures (see communities/scope.py)."""

from django.http import Http404

from accounts.models import User
from communities.models import Organisation, School, StaffMember
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


def staff_record_for_administrator(user: User, pk: int) -> StaffMember:
    """A person on the staff list of the board `user` administers; 404 for anyone else's."""
    record = (
        StaffMember.objects.select_related("user", "organisation")
        .filter(pk=pk, organisation_id__in=administered_board_ids(user))
        .first()
    )
    if record is None:
        raise Http404
    return record
