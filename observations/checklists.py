"""Building and changing observation checklists (kijkwijzers) as plain text.

A scale is written one level per line (`1 = onvoldoende`; a line without a value, such as
`niet gezien`, is the "not seen" level); domains and items as an outline (a line is a
domain, a line starting with `-` an item of the domain above). The parsers answer with
errors that name the line, so the builder works with a keyboard and a screen reader alone.
"""

import enum
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Prefetch, ProtectedError, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from communities import scope
from communities.models import Community, Organisation
from observations import access as observation_access
from observations.models import Domain, Instrument, Item, ScaleLevel
from observations.services import instrument_copy, instrument_for_editing

MAX_LEVELS = 10
MAX_DOMAINS = 30
MAX_ITEMS = 200
MAX_VALUE = 100
ITEM_MARKERS = ("-", "*", "•")

# "1 = label", "1: label", "1. label", "1) label", "1 - label" or "1 label".
_LEVEL = re.compile(r"^(?P<value>[+-]?\d+)(?:\s*[=:.)\-–]\s*|\s+|$)(?P<label>.*)$")


@dataclass(frozen=True)
class Level:
    value: int | None  # None: "not seen"
    label: str


@dataclass
class DomainSpec:
    title: str
    items: list[str] = field(default_factory=list)
    line: int = 0


# Presets offered in the builder: text as it goes into the scale box.
PRESETS = {
    "four": (
        gettext_lazy("1 to 4"),
        [
            Level(1, gettext_lazy("not yet visible")),
            Level(2, gettext_lazy("partly visible")),
            Level(3, gettext_lazy("visible")),
            Level(4, gettext_lazy("strongly visible")),
        ],
    ),
    "yesno": (
        gettext_lazy("Yes / no / not seen"),
        [
            Level(1, gettext_lazy("yes")),
            Level(0, gettext_lazy("no")),
            Level(None, gettext_lazy("not seen")),
        ],
    ),
}


def _lines(text: str):
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if line:
            yield number, line


def parse_scale(text: str) -> list[Level]:
    """Levels in the order written. Raises a ValidationError listing every problem."""
    levels: list[Level] = []
    errors: list[str] = []
    values: dict[int, int] = {}
    labels: dict[str, int] = {}
    for number, line in _lines(text):
        match = _LEVEL.match(line)
        if match:
            value, label = int(match["value"]), match["label"].strip()
            if not label:
                errors.append(
                    _("Line %(line)s: write a label after the value, e.g. “%(value)s = good”.")
                    % {"line": number, "value": value}
                )
                continue
            if not 0 <= value <= MAX_VALUE:
                errors.append(
                    _("Line %(line)s: a value goes from 0 to %(max)s.")
                    % {"line": number, "max": MAX_VALUE}
                )
                continue
            if value in values:
                errors.append(
                    _("Line %(line)s: the value %(value)s is on line %(first)s already.")
                    % {"line": number, "value": value, "first": values[value]}
                )
                continue
            values[value] = number
        else:
            value, label = None, line
            if None in (level.value for level in levels):
                errors.append(
                    _(
                        "Line %(line)s: only one level can be without a value (“not seen”); "
                        "give this one a value, e.g. “2 = %(label)s”."
                    )
                    % {"line": number, "label": label[:40]}
                )
                continue
        if len(label) > 60:
            errors.append(
                _("Line %(line)s: a label has at most 60 characters (this one has %(count)s).")
                % {"line": number, "count": len(label)}
            )
            continue
        if label.casefold() in labels:
            errors.append(
                _("Line %(line)s: the label “%(label)s” is on line %(first)s already.")
                % {"line": number, "label": label, "first": labels[label.casefold()]}
            )
            continue
        labels[label.casefold()] = number
        levels.append(Level(value, label))
    if errors:
        raise ValidationError(errors)
    if len(levels) < 2:
        raise ValidationError(_("Write at least two levels, one per line."))
    if len(levels) > MAX_LEVELS:
        raise ValidationError(
            _("A scale has at most %(max)s levels; this one has %(count)s.")
            % {"max": MAX_LEVELS, "count": len(levels)}
        )
    if all(level.value is None for level in levels):
        raise ValidationError(_("Give at least one level a value, e.g. “1 = seen”."))
    return levels


