from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def boards_of(user_id: int) -> set[int]:
    """The boards a person has a role at (a membership, a school they lead, a board they
    direct). One person belongs to one board, so this holds one board at most."""
    return (
        set(
            Membership.objects.filter(user_id=user_id).values_list(
                "community__organisation_id", flat=True
            )
        )
        | set(
            SchoolLeader.objects.filter(user_id=user_id).values_list(
                "school__organisation_id", flat=True
            )
        )
        | set(
            BoardDirector.objects.filter(user_id=user_id).values_list("organisation_id", flat=True)
        )
    )


def check_one_board(user_id: int | None, board_id: int | None, field: str = "user") -> None:
    """Refuse a role at a second board, with a message at `field` (the database refuses it
    too, see migration communities 0003)."""
    if user_id is None or board_id is None:
        return
    if boards_of(user_id) - {board_id}:
        raise ValidationError(
            {field: _("This person belongs to another school board: one person, one board.")}
        )


class Organisation(models.Model):
    """A school board (*bestuur*): the outer boundary of everything a person can see."""

    name = models.CharField(_("name"), max_length=200, unique=True)

    class Meta:
        verbose_name = _("school board")
        verbose_name_plural = _("school boards")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class School(models.Model):
    class Region(models.TextChoices):
        NORTH = "noord", _("north")
        MIDDLE = "midden", _("middle")
        SOUTH = "zuid", _("south")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="schools",
        verbose_name=_("school board"),
    )
    name = models.CharField(_("name"), max_length=200)
    region = models.CharField(_("holiday region"), max_length=8, choices=Region.choices)

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="school_name_per_board"),
        ]

    def __str__(self) -> str:
        return self.name


class Community(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("starting")
        ACTIVE = "active", _("active")
        PAUSED = "paused", _("paused")
        CLOSED = "closed", _("closed")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="communities",
        verbose_name=_("school board"),
    )
    schools = models.ManyToManyField(School, related_name="communities", verbose_name=_("schools"))
    name = models.CharField(_("name"), max_length=200)
    focus = models.CharField(_("focus theme"), max_length=200)
    vision = models.TextField(_("shared vision"), blank=True)
    start_date = models.DateField(_("start date"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="community_name_per_board"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", _("member")
        FACILITATOR = "facilitator", _("facilitator")
        COACH = "coach", _("coach")

    community = models.ForeignKey(
        Community,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("community"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["community", "user"], name="one_membership_per_person"),
        ]
        indexes = [models.Index(fields=["user", "community"])]

    def __str__(self) -> str:
        return f"{self.user} – {self.community} ({self.get_role_display()})"

    def clean(self) -> None:
        if self.community_id is not None:
            check_one_board(self.user_id, self.community.organisation_id)


class SchoolLeader(models.Model):
    """A school leader (*schoolleider*, *directeur*) of one school."""

    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="leaders", verbose_name=_("school")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="school_leaderships",
        verbose_name=_("person"),
    )

    class Meta:
        verbose_name = _("school leader")
        verbose_name_plural = _("school leaders")
        constraints = [
            models.UniqueConstraint(fields=["school", "user"], name="one_leadership_per_school"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.school}"

    def clean(self) -> None:
        if self.school_id is not None:
            check_one_board(self.user_id, self.school.organisation_id)


class BoardDirector(models.Model):
    """A board director (*bovenschools directeur*): sees all schools of the board."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="directors",
        verbose_name=_("school board"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="board_directorships",
        verbose_name=_("person"),
    )

    class Meta:
        verbose_name = _("board director")
        verbose_name_plural = _("board directors")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], name="one_directorship_per_board"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation}"

    def clean(self) -> None:
        check_one_board(self.user_id, self.organisation_id)


class Invitation(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        ACCEPTED = "accepted", _("accepted")
        REVOKED = "revoked", _("revoked")

    community = models.ForeignKey(
        Community,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("community"),
    )
    email = models.EmailField(_("email address"))
    role = models.CharField(
        _("role"), max_length=12, choices=Membership.Role.choices, default=Membership.Role.MEMBER
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                "community",
                Lower("email"),
                condition=Q(status="pending"),
                name="one_pending_invitation_per_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.community}"

    @property
    def is_usable(self) -> bool:
        return self.status == self.Status.PENDING and self.expires_at > timezone.now()


class CoachAcceptance(models.Model):
    """A teacher accepted a coach who leads their school or directs their board: from then
    on that coach reads the teacher's coach-only content and unshared visits in this
    community. Coaching is not appraisal, so the teacher decides (and can take it back)."""

    community = models.ForeignKey(
        Community,
        on_delete=models.CASCADE,
        related_name="coach_acceptances",
        verbose_name=_("community"),
    )
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="accepted_coaches",
        verbose_name=_("teacher"),
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="coach_acceptances",
        verbose_name=_("coach"),
    )
    accepted_at = models.DateTimeField(_("accepted"), default=timezone.now)

    class Meta:
        verbose_name = _("accepted coach")
        verbose_name_plural = _("accepted coaches")
        constraints = [
            models.UniqueConstraint(
                fields=["community", "teacher", "coach"], name="one_acceptance_per_coach"
            ),
            models.CheckConstraint(
                condition=~Q(teacher=models.F("coach")), name="acceptance_not_of_oneself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.teacher} ✓ {self.coach} ({self.community})"


class ReaderNotice(models.Model):
    """Someone new can read what a teacher shares (a new member or coach of their
    community): the teacher is told, on their home page and by mail."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reader_notices",
        verbose_name=_("recipient"),
    )
    community = models.ForeignKey(
        Community,
        on_delete=models.CASCADE,
        related_name="reader_notices",
        verbose_name=_("community"),
    )
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("new reader"),
    )
    role = models.CharField(_("role"), max_length=12, choices=Membership.Role.choices)
    # The reader leads the community's school or directs its board (told to the teacher).
    leads = models.BooleanField(_("leads the school or board"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    dismissed_at = models.DateTimeField(_("dismissed"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice of a new reader")
        verbose_name_plural = _("notices of new readers")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "community", "reader", "role"],
                name="one_notice_per_new_reader",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reader} → {self.recipient} ({self.community})"


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
