"""A teacher's reflections: theirs, read by others only as far as `observations.access`
says."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communities.models import Community, CommunityGoal, PersonalGoal

# The same three choices as a personal goal: only me, me and my coach, my community.
Visibility = PersonalGoal.Visibility


class Reflection(models.Model):
    """A teacher's reflection: theirs, shared only as they choose."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reflections",
        verbose_name=_("author"),
    )
    community = models.ForeignKey(
        Community,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reflections",
        verbose_name=_("community"),
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    text = models.TextField(_("reflection"), blank=True)
    happened = models.TextField(_("What happened in the class?"), blank=True)
    expected = models.TextField(_("What did I expect from the pupils?"), blank=True)
    contribution = models.TextField(_("How did my own teaching contribute?"), blank=True)
    patterns = models.TextField(_("Are there patterns or recurring problems?"), blank=True)
    difference = models.TextField(
        _("What is the difference between what I intended and the result?"), blank=True
    )
    next_step = models.TextField(_("Is that good enough, and what will I try next?"), blank=True)
    visibility = models.CharField(
        _("who can see this"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.PRIVATE,
    )
    is_draft = models.BooleanField(_("draft"), default=True)
    # Set by the browser once per new reflection, so a double submit makes one reflection.
    client_key = models.UUIDField(null=True, blank=True, editable=False)
    meeting = models.ForeignKey(
        "cycles.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reflections",
        verbose_name=_("meeting"),
    )
    visit = models.ForeignKey(
        "observations.Visit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reflections",
        verbose_name=_("classroom visit"),
    )
    community_goal = models.ForeignKey(
        CommunityGoal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reflections",
        verbose_name=_("community goal"),
    )
    personal_goal = models.ForeignKey(
        PersonalGoal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reflections",
        verbose_name=_("personal goal"),
    )
    product = models.ForeignKey(
        "cycles.Product",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reflections",
        verbose_name=_("product"),
    )
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)

    class Meta:
        verbose_name = _("reflection")
        verbose_name_plural = _("reflections")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "client_key"],
                condition=Q(client_key__isnull=False),
                name="reflection_once_per_client_key",
            ),
        ]
        indexes = [
            models.Index(fields=["author", "-created_at"]),
            models.Index(fields=["community", "visibility"]),
            # The dashboards count the reflections of a period from the index alone.
            models.Index(
                fields=["created_at", "community"],
                condition=Q(is_draft=False),
                name="reflection_written_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"{self.author} {self.created_at:%Y-%m-%d}"


# The reflection's own text, in the order of the form: what a search looks in, and of which
# (the title aside) at least one part is written before a reflection is saved.
REFLECTION_TEXT_FIELDS = [
    "title",
    "text",
    "happened",
    "expected",
    "contribution",
    "patterns",
    "difference",
    "next_step",
]
