"""Classroom visits and the scores an observer gives. A visit belongs to the observed teacher:
who else sees it is decided by `observations.access`, never by a view."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communities.models import Community, CommunityGoal, PersonalGoal


class Visit(models.Model):
    """A classroom visit: contract conversation, observation, coaching conversation, and the
    observed teacher's reflection."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        CONTRACTED = "contracted", _("contract conversation held")
        OBSERVED = "observed", _("observed")
        COACHED = "coached", _("coaching conversation held")
        CLOSED = "closed", _("closed")

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="visits", verbose_name=_("community")
    )
    observed = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="visits_received",
        verbose_name=_("observed teacher"),
    )
    observers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="visits_made", verbose_name=_("observers")
    )
    instrument = models.ForeignKey(
        "observations.Instrument",
        on_delete=models.PROTECT,
        related_name="visits",
        verbose_name=_("observation checklist"),
    )
    cycle = models.ForeignKey(
        "cycles.Cycle",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="visits",
        verbose_name=_("cycle"),
        help_text=_("Set for peer visits planned in a cycle's rotation."),
    )
    starts_at = models.DateTimeField(_("date and time"))
    group = models.CharField(_("class or group"), max_length=60, blank=True)
    subject = models.CharField(_("subject"), max_length=100, blank=True)
    community_goal = models.ForeignKey(
        CommunityGoal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="visits",
        verbose_name=_("community goal"),
    )
    personal_goal = models.ForeignKey(
        PersonalGoal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="visits",
        verbose_name=_("personal goal"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    # Contract conversation
    focus = models.TextField(_("focus"), blank=True)
    focus_items = models.ManyToManyField(
        "observations.Item", blank=True, related_name="+", verbose_name=_("items to observe")
    )
    data_collection = models.TextField(_("how data is collected"), blank=True)
    agreements = models.TextField(_("practical agreements"), blank=True)
    # Coaching conversation
    feed_up = models.TextField(_("feed up: where are you going?"), blank=True)
    feed_back = models.TextField(_("feed back: where are you now?"), blank=True)
    feed_forward = models.TextField(_("feed forward: what is the next step?"), blank=True)
    coaching_agreements = models.TextField(_("agreements"), blank=True)
    shared_with_community = models.BooleanField(_("shared with the community"), default=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    # Set by the form once per new visit, so a double submit makes one (core/once.py).
    client_key = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("classroom visit")
        verbose_name_plural = _("classroom visits")
        ordering = ["-starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "client_key"],
                condition=Q(client_key__isnull=False),
                name="visit_once_per_client_key",
                violation_error_message=_("This form has been sent already."),
            ),
        ]
        indexes = [
            models.Index(fields=["community", "starts_at"]),
            models.Index(fields=["observed", "starts_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.observed} {timezone.localtime(self.starts_at):%Y-%m-%d}"


class Score(models.Model):
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey("observations.Item", on_delete=models.PROTECT, related_name="scores")
    level = models.ForeignKey(
        "observations.ScaleLevel", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    evidence = models.TextField(_("evidence"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [models.UniqueConstraint(fields=["visit", "item"], name="score_once")]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.level_id}"
