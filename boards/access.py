"""Who administers a board: its board directors and its board administrators (functioneel
beheerders). Administering a board opens its schools and people, never a community's content
or figures (see communities/scope.py)."""

from django.db import models
from django.db.models import QuerySet
from django.http import Http404
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _

from accounts.models import User
from boards.models import StaffImport
from boards.tokens import welcome_token
from communities.models import (
    BoardAdministrator,
    BoardDirector,
    Community,
    Organisation,
    School,
    StaffMember,
)
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


def staff_import_for_administrator(user: User, pk: int) -> StaffImport:
    """A staff import of the board `user` administers; 404 for any other."""
    staff_import = (
        StaffImport.objects.select_related("organisation")
        .filter(pk=pk, organisation_id__in=administered_board_ids(user))
        .first()
    )
    if staff_import is None:
        raise Http404
    return staff_import


def welcome_user(uidb64: str, token: str) -> User | None:
    """The person a staff invitation's link is for, while it works: a valid token (not
    used, not expired), an active account on a board's staff list, not left. Else None."""
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError, UnicodeDecodeError):
        return None
    user = (
        User.objects.filter(
            pk=pk, is_active=True, staff_record__isnull=False, staff_record__left_at__isnull=True
        )
        .select_related("staff_record__organisation")
        .first()
    )
    if user is None or not welcome_token.check_token(user, token):
        return None
    return user


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


def keeps_a_director_or_administrator(
    organisation: Organisation, *, without: User, role: type[models.Model] | None = None
) -> bool:
    """Whether the board keeps a director or administrator who has not left once `without`
    loses `role` (BoardDirector or BoardAdministrator; None: both, as when they leave)."""
    current = StaffMember.objects.filter(organisation=organisation, left_at__isnull=True).values(
        "user_id"
    )
    held = {}
    for model in (BoardDirector, BoardAdministrator):
        held[model] = model.objects.filter(organisation=organisation, user_id__in=current)
        if role is None or role is model:
            held[model] = held[model].exclude(user=without)
    return held[BoardDirector].exists() or held[BoardAdministrator].exists()
