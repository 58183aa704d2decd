"""Mail that earns its place: what each person wants (Preference) and every mail as one row
in an outbox (Message) with a unique key, claimed before it is sent and marked after, so a
retry, a second scan or a restarted worker never sends it twice."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    MEETING_REMINDER = "meeting_reminder", _("Meeting reminders")
    MEETING_CHANGE = "meeting_change", _("Moved or cancelled meetings")
    VISIT_REMINDER = "visit_reminder", _("Visit reminders")
    REFLECTION_PROMPT = "reflection_prompt", _("Prompts to write a reflection")
    GOAL_NUDGE = "goal_nudge", _("Goals past their date without progress")
    DIGEST = "digest", _("Weekly digest")
    INVITATION = "invitation", _("Invitation")
    PASSWORD_RESET = "password_reset", _("Password reset")
    REPORT_READY = "report_ready", _("A report you asked for is ready")
    NEW_READER = "new_reader", _("Someone new can read what you share")
    STAFF_INVITATION = "staff_invitation", _("Invitation from your school board")


# Mail a person can turn off; invitations and a password reset are always sent.
OPTIONAL_KINDS = [
    Kind.MEETING_REMINDER,
    Kind.MEETING_CHANGE,
    Kind.VISIT_REMINDER,
    Kind.REFLECTION_PROMPT,
    Kind.GOAL_NUDGE,
    Kind.DIGEST,
]


class Preference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    meeting_reminder = models.BooleanField(_("Meeting reminders"), default=True)
    reminder_hours = models.PositiveSmallIntegerField(
        _("Remind me this many hours before"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(168)],
    )
    meeting_change = models.BooleanField(_("Moved or cancelled meetings"), default=True)
    visit_reminder = models.BooleanField(_("Visit reminders"), default=True)
    reflection_prompt = models.BooleanField(_("Prompts to write a reflection"), default=True)
    goal_nudge = models.BooleanField(_("Goals past their date without progress"), default=True)
    digest = models.BooleanField(_("Weekly digest"), default=True)

    class Meta:
        verbose_name = _("notification preferences")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return str(self.user)

    def wants(self, kind: str) -> bool:
        return kind not in OPTIONAL_KINDS or bool(getattr(self, kind))


class Message(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        SKIPPED = "skipped", _("not needed")

    key = models.CharField(_("key"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recipient"),
    )
    to = models.EmailField(_("address"))
    language = models.CharField(_("language"), max_length=8)
    subject = models.CharField(_("subject"), max_length=250, blank=True)
    text = models.TextField(_("plain text"), blank=True)
    html = models.TextField(_("HTML"), blank=True)
    # What the mail is about ("visit:12"), to check at send time that it is still needed.
    about = models.CharField(_("about"), max_length=40, blank=True)
    unsubscribe_url = models.URLField(_("unsubscribe link"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing mail")
        verbose_name_plural = _("outbox")
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["status", "claimed_at"],
                name="message_unsent",
                condition=Q(status__in=["pending", "sending", "failed"]),
            ),
            models.Index(fields=["recipient", "kind"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.to}"
