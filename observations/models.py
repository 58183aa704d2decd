"""Observation checklists (kijkwijzers), classroom visits, reflections and the PLC scan.

A teacher's reflections and the visits in which they were observed are theirs: who else sees
them is decided by `observations.access`, never by a view.
"""

import secrets
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communities.models import Community, CommunityGoal, Organisation, PersonalGoal


class Instrument(models.Model):
    """An observation checklist. Once used it is never changed: an edit makes a new version
    in the same family, and old observations keep the version they were made with."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="instruments",
        verbose_name=_("school board"),
        help_text=_("Empty: built in, for everyone."),
    )
    family = models.UUIDField(default=uuid.uuid4, editable=False)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    is_current = models.BooleanField(_("current version"), default=True)
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("made by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    communities = models.ManyToManyField(
        Community, blank=True, related_name="instruments", verbose_name=_("used by")
    )

    class Meta:
        verbose_name = _("observation checklist")
        verbose_name_plural = _("observation checklists")
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["family", "version"], name="instrument_version_once"),
            models.UniqueConstraint(
                fields=["family"],
                condition=Q(is_current=True),
                name="one_current_instrument_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"


class ScaleLevel(models.Model):
    """One point of an instrument's scale, e.g. 1 "insufficient" … 4 "strong", or
    yes / no / not seen (value None for "not seen")."""

    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, related_name="levels", verbose_name=_("checklist")
    )
    value = models.SmallIntegerField(_("value"), null=True, blank=True)
    label = models.CharField(_("label"), max_length=60)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("scale level")
        verbose_name_plural = _("scale levels")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.label


class Domain(models.Model):
    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, related_name="domains", verbose_name=_("checklist")
    )
    title = models.CharField(_("domain"), max_length=150)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("domain")
        verbose_name_plural = _("domains")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.title


class Item(models.Model):
    domain = models.ForeignKey(
        Domain, on_delete=models.CASCADE, related_name="items", verbose_name=_("domain")
    )
    text = models.CharField(_("item"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("item")
        verbose_name_plural = _("items")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.text


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
        Instrument,
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
        Item, blank=True, related_name="+", verbose_name=_("items to observe")
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
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="scores")
    level = models.ForeignKey(
        ScaleLevel, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    evidence = models.TextField(_("evidence"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [models.UniqueConstraint(fields=["visit", "item"], name="score_once")]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.level_id}"


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
        Visit,
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


def follows_its_visit_q() -> Q:
    """Reflections that others may read as far as their visit goes: any not about a visit,
    the observed teacher's own, and an observer's only while the visit is shared with the
    community (an observer's reflection is withdrawn with the visit)."""
    return (
        Q(visit__isnull=True)
        | Q(visit__observed=models.F("author"))
        | Q(visit__shared_with_community=True)
    )


class Scan(models.Model):
    """A PLC scan: statements scored 1 (disagree) to 5 (strongly agree), in themes."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="scans",
        verbose_name=_("school board"),
    )
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("PLC scan")
        verbose_name_plural = _("PLC scans")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ScanTheme(models.Model):
    scan = models.ForeignKey(Scan, on_delete=models.CASCADE, related_name="themes")
    title = models.CharField(_("theme"), max_length=150)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = _("scan theme")
        verbose_name_plural = _("scan themes")

    def __str__(self) -> str:
        return self.title


class ScanStatement(models.Model):
    theme = models.ForeignKey(ScanTheme, on_delete=models.CASCADE, related_name="statements")
    text = models.CharField(_("statement"), max_length=300)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = _("scan statement")
        verbose_name_plural = _("scan statements")

    def __str__(self) -> str:
        return self.text


class ScanRound(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    community = models.ForeignKey(
        Community,
        on_delete=models.CASCADE,
        related_name="scan_rounds",
        verbose_name=_("community"),
    )
    scan = models.ForeignKey(Scan, on_delete=models.PROTECT, related_name="rounds")
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    closes_on = models.DateField(_("closes"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )

    # Set when the round closes (its answers don't change after): the dashboards add up
    # rounds instead of reading every answer of a school year. See `scan_round_count`.
    response_count = models.PositiveIntegerField(default=0, editable=False)
    score_sum = models.PositiveIntegerField(default=0, editable=False)
    score_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("scan round")
        verbose_name_plural = _("scan rounds")
        ordering = ["-opened_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["community"],
                condition=Q(status="open"),
                name="one_open_scan_round",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.community} {self.opened_at:%Y-%m-%d}"


class ScanParticipation(models.Model):
    """That a member answered a round (once). Which answers are theirs is not stored:
    answers hang on an anonymous ScanResponse, and results are shown only as averages."""

    round = models.ForeignKey(ScanRound, on_delete=models.CASCADE, related_name="participations")
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    submitted_on = models.DateField(default=timezone.localdate)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "respondent"], name="answer_a_round_once"),
        ]

    def __str__(self) -> str:
        return f"{self.round_id}/{self.respondent_id}"


def random_key() -> int:
    return secrets.randbits(62) + 1


class ScanResponse(models.Model):
    """One set of answers in a round, not linked to a person. Its key is random, so its
    number doesn't give away who answered (participations are numbered in order)."""

    id = models.BigIntegerField(primary_key=True, default=random_key, editable=False)
    round = models.ForeignKey(ScanRound, on_delete=models.CASCADE, related_name="responses")

    def __str__(self) -> str:
        return f"{self.round_id}/{self.pk}"


class ScanAnswer(models.Model):
    # Random too: numbered answers would line up with the order people answered in.
    id = models.BigIntegerField(primary_key=True, default=random_key, editable=False)
    response = models.ForeignKey(ScanResponse, on_delete=models.CASCADE, related_name="answers")
    statement = models.ForeignKey(ScanStatement, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "statement"], name="one_answer_each"),
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5), name="scan_score_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.statement_id}: {self.score}"


def scan_round_count(rounds) -> None:
    """Count the responses and add up the scores of these rounds (one UPDATE)."""
    from django.db.models.functions import Coalesce

    responses = ScanResponse.objects.filter(round=models.OuterRef("pk")).order_by().values("round")
    answers = (
        ScanAnswer.objects.filter(response__round=models.OuterRef("pk"))
        .order_by()
        .values("response__round")
    )

    def one(rows, aggregate):
        return Coalesce(models.Subquery(rows.annotate(v=aggregate).values("v")), 0)

    ScanRound.objects.filter(pk__in=rounds).update(
        response_count=one(responses, models.Count("pk")),
        score_sum=one(answers, models.Sum("score")),
        score_count=one(answers, models.Count("pk")),
    )
