"""A school's calendar: its holidays and study days, on which no meeting is planned."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from communities.models import School


class SchoolHoliday(models.Model):
    """A school's holiday or study day: no meeting is planned on these days."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("holiday")
        STUDY_DAY = "study_day", _("study day")

    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="holidays", verbose_name=_("school")
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.HOLIDAY)
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))

    class Meta:
        verbose_name = _("holiday or study day")
        verbose_name_plural = _("holidays and study days")
        ordering = ["first_day"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__gte=F("first_day")), name="holiday_ends_after_it_starts"
            ),
            models.UniqueConstraint(
                fields=["school", "first_day", "name"], name="holiday_once_per_school"
            ),
        ]
        indexes = [models.Index(fields=["school", "last_day"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.first_day} – {self.last_day})"
