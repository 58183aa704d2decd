"""Boards, their schools and communities (PLCs), and who has a role in them: members
(member, facilitator, coach), school leaders, board directors, board administrators; one
person, one board."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A school's numbers as DUO gives them, and a Dutch postcode as the form writes it.
BRIN = RegexValidator(
    r"\A[0-9]{2}[A-Z]{2}\Z", _("A BRIN number is two digits and two capital letters, e.g. 12AB.")
)
LOCATION = RegexValidator(r"\A[0-9]{2}\Z", _("A location number is two digits, e.g. 00."))
POSTCODE = RegexValidator(
    r"\A[1-9][0-9]{3} [A-Z]{2}\Z", _("A postcode is four digits and two letters, e.g. 1234 AB.")
)


def boards_of(user_id: int) -> set[int]:
    """The boards a person works for or has a role at (their staff record, a membership, a
    school they lead, a board they direct or administer). One person belongs to one board, so
    this holds one board at most."""
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
        | set(StaffMember.objects.filter(user_id=user_id).values_list("organisation_id", flat=True))
        | set(
            BoardDirector.objects.filter(user_id=user_id)
            .values_list("organisation_id", flat=True)
            .union(
                BoardAdministrator.objects.filter(user_id=user_id).values_list(
                    "organisation_id", flat=True
                )
            )
        )
    )


def check_one_board(user_id: int | None, board_id: int | None, field: str = "user") -> None:
    """Refuse a role at a second board, with a message at `field` (the database refuses it
    too, see migrations communities 0004 and 0005)."""
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
    """A school (a location of it, as DUO counts them: a BRIN number and a location number)
    of one board."""

    class Region(models.TextChoices):
        NORTH = "noord", _("north")
        MIDDLE = "midden", _("middle")
        SOUTH = "zuid", _("south")

    class Sector(models.TextChoices):
        PRIMARY = "po", _("primary education (po)")
        SECONDARY = "vo", _("secondary education (vo)")
        VOCATIONAL = "mbo", _("vocational education (mbo)")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="schools",
        verbose_name=_("school board"),
    )
    name = models.CharField(_("name"), max_length=200)
    region = models.CharField(_("holiday region"), max_length=8, choices=Region.choices)
    # Blank for schools set up before the board administration asked for them.
    brin = models.CharField(
        _("BRIN number"),
        max_length=4,
        blank=True,
        validators=[BRIN],
        help_text=_("Two digits and two capital letters, e.g. 12AB."),
    )
    location = models.CharField(
        _("location number"),
        max_length=2,
        default="00",
        validators=[LOCATION],
        help_text=_("Two digits: 00 for the main location."),
    )
    sector = models.CharField(_("sector"), max_length=3, choices=Sector.choices, blank=True)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(
        _("postcode"), max_length=7, blank=True, validators=[POSTCODE], help_text="1234 AB"
    )
    place = models.CharField(_("place"), max_length=100, blank=True)
    # Set by the form once per new school, so a double submit makes one (core/once.py).
    client_key = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="school_name_per_board"),
            models.UniqueConstraint(
                fields=["organisation", "brin", "location"],
                condition=~Q(brin=""),
                name="school_brin_location_per_board",
                violation_error_message=_(
                    "This board already has a school with this BRIN and location number."
                ),
            ),
            models.UniqueConstraint(
                fields=["organisation", "client_key"],
                condition=Q(client_key__isnull=False),
                name="school_once_per_client_key",
                violation_error_message=_("This form has been sent already."),
            ),
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
    # Set by the board administration's form once per new community (core/once.py).
    client_key = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="community_name_per_board"
            ),
            models.UniqueConstraint(
                fields=["organisation", "client_key"],
                condition=Q(client_key__isnull=False),
                name="community_once_per_client_key",
                violation_error_message=_("This form has been sent already."),
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


class BoardAdministrator(models.Model):
    """A board administrator (*functioneel beheerder*): sets up the board's schools and
    people. The role reads no teacher content and opens no community or dashboard."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="administrators",
        verbose_name=_("school board"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="board_administrations",
        verbose_name=_("person"),
    )

    class Meta:
        verbose_name = _("board administrator")
        verbose_name_plural = _("board administrators")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], name="one_administration_per_board"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation}"

    def clean(self) -> None:
        check_one_board(self.user_id, self.organisation_id)


class StaffMember(models.Model):
    """A person on a board's staff list (*medewerker*): their function and schools, when they
    were invited to the app, and when they left. Everyone with a role at a board has one (the
    role services make it); the staff import and the board's people pages write it. One
    person, one board: the record is one per person."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="staff",
        verbose_name=_("school board"),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_record",
        verbose_name=_("person"),
    )
    function = models.CharField(
        _("function"), max_length=100, blank=True, help_text=_("E.g. teacher, intern begeleider.")
    )
    schools = models.ManyToManyField(
        School, blank=True, related_name="staff", verbose_name=_("schools")
    )
    created_at = models.DateTimeField(_("added"), default=timezone.now)
    # The last invitation to the app (None: never invited); accepted once they signed in.
    invited_at = models.DateTimeField(_("invited"), null=True, blank=True)
    # Left the board: can no longer sign in, gets no mail (see the leavers' service).
    left_at = models.DateTimeField(_("left"), null=True, blank=True)
    # Set by the board administration's form once per new person (core/once.py).
    client_key = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")
        indexes = [models.Index(fields=["organisation", "left_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "client_key"],
                condition=Q(client_key__isnull=False),
                name="staff_once_per_client_key",
                violation_error_message=_("This form has been sent already."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation}"

    def clean(self) -> None:
        check_one_board(self.user_id, self.organisation_id)
