"""Writes for observation checklists: a board's own checklist made from the builder's text,
changed in place while unused or as a new version once used, copied, and chosen by a
community."""

import enum

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from accounts.models import User
from communities.models import Community, Organisation
from observations import access as observation_access
from observations.checklist_text import DomainSpec, Level
from observations.models import Domain, Instrument, Item, ScaleLevel


def instrument_is_used(instrument: Instrument) -> bool:
    return instrument.visits.exists()


@transaction.atomic
def instrument_copy(
    *,
    instrument: Instrument,
    organisation: Organisation | None,
    name: str,
    by: User | None,
    new_version_of_family: bool = False,
) -> Instrument:
    """A deep copy: as a board's own new checklist, or as the next version of the family."""
    copy = Instrument(
        organisation=organisation, name=name, description=instrument.description, created_by=by
    )
    if new_version_of_family:
        current = (
            Instrument.objects.select_for_update()
            .filter(family=instrument.family)
            .order_by("-version")
            .first()
        )
        Instrument.objects.filter(family=instrument.family, is_current=True).update(
            is_current=False
        )
        copy.family = instrument.family
        copy.version = current.version + 1
    copy.full_clean()
    copy.save()
    ScaleLevel.objects.bulk_create(
        ScaleLevel(instrument=copy, value=level.value, label=level.label, order=level.order)
        for level in instrument.levels.all()
    )
    for domain in instrument.domains.prefetch_related("items"):
        new_domain = Domain.objects.create(instrument=copy, title=domain.title, order=domain.order)
        Item.objects.bulk_create(
            Item(domain=new_domain, text=item.text, order=item.order) for item in domain.items.all()
        )
    if new_version_of_family:
        copy.communities.set(instrument.communities.all())
    return copy


@transaction.atomic
def instrument_for_editing(*, instrument: Instrument, by: User) -> Instrument:
    """The instrument to change: itself while unused, else a new version (the old one stays
    with the observations made with it)."""
    if not instrument_is_used(instrument):
        return instrument
    return instrument_copy(
        instrument=instrument,
        organisation=instrument.organisation,
        name=instrument.name,
        by=by,
        new_version_of_family=True,
    )


def _content(instrument: Instrument) -> tuple:
    levels = tuple(Level(level.value, level.label) for level in instrument.levels.all())
    domains = tuple(
        (domain.title, tuple(item.text for item in domain.items.all()))
        for domain in instrument.domains.prefetch_related("items")
    )
    return instrument.name, instrument.description, levels, domains


def _check_name(*, organisation_id: int, name: str, family=None) -> None:
    taken = Instrument.objects.filter(organisation_id=organisation_id, name=name, is_current=True)
    if family is not None:
        taken = taken.exclude(family=family)
    if taken.exists():
        raise ValidationError(
            {"name": _("Your school board has a checklist with this name already.")}
        )


def _build(instrument: Instrument, levels: list[Level], domains: list[DomainSpec]) -> None:
    ScaleLevel.objects.bulk_create(
        ScaleLevel(instrument=instrument, value=level.value, label=level.label, order=order)
        for order, level in enumerate(levels)
    )
    made = Domain.objects.bulk_create(
        Domain(instrument=instrument, title=domain.title, order=order)
        for order, domain in enumerate(domains)
    )
    Item.objects.bulk_create(
        Item(domain=row, text=text, order=order)
        for row, domain in zip(made, domains, strict=True)
        for order, text in enumerate(domain.items)
    )


@transaction.atomic
def instrument_create(
    *,
    organisation: Organisation,
    name: str,
    description: str,
    levels: list[Level],
    domains: list[DomainSpec],
    by: User,
) -> Instrument:
    """A board's own new checklist, all or nothing."""
    _check_name(organisation_id=organisation.pk, name=name)
    instrument = Instrument(
        organisation=organisation, name=name, description=description, created_by=by
    )
    instrument.full_clean()
    instrument.save()
    _build(instrument, levels, domains)
    return instrument


class Saved(enum.StrEnum):
    UNCHANGED = "unchanged"
    IN_PLACE = "in place"
    NEW_VERSION = "new version"


@transaction.atomic
def instrument_update(
    *,
    instrument: Instrument,
    name: str,
    description: str,
    levels: list[Level],
    domains: list[DomainSpec],
    by: User,
) -> tuple[Instrument, Saved]:
    """Change a board's checklist. While unused it is changed in place; once used in a visit
    the change becomes a new version, and visits made so far keep theirs.

    Returns the checklist as it is now (the new version, if one was made) and how it was
    saved.
    """
    instrument = Instrument.objects.select_for_update().get(pk=instrument.pk)
    if instrument.organisation_id is None:
        raise ValidationError(_("A built-in checklist can't be changed; copy it instead."))
    if not instrument.is_current:
        raise ValidationError(
            _(
                "Someone saved a newer version of this checklist in the meantime. Open the "
                "current version and repeat your change."
            )
        )
    _check_name(organisation_id=instrument.organisation_id, name=name, family=instrument.family)
    wanted = (name, description, tuple(levels), tuple((d.title, tuple(d.items)) for d in domains))
    if _content(instrument) == wanted:
        return instrument, Saved.UNCHANGED
    target = instrument_for_editing(instrument=instrument, by=by)
    target.name, target.description = name, description
    target.full_clean()
    target.save()
    try:
        with transaction.atomic():
            target.levels.all().delete()
            target.domains.all().delete()
    except ProtectedError:  # a visit scored it between our check and now
        raise ValidationError(
            _("This checklist was used in a visit just now. Open it again and repeat your change.")
        ) from None
    _build(target, levels, domains)
    return target, Saved.IN_PLACE if target.pk == instrument.pk else Saved.NEW_VERSION


def copy_name(instrument: Instrument, organisation: Organisation) -> str:
    """“Copy of …”, numbered when the board has that name already."""
    taken = set(
        Instrument.objects.filter(organisation=organisation, is_current=True).values_list(
            "name", flat=True
        )
    )
    name = (_("Copy of %(name)s") % {"name": instrument.name})[:150]
    number = 2
    while name in taken:
        name = (_("Copy of %(name)s (%(number)s)") % {"name": instrument.name, "number": number})[
            :150
        ]
        number += 1
    return name


@transaction.atomic
def instrument_copy_for_board(
    *, instrument: Instrument, organisation: Organisation, by: User
) -> Instrument:
    """A board's own copy of a checklist (built-in or the board's), to change as it likes."""
    return instrument_copy(
        instrument=instrument,
        organisation=organisation,
        name=copy_name(instrument, organisation),
        by=by,
    )


@transaction.atomic
def community_instruments_set(
    *, community: Community, instruments: list[Instrument], by: User
) -> None:
    """The checklists a community uses. Only current versions are chosen here; links to
    older versions stay with them."""
    for instrument in instruments:
        if not observation_access.can_community_choose_instrument(community, instrument):
            raise ValidationError(
                {"instruments": _("Choose checklists of your school board or built-in ones.")}
            )
    current = set(community.instruments.filter(is_current=True).values_list("pk", flat=True))
    chosen = {instrument.pk for instrument in instruments}
    if current - chosen:
        community.instruments.remove(*(current - chosen))
    if chosen - current:
        community.instruments.add(*(chosen - current))
