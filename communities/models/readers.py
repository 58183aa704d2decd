"""Who reads a teacher's content besides the community: the coaches a teacher accepted, and
the notices that tell a teacher someone new can read what they share."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communities.models.communities import Community, Membership


class CoachAcceptance(models.Model):
    """A teacher accepted a coach who leads their school or directs their board: from then
    on that coach reads the teacher's coach-only content and unshared visits in this
    community. Coaching is not appraisal, so the teacher decides (and can take it back)."""

    community = models.ForeignKey(
        Community,
        on_delete=models.CASCADE,
        related_name="coach_acceptances",
        verbose_name=_("community"),
    )
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="accepted_coaches",
        verbose_name=_("teacher"),
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="coach_acceptances",
        verbose_name=_("coach"),
    )
    accepted_at = models.DateTimeField(_("accepted"), default=timezone.now)

    class Meta:
        verbose_name = _("accepted coach")
        verbose_name_plural = _("accepted coaches")
        constraints = [
            models.UniqueConstraint(
                fields=["community", "teacher", "coach"], name="one_acceptance_per_coach"
            ),
            models.CheckConstraint(
                condition=~Q(teacher=models.F("coach")), name="acceptance_not_of_oneself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.teacher} ✓ {self.coach} ({self.community})"


class ReaderNotice(models.Model):
    """Someone new can read what a teacher shares (a new member or coach of their
    community): the teacher is told, on their home page and by mail."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reader_notices",
        verbose_name=_("recipient"),
    )
    community = models.ForeignKey(
        Community,
        on_delete=models.CASCADE,
        related_name="reader_notices",
        verbose_name=_("community"),
    )
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("new reader"),
    )
    role = models.CharField(_("role"), max_length=12, choices=Membership.Role.choices)
    # The reader leads the community's school or directs its board (told to the teacher).
    leads = models.BooleanField(_("leads the school or board"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    dismissed_at = models.DateTimeField(_("dismissed"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice of a new reader")
        verbose_name_plural = _("notices of new readers")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "community", "reader", "role"],
                name="one_notice_per_new_reader",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reader} → {self.recipient} ({self.community})"
