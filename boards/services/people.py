"""Writes of the board administration for people: a new person on the board's staff list,
and a person's name, e-mail address, function and schools changed. No invitation goes out
here (see the staff import's invitations): a new person gets an account without a password.
"""

import uuid
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import User, normalize_email
from boards.access import can_administer
from communities.models import Organisation, School, StaffMember
from communities.models.communities import boards_of
from core.once import made_before

# Error codes a view can recognise to say more than the message (a link to the person).
ON_THIS_BOARD = "on_this_board"


@transaction.atomic
def person_create(
    *,
    organisation: Organisation,
    by: User,
    full_name: str,
    email: str,
    function: str = "",
    schools: Iterable[School] = (),
    client_key: uuid.UUID | None = None,
) -> StaffMember:
    """Put a person on the board's staff list: an account without a password (they sign in
    once invited) and their staff record. Someone with an account but no board yet joins
    this one. The same form sent twice (same client_key) adds the person once."""
    _check_administers(by, organisation)
    if earlier := made_before(StaffMember, client_key, organisation=organisation):
        return earlier
    email = normalize_email(email)
    full_name = full_name.strip()
    schools = list(schools)
    user = User.objects.filter(email__iexact=email).first()
    _check(organisation, full_name=full_name, email=email, schools=schools, other=user, joins=True)
    try:
        with transaction.atomic():
            if user is None:
                user = User(email=email, full_name=full_name)
                user.set_unusable_password()
                user.full_clean(exclude=["password"])
                user.save()
            staff = StaffMember(
                organisation=organisation,
                user=user,
                function=function.strip(),
                client_key=client_key,
            )
            staff.full_clean(validate_constraints=False)
            staff.save()
    except IntegrityError as error:
        # The same form's other click, or someone else with the same address, at the same
        # moment: the row that was saved first stands.
        if earlier := made_before(StaffMember, client_key, organisation=organisation):
            return earlier
        raise ValidationError(
            {"email": _("This person has just been added by someone else.")}
        ) from error
    staff.schools.set(schools)
    return staff


@transaction.atomic
def person_update(
    *,
    staff: StaffMember,
    by: User,
    full_name: str,
    email: str,
    function: str,
    schools: Iterable[School],
) -> StaffMember:
    """Change a person's name, e-mail address, function and schools."""
    _check_administers(by, staff.organisation)
    email = normalize_email(email)
    full_name = full_name.strip()
    schools = list(schools)
    other = User.objects.filter(email__iexact=email).exclude(pk=staff.user_id).first()
    _check(staff.organisation, full_name=full_name, email=email, schools=schools, other=other)
    user = staff.user
    if email != user.email and (user.last_login is not None or user.has_usable_password()):
        # The address is how they sign in (and where a password reset goes): changing it
        # here would hand their account to whoever holds the new address.
        raise ValidationError(
            {
                "email": _(
                    "%(name)s has signed in already: their e-mail address can't be changed "
                    "here. Put them on the list again with the new address, and mark this "
                    "one as left."
                )
                % {"name": user.full_name}
            }
        )
    user.full_name = full_name
    user.email = email
    user.full_clean(exclude=["password"])
    try:
        with transaction.atomic():
            user.save(update_fields=["full_name", "email"])
    except IntegrityError as error:
        raise ValidationError(
            {"email": _("This e-mail address has just been given to someone else.")}
        ) from error
    staff.function = function.strip()
    staff.full_clean(validate_constraints=False)
    staff.save(update_fields=["function"])
    staff.schools.set(schools)
    return staff


def _check_administers(user: User, organisation: Organisation) -> None:
    if not can_administer(user, organisation):
        raise PermissionDenied


def _check(
    organisation: Organisation,
    *,
    full_name: str,
    email: str,
    schools: list[School],
    other: User | None,
    joins: bool = False,
) -> None:
    """Each error at its field. `other` is someone who has the address already: on this
    board's list (the error names them, so that the form can link to them), at another
    board, or (unless they may join this board: `joins`) with an account and no board."""
    errors: dict[str, list] = {}
    if not full_name:
        errors["full_name"] = [_("This field is required.")]
    elif len(full_name) > User._meta.get_field("full_name").max_length:
        errors["full_name"] = [_("This name is too long.")]
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = [_("Enter a valid e-mail address.")]
    if other is not None and "email" not in errors:
        on_list = (
            StaffMember.objects.filter(user=other, organisation=organisation)
            .values_list("pk", flat=True)
            .first()
        )
        if on_list is not None:
            errors["email"] = [
                ValidationError(
                    _("%(name)s is on this board's list with this e-mail address."),
                    code=ON_THIS_BOARD,
                    params={"name": other.full_name, "pk": on_list},
                )
            ]
        elif boards_of(other.pk) - {organisation.pk}:
            errors["email"] = [_("This address belongs to someone of another school board.")]
        elif other.is_staff or other.is_superuser:
            errors["email"] = [_("This address belongs to an administrator of the application.")]
        elif not joins:
            errors["email"] = [_("Someone else has an account with this e-mail address.")]
    if any(school.organisation_id != organisation.pk for school in schools):
        errors["schools"] = [_("Choose schools of this board.")]
    if errors:
        raise ValidationError(errors)
