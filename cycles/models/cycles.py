"""A community's cycles: the numbered periods of its year plan, each from a template."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from communities.models import Community


class Cycle(models.Model):
    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="cycles", verbose_name=_("community")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    template = models.ForeignKey(
        "cycles.CycleTemplate",
        on_delete=models.SET_NULL,
        null=True,
        related_name="cycles",
        verbose_name=_("template"),
    )
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("cycle")
        verbose_name_plural = _("cycles")
        ordering = ["community", "start_date"]
        constraints = [
            models.UniqueConstraint(fields=["community", "number"], name="cycle_number_once"),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="cycle_ends_after_it_starts"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.community} – {_('cycle')} {self.number}"