def parse_outline(text: str) -> list[DomainSpec]:
    """Domains with their items in the order written. Raises a ValidationError listing
    every problem."""
    domains: list[DomainSpec] = []
    errors: list[str] = []
    titles: dict[str, int] = {}
    items = 0
    for number, line in _lines(text):
        if line.startswith(ITEM_MARKERS):
            item = line.lstrip("".join(ITEM_MARKERS)).strip()
            if not domains:
                errors.append(
                    _(
                        "Line %(line)s: an item (a line starting with “-”) needs a domain "
                        "line above it."
                    )
                    % {"line": number}
                )
            elif not item:
                errors.append(_("Line %(line)s: write the item after the “-”.") % {"line": number})
            elif len(item) > 300:
                errors.append(
                    _("Line %(line)s: an item has at most 300 characters (this one has %(count)s).")
                    % {"line": number, "count": len(item)}
                )
            elif item.casefold() in (text.casefold() for text in domains[-1].items):
                errors.append(
                    _("Line %(line)s: this item is in the domain “%(domain)s” already.")
                    % {"line": number, "domain": domains[-1].title}
                )
            else:
                domains[-1].items.append(item)
                items += 1
            continue
        if len(line) > 150:
            errors.append(
                _("Line %(line)s: a domain has at most 150 characters (this one has %(count)s).")
                % {"line": number, "count": len(line)}
            )
            line = line[:150]
        if line.casefold() in titles:
            errors.append(
                _("Line %(line)s: the domain “%(domain)s” is on line %(first)s already.")
                % {"line": number, "domain": line, "first": titles[line.casefold()]}
            )
        titles.setdefault(line.casefold(), number)
        domains.append(DomainSpec(title=line, line=number))
    for domain in domains:
        if not domain.items:
            errors.append(
                _(
                    "Line %(line)s: the domain “%(domain)s” has no items; add lines starting "
                    "with “-” below it."
                )
                % {"line": domain.line, "domain": domain.title}
            )
    if errors:
        raise ValidationError(errors)
    if not domains:
        raise ValidationError(
            _("Write at least one domain, with its items below it on lines starting with “-”.")
        )
    if len(domains) > MAX_DOMAINS or items > MAX_ITEMS:
        raise ValidationError(
            _("A checklist has at most %(domains)s domains and %(items)s items.")
            % {"domains": MAX_DOMAINS, "items": MAX_ITEMS}
        )
    return domains


def format_scale(levels) -> str:
    """The scale box's text for levels (Level or ScaleLevel)."""
    return "\n".join(
        str(level.label) if level.value is None else f"{level.value} = {level.label}"
        for level in levels
    )


def format_outline(domains) -> str:
    """The outline box's text for an instrument's domains (items prefetched)."""
    lines = []
    for domain in domains:
        lines.append(domain.title)
        lines.extend(f"- {item.text}" for item in domain.items.all())
    return "\n".join(lines)


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
        if not instrument.is_current or instrument.organisation_id not in (
            None,
            community.organisation_id,
        ):
            raise ValidationError(
                {"instruments": _("Choose checklists of your school board or built-in ones.")}
            )
    current = set(community.instruments.filter(is_current=True).values_list("pk", flat=True))
    chosen = {instrument.pk for instrument in instruments}
    if current - chosen:
        community.instruments.remove(*(current - chosen))
    if chosen - current:
        community.instruments.add(*(chosen - current))


# Reads for the pages ------------------------------------------------------------------


def instruments_for_list(user: User) -> list[Instrument]:
    """The current checklists `user` can use, built-in first, with their size and which of
    the person's communities use them."""
    return list(
        Instrument.objects.filter(observation_access.visible_instruments_q(user), is_current=True)
        .select_related("organisation", "created_by")
        .annotate(
            domain_count=Count("domains", distinct=True),
            item_count=Count("domains__items", distinct=True),
        )
        .prefetch_related(
            Prefetch(
                "communities",
                queryset=scope.visible_communities(user).order_by("name"),
                to_attr="used_by",
            )
        )
        .order_by(F("organisation__name").asc(nulls_first=True), "name")
    )


@dataclass
class InstrumentPage:
    instrument: Instrument
    levels: list[ScaleLevel]
    domains: list[Domain]
    versions: list[Instrument]  # the whole family, newest first, with visit_count
    used_by: list[Community]  # of the person's communities

    @property
    def visit_count(self) -> int:
        return next(v.visit_count for v in self.versions if v.pk == self.instrument.pk)

    @property
    def current(self) -> Instrument:
        return next((v for v in self.versions if v.is_current), self.instrument)


def instrument_page(instrument: Instrument, user: User) -> InstrumentPage:
    return InstrumentPage(
        instrument=instrument,
        levels=list(instrument.levels.all()),
        domains=list(instrument.domains.prefetch_related("items")),
        versions=list(
            Instrument.objects.filter(family=instrument.family)
            # Only visits in the viewer's own communities: a built-in checklist is shared by
            # every board, and another board's figures are not theirs to see.
            .annotate(
                visit_count=Count(
                    "visits",
                    filter=Q(visits__community__in=scope.visible_communities(user)),
                )
            )
            .order_by("-version")
            .only("pk", "family", "version", "is_current", "name", "created_at")
        ),
        used_by=list(
            scope.visible_communities(user)
            .filter(instruments=instrument)
            .order_by("name")
            .only("pk", "name")
        ),
    )


def community_instrument_options(community: Community):
    """The checklists a community can choose: built-in and its board's, current versions."""
    return (
        Instrument.objects.filter(is_current=True)
        .filter(Q(organisation__isnull=True) | Q(organisation=community.organisation_id))
        .select_related("organisation")
        .order_by(F("organisation__name").asc(nulls_first=True), "name")
    )
