"""Cycle templates: the weeks of a cycle and, per week, its activities (data, not code)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communities.models import Organisation


class ActivityKind(models.TextChoices):
    TRAINING = "training", _("training")
    KNOWLEDGE = "knowledge", _("knowledge community")
    COACHING = "coaching", _("coaching")
    FREE = "free", _("free")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")


class CycleTemplate(models.Model):
    """The rhythm of a cycle: its weeks and, per week, the activities. Data, not code."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="templates",
        verbose_name=_("school board"),
        help_text=_("Empty: the built-in template for everyone."),
    )
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    weeks = models.PositiveSmallIntegerField(
        _("weeks"), default=4, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("cycle template")
        verbose_name_plural = _("cycle templates")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weeks__gte=1, weeks__lte=12),
                name="template_1_to_12_weeks",
                violation_error_message=_("A cycle lasts 1 to 12 weeks."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class TemplateActivity(models.Model):
    template = models.ForeignKey(
        CycleTemplate,
        on_delete=models.CASCADE,
        related_name="activities",
        verbose_name=_("template"),
    )
    week = models.PositiveSmallIntegerField(_("week"), validators=[MinValueValidator(1)])
    kind = models.CharField(_("activity"), max_length=10, choices=ActivityKind.choices)
    weekday = models.PositiveSmallIntegerField(
        _("weekday"), choices=Weekday.choices, default=Weekday.TUESDAY
    )
    start_time = models.TimeField(_("start time"), default="15:30")
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        default=90,
        validators=[MinValueValidator(5), MaxValueValidator(600)],
    )

    class Meta:
        verbose_name = _("template activity")
        verbose_name_plural = _("template activities")
        ordering = ["week", "weekday", "start_time"]
        constraints = [
            # The fields' validators say it at the field; these messages are for other writers.
            models.CheckConstraint(
                condition=Q(week__gte=1),
                name="activity_week_from_1",
                violation_error_message=_("The weeks of a cycle are numbered from 1."),
            ),
            models.CheckConstraint(
                condition=Q(weekday__lte=4),
                name="activity_on_a_school_day",
                violation_error_message=_("Choose a school day, Monday to Friday."),
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=5, duration_minutes__lte=600),
                name="activity_duration_5_to_600",
                violation_error_message=_("An activity lasts 5 to 600 minutes."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template}: week {self.week} {self.get_kind_display()}"
