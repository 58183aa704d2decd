"""Members who left the school board: the community's facilitators see who left and when.
What a leaver wrote stays theirs (boards/services/leavers.py ends their memberships)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from communities.models.communities import Community, Membership


class Departure(models.Model):
    community = models.ForeignKey(
        Community,
        on_delete=models.CASCADE,
        related_name="departures",
        verbose_name=_("community"),
    )
    # Erasing the person erases this line too.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role"), max_length=12, choices=Membership.Role.choices)
    left_at = models.DateTimeField(_("left"))

    class Meta:
        verbose_name = _("departure")
        verbose_name_plural = _("departures")
        ordering = ["-left_at"]
        constraints = [
            models.UniqueConstraint(fields=["community", "user"], name="one_departure_per_member"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.community}"
