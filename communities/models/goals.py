"""Goals: the community's goals with an outcome and success criterion, members' personal
goals, and the dated progress updates on either."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communities.models.communities import Community


class GoalStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    ACHIEVED = "achieved", _("achieved")
    DROPPED = "dropped", _("dropped")


class CommunityGoal(models.Model):
    """A goal made concrete as an outcome (*opbrengst*) with a success criterion."""

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="goals", verbose_name=_("community")
    )
    title = models.CharField(_("goal"), max_length=200)
    outcome = models.TextField(
        _("intended outcome"),
        help_text=_("What will be different for pupils or teachers when the goal is reached?"),
    )
    success_criterion = models.TextField(
        _("success criterion"), help_text=_("How will we measure that the goal is reached?")
    )
    target_date = models.DateField(_("target date"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_community_goals",
        verbose_name=_("owner"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=GoalStatus.choices, default=GoalStatus.PLANNED
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    # Set by the form once per new goal, so a double submit makes one (core/once.py).
    client_key = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("community goal")
        verbose_name_plural = _("community goals")
        ordering = ["target_date", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "client_key"],
                condition=Q(client_key__isnull=False),
                name="community_goal_once_per_client_key",
                violation_error_message=_("This form has been sent already."),
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="community_goal_progress_max_100"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PersonalGoal(models.Model):
    """A member's own goal. Private to its owner unless the owner shares it."""

    class Visibility(models.TextChoices):
        PRIVATE = "private", _("only me")
        COACH = "coach", _("me and my coach")
        COMMUNITY = "community", _("my community")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="personal_goals",
        verbose_name=_("owner"),
    )
    community = models.ForeignKey(
        Community,
        on_delete=models.CASCADE,
        related_name="personal_goals",
        verbose_name=_("community"),
    )
    community_goal = models.ForeignKey(
        CommunityGoal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="personal_goals",
        verbose_name=_("contributes to community goal"),
    )
    title = models.CharField(_("goal"), max_length=200)
    success_criterion = models.TextField(_("success criterion"), blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=GoalStatus.choices, default=GoalStatus.PLANNED
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    visibility = models.CharField(
        _("who can see this"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.PRIVATE,
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    # Set by the form once per new goal, so a double submit makes one (core/once.py).
    client_key = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("personal goal")
        verbose_name_plural = _("personal goals")
        ordering = ["target_date", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "client_key"],
                condition=Q(client_key__isnull=False),
                name="personal_goal_once_per_client_key",
                violation_error_message=_("This form has been sent already."),
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="personal_goal_progress_max_100"
            ),
        ]
        indexes = [models.Index(fields=["community", "visibility"])]

    def __str__(self) -> str:
        return self.title


class ProgressUpdate(models.Model):
    """A dated step towards a goal: what was done, the evidence, and where we stand."""

    community_goal = models.ForeignKey(
        CommunityGoal,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="updates",
        verbose_name=_("community goal"),
    )
    personal_goal = models.ForeignKey(
        PersonalGoal,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="updates",
        verbose_name=_("personal goal"),
    )
    date = models.DateField(_("date"))
    done = models.TextField(_("what was done"))
    evidence = models.TextField(_("evidence"), blank=True)
    value = models.PositiveSmallIntegerField(
        _("progress (%)"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-date", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(community_goal__isnull=False, personal_goal__isnull=True)
                    | Q(community_goal__isnull=True, personal_goal__isnull=False)
                ),
                name="progress_update_for_exactly_one_goal",
            ),
            models.CheckConstraint(condition=Q(value__lte=100), name="progress_value_max_100"),
        ]

    def __str__(self) -> str:
        return f"{self.date}: {self.value}%"
