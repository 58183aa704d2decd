"""Observation checklists (kijkwijzers) as plain text: parsing the builder's boxes and
printing a checklist back into them. Pure: no database.

A scale is written one level per line (`1 = onvoldoende`; a line without a value, such as
`niet gezien`, is the "not seen" level); domains and items as an outline (a line is a
domain, a line starting with `-` an item of the domain above). The parsers answer with
errors that name the line, so the builder works with a keyboard and a screen reader alone.
"""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
