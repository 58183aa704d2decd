import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communities.models import Community, CommunityGoal, Organisation, School


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


class Cycle(models.Model):
    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="cycles", verbose_name=_("community")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    template = models.ForeignKey(
        CycleTemplate,
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


class Meeting(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        HELD = "held", _("held")
        CANCELLED = "cancelled", _("cancelled")

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("community")
    )
    cycle = models.ForeignKey(
        Cycle,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("cycle"),
    )
    week = models.PositiveSmallIntegerField(_("week of the cycle"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=ActivityKind.choices)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coaching_given",
        verbose_name=_("coach"),
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="coaching_received",
        verbose_name=_("coached member"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    # Kept by `attendance_recount` whenever attendance changes, so that the dashboards add up
    # meetings instead of reading every attendance row of a school year.
    present_count = models.PositiveIntegerField(default=0, editable=False)
    recorded_count = models.PositiveIntegerField(default=0, editable=False)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Raised on every change a calendar must see (RFC 5545 SEQUENCE).
    sequence = models.PositiveIntegerField(default=0, editable=False)
    # Optimistic locking: a save based on an older version is refused.
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="meeting_ends_after_it_starts"
            ),
            models.CheckConstraint(
                condition=~Q(kind="coaching") | Q(member__isnull=False),
                name="coaching_has_a_member",
            ),
        ]
        indexes = [
            models.Index(fields=["community", "starts_at"]),
            models.Index(fields=["member", "starts_at"]),
            # The dashboards read a period's group meetings (most rows are coaching).
            models.Index(
                fields=["starts_at", "community"],
                condition=~Q(kind="coaching"),
                name="meeting_group_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"

    @property
    def is_coaching(self) -> bool:
        return self.kind == ActivityKind.COACHING


class MeetingChange(models.Model):
    """What changed about a meeting, kept so attendees can be told (see the reminders)."""

    class Kind(models.TextChoices):
        MOVED = "moved", _("moved")
        CANCELLED = "cancelled", _("cancelled")
        RESTORED = "restored", _("restored")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)
    old_starts_at = models.DateTimeField(null=True, blank=True)
    new_starts_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("meeting change")
        verbose_name_plural = _("meeting changes")
        ordering = ["-changed_at"]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.get_kind_display()}"


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("present")
        ABSENT = "absent", _("absent")
        EXCUSED = "excused", _("excused")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attendance"
    )
    status = models.CharField(max_length=10, choices=Status.choices)
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="attendance_once"),
        ]
        indexes = [models.Index(fields=["user", "status"])]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_status_display()}"


class AgreedAction(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="actions", verbose_name=_("meeting")
    )
    description = models.CharField(_("what"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreed_actions",
        verbose_name=_("who"),
    )
    due_date = models.DateField(_("before"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)
    # Set by the form once per new action, so a double submit makes one (core/once.py).
    client_key = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("agreed action")
        verbose_name_plural = _("agreed actions")
        ordering = ["done", "due_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "client_key"],
                condition=Q(client_key__isnull=False),
                name="action_once_per_client_key",
                violation_error_message=_("This form has been sent already."),
            ),
        ]

    def __str__(self) -> str:
        return self.description


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
        Cycle,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="topics",
        verbose_name=_("cycle"),
    )
    meeting = models.ForeignKey(
        Meeting,
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


class Product(models.Model):
    """Something the community made for daily practice: lesson material, an approach."""

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="products", verbose_name=_("community")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    link = models.URLField(_("link"), blank=True)
    cycle = models.ForeignKey(
        Cycle,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="products",
        verbose_name=_("cycle"),
    )
    goal = models.ForeignKey(
        CommunityGoal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="products",
        verbose_name=_("goal"),
    )
    authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="products", verbose_name=_("authors"), blank=True
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    # Set by the form once per new product, so a double submit makes one (core/once.py).
    client_key = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "client_key"],
                condition=Q(client_key__isnull=False),
                name="product_once_per_client_key",
                violation_error_message=_("This form has been sent already."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


def product_upload_to(instance: "ProductVersion", filename: str) -> str:
    # The stored name is ours, never the uploader's: no path tricks, no collisions.
    return f"products/{instance.product.community_id}/{uuid.uuid4().hex}"


class ProductVersion(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    file = models.FileField(upload_to=product_upload_to)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["product", "number"], name="product_version_once"),
        ]

    def __str__(self) -> str:
        return f"{self.original_name} (v{self.number})"


class CalendarFeed(models.Model):
    """A person's private calendar address. The token is the only key: revocable."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.user}"


def attendance_recount(meeting_ids) -> None:
    """Count the attendance of these meetings again: who was present, and how many were
    recorded. Called for every change of attendance (see cycles.signals).

    The meetings are locked first, in a statement of their own: a recount that had to wait
    for another one then counts in a fresh snapshot, with the other's rows in it (an
    UPDATE that waits sees only the other transaction's change to the row it updates)."""
    from django.db import transaction

    rows = Attendance.objects.filter(meeting=models.OuterRef("pk")).order_by().values("meeting")

    def counted(rows):
        return Coalesce(models.Subquery(rows.annotate(n=models.Count("pk")).values("n")), 0)

    with transaction.atomic():
        meetings = Meeting.objects.filter(pk__in=meeting_ids)
        list(meetings.select_for_update().order_by("pk").values_list("pk", flat=True))
        meetings.update(
            present_count=counted(rows.filter(status=Attendance.Status.PRESENT)),
            recorded_count=counted(rows),
        )
