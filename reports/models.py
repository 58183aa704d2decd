"""Stored reports: a PDF built in the background, kept for the people in scope to download."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from communities.models import Community, School
from cycles.models import Cycle


def report_upload_to(instance: "Report", filename: str) -> str:
    # The stored name is ours: no guessing another community's file, no collisions.
    if instance.kind == Report.Kind.SCHOOL_YEAR:
        return f"reports/school-{instance.school_id}/{uuid.uuid4().hex}.pdf"
    return f"reports/{instance.community_id}/{uuid.uuid4().hex}.pdf"


class Report(models.Model):
    class Kind(models.TextChoices):
        CYCLE = "cycle", _("cycle report")
        SCHOOL_YEAR = "school_year", _("school-year report")

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting")
        BUILDING = "building", _("being made")
        READY = "ready", _("ready")
        FAILED = "failed", _("failed")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.CYCLE)
    # A cycle report: its cycle and that cycle's community.
    community = models.ForeignKey(
        Community,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("community"),
    )
    cycle = models.ForeignKey(
        Cycle,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("cycle"),
    )
    # A school-year report: its school and the school year, named by the year it starts in.
    school = models.ForeignKey(
        School,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("school"),
    )
    year = models.PositiveSmallIntegerField(_("school year"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    # A cycle report with what members shared is for the community's members; leaders who
    # are not members ask for one with figures only. Withdrawn content deletes the former.
    with_content = models.BooleanField(_("with what members shared"), default=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    file = models.FileField(_("file"), upload_to=report_upload_to, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # A double click, or two facilitators at once, build the report once.
            models.UniqueConstraint(
                fields=["cycle", "language", "with_content"],
                condition=Q(status__in=["queued", "building"]),
                name="one_report_in_the_making_per_cycle_and_language",
            ),
            models.UniqueConstraint(
                fields=["school", "year", "language"],
                condition=Q(status__in=["queued", "building"]),
                name="one_report_in_the_making_per_school_year_and_language",
            ),
            # Each kind has its own subject, and only that.
            models.CheckConstraint(
                condition=(
                    Q(
                        kind="cycle",
                        cycle__isnull=False,
                        community__isnull=False,
                        school__isnull=True,
                        year__isnull=True,
                    )
                    | Q(
                        kind="school_year",
                        school__isnull=False,
                        year__isnull=False,
                        cycle__isnull=True,
                        community__isnull=True,
                    )
                ),
                name="report_has_the_subject_of_its_kind",
            ),
            models.CheckConstraint(
                condition=~Q(status="ready") | ~Q(file=""), name="ready_report_has_a_file"
            ),
        ]
        indexes = [
            models.Index(fields=["cycle", "-created_at"]),
            models.Index(fields=["school", "year", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.subject} ({self.language}, {self.get_status_display()})"

    @property
    def subject(self) -> str:
        if self.kind == self.Kind.SCHOOL_YEAR:
            return f"{self.school} {self.school_year}"
        return str(self.cycle)

    @property
    def school_year(self) -> str:
        """The school year of a school-year report, as "2025–2026"."""
        return f"{self.year}–{self.year + 1}" if self.year else ""

    @property
    def in_progress(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.BUILDING)

    @property
    def filename(self) -> str:
        # The words outside the f-strings: makemessages doesn't look inside them.
        if self.kind == self.Kind.SCHOOL_YEAR:
            school = slugify(self.school.name) or self.school_id
            words = _("school-year-report")
            return f"{words}-{school}-{self.year}-{self.year + 1}-{self.created_at:%Y%m%d}.pdf"
        words = _("cycle-report")
        return f"{words}-{self.cycle.number}-{self.created_at:%Y%m%d}.pdf"
