"""Topics members propose for a coming cycle, and their votes."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communities.models import Community


class Topic(models.Model):
    """A topic members propose for a coming cycle; members vote, the facilitator chooses."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        CHOSEN = "chosen", _("chosen")
        DECLINED = "declined", _("not chosen")

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="topics", verbose_name=_("community")
    )
    title = models.CharField(_("topic"), max_length=200)
    description = models.TextField(_("why this topic"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    created_at = models.DateTimeField(_("proposed"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    cycle = models.ForeignKey(
        "cycles.Cycle",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="topics",
        verbose_name=_("cycle"),
    )
    meeting = models.ForeignKey(
        "cycles.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="topics",
        verbose_name=_("meeting"),
    )
    reason = models.TextField(_("why it was chosen"), blank=True)
    # Set by the form once per new topic, so a double submit makes one (core/once.py).
    client_key = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposed_by", "client_key"],
                condition=Q(client_key__isnull=False),
                name="topic_once_per_client_key",
                violation_error_message=_("This form has been sent already."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class TopicVote(models.Model):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["topic", "user"], name="one_vote_per_topic")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.topic_id}"
