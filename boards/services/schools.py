"""Writes of the board administration for schools: a new school of the board, and its
details changed. Each checks the access rule, validates and saves in one transaction."""

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import User
from boards.access import can_administer
from communities.models import Organisation, School
from core.once import made_before, save_once

# What the board administration sets; a school stays at the board it was made at.
FIELDS = frozenset({"name", "brin", "location", "sector", "region", "street", "postcode", "place"})


@transaction.atomic
def school_create(
    *, organisation: Organisation, by: User, client_key: uuid.UUID | None = None, **fields
) -> School:
    """Add a school to the board `by` administers. The same form sent twice (same
    client_key) adds it once."""
    _check_administers(by, organisation)
    if earlier := made_before(School, client_key, organisation=organisation):
        return earlier
    school = School(organisation=organisation, client_key=client_key, **_known(fields))
    _check(school)
    try:
        return save_once(school, organisation=organisation)
    except IntegrityError as error:
        # Someone saved the same school in the same moment, from another form.
        raise ValidationError(_("This school has just been added by someone else.")) from error


@transaction.atomic
def school_update(*, school: School, by: User, **fields) -> School:
    """Change a school's name, numbers, sector, region or address."""
    _check_administers(by, school.organisation)
    for name, value in _known(fields).items():
        setattr(school, name, value)
    _check(school)
    school.save()
    return school


def _check_administers(user: User, organisation: Organisation) -> None:
    if not can_administer(user, organisation):
        raise PermissionDenied


def _known(fields: dict) -> dict:
    unknown = set(fields) - FIELDS
    if unknown:
        raise TypeError(f"not a field the board administration sets: {sorted(unknown)}")
    return fields


def _check(school: School) -> None:
    """The fields (BRIN, location number, postcode at their validators), then what must be
    unique within the board, each error at its field."""
    errors: dict[str, list] = {}
    try:
        school.full_clean(validate_constraints=False)
    except ValidationError as error:
        errors = error.message_dict
    for name in ("brin", "sector"):
        if not getattr(school, name) and name not in errors:
            errors[name] = [_("This field is required.")]
    others = School.objects.filter(organisation_id=school.organisation_id).exclude(pk=school.pk)
    if "name" not in errors and others.filter(name=school.name).exists():
        errors["name"] = [_("This board already has a school with this name.")]
    if (
        "brin" not in errors
        and "location" not in errors
        and others.filter(brin=school.brin, location=school.location).exists()
    ):
        errors["brin"] = [_("This board already has a school with this BRIN and location number.")]
    if errors:
        raise ValidationError(errors)
