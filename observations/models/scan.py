"""The PLC scan: statements in themes, a community's rounds, and answers stored apart from
who gave them."""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communities.models import Community, Organisation


class Scan(models.Model):
    """A PLC scan: statements scored 1 (disagree) to 5 (strongly agree), in themes."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="scans",
        verbose_name=_("school board"),
    )
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("PLC scan")
        verbose_name_plural = _("PLC scans")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ScanTheme(models.Model):
    scan = models.ForeignKey(Scan, on_delete=models.CASCADE, related_name="themes")
    title = models.CharField(_("theme"), max_length=150)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = _("scan theme")
        verbose_name_plural = _("scan themes")

    def __str__(self) -> str:
        return self.title


class ScanStatement(models.Model):
    theme = models.ForeignKey(ScanTheme, on_delete=models.CASCADE, related_name="statements")
    text = models.CharField(_("statement"), max_length=300)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = _("scan statement")
        verbose_name_plural = _("scan statements")

    def __str__(self) -> str:
        return self.text


class ScanRound(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    community = models.ForeignKey(
        Community,
        on_delete=models.CASCADE,
        related_name="scan_rounds",
        verbose_name=_("community"),
    )
    scan = models.ForeignKey(Scan, on_delete=models.PROTECT, related_name="rounds")
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    closes_on = models.DateField(_("closes"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )

    # Set when the round closes (its answers don't change after): the dashboards add up
    # rounds instead of reading every answer of a school year. See `services.scan.scan_round_count`.
    response_count = models.PositiveIntegerField(default=0, editable=False)
    score_sum = models.PositiveIntegerField(default=0, editable=False)
    score_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("scan round")
        verbose_name_plural = _("scan rounds")
        ordering = ["-opened_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["community"],
                condition=Q(status="open"),
                name="one_open_scan_round",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.community} {self.opened_at:%Y-%m-%d}"


class ScanParticipation(models.Model):
    """That a member answered a round (once). Which answers are theirs is not stored:
    answers hang on an anonymous ScanResponse, and results are shown only as averages."""

    round = models.ForeignKey(ScanRound, on_delete=models.CASCADE, related_name="participations")
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    submitted_on = models.DateField(default=timezone.localdate)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "respondent"], name="answer_a_round_once"),
        ]

    def __str__(self) -> str:
        return f"{self.round_id}/{self.respondent_id}"


def random_key() -> int:
    return secrets.randbits(62) + 1


class ScanResponse(models.Model):
    """One set of answers in a round, not linked to a person. Its key is random, so its
    number doesn't give away who answered (participations are numbered in order)."""

    id = models.BigIntegerField(primary_key=True, default=random_key, editable=False)
    round = models.ForeignKey(ScanRound, on_delete=models.CASCADE, related_name="responses")

    def __str__(self) -> str:
        return f"{self.round_id}/{self.pk}"


class ScanAnswer(models.Model):
    # Random too: numbered answers would line up with the order people answered in.
    id = models.BigIntegerField(primary_key=True, default=random_key, editable=False)
    response = models.ForeignKey(ScanResponse, on_delete=models.CASCADE, related_name="answers")
    statement = models.ForeignKey(ScanStatement, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "statement"], name="one_answer_each"),
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5), name="scan_score_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.statement_id}: {self.score}"
