"""Observation checklists (kijkwijzers): a versioned checklist with its scale, domains and
items."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communities.models import Community, Organisation


class Instrument(models.Model):
    """An observation checklist. Once used it is never changed: an edit makes a new version
    in the same family, and old observations keep the version they were made with."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="instruments",
        verbose_name=_("school board"),
        help_text=_("Empty: built in, for everyone."),
    )
    family = models.UUIDField(default=uuid.uuid4, editable=False)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    is_current = models.BooleanField(_("current version"), default=True)
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("made by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    communities = models.ManyToManyField(
        Community, blank=True, related_name="instruments", verbose_name=_("used by")
    )

    class Meta:
        verbose_name = _("observation checklist")
        verbose_name_plural = _("observation checklists")
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["family", "version"], name="instrument_version_once"),
            models.UniqueConstraint(
                fields=["family"],
                condition=Q(is_current=True),
                name="one_current_instrument_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"


class ScaleLevel(models.Model):
    """One point of an instrument's scale, e.g. 1 "insufficient" … 4 "strong", or
    yes / no / not seen (value None for "not seen")."""

    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, related_name="levels", verbose_name=_("checklist")
    )
    value = models.SmallIntegerField(_("value"), null=True, blank=True)
    label = models.CharField(_("label"), max_length=60)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("scale level")
        verbose_name_plural = _("scale levels")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.label


class Domain(models.Model):
    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, related_name="domains", verbose_name=_("checklist")
    )
    title = models.CharField(_("domain"), max_length=150)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("domain")
        verbose_name_plural = _("domains")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.title


class Item(models.Model):
    domain = models.ForeignKey(
        Domain, on_delete=models.CASCADE, related_name="items", verbose_name=_("domain")
    )
    text = models.CharField(_("item"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("item")
        verbose_name_plural = _("items")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.text
