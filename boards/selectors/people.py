"""The reads of the board administration's people pages: the staff list with everyone's
schools and roles, and a person's roles; a fixed number of queries."""

from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import (
    CharField,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from communities.models import (
    BoardAdministrator,
    BoardDirector,
    Membership,
    Organisation,
    School,
    SchoolLeader,
    StaffMember,
)

PEOPLE_PER_PAGE = 25


class StaffStatus(models.TextChoices):
    CURRENT = "current", _("current staff")
    LEFT = "left", _("who have left")
    ALL = "all", _("everyone")


def people_list(
    organisation: Organisation,
    *,
    search: str = "",
    status: str = StaffStatus.CURRENT,
    page: object = 1,
) -> Page:
    """One page of the board's staff list, by name; `search` finds a part of the name, the
    e-mail address, the function or a school's name. Each person comes with their schools,
    the schools they lead, whether they direct or administer the board, and how many
    communities they facilitate: six queries (the count, the page, four lookups) however
    many people."""
    staff = StaffMember.objects.filter(organisation=organisation)
    if status == StaffStatus.CURRENT:
        staff = staff.filter(left_at__isnull=True)
    elif status == StaffStatus.LEFT:
        staff = staff.filter(left_at__isnull=False)
    if search:
        staff = staff.filter(
            Q(user__full_name__icontains=search)
            | Q(user__email__icontains=search)
            | Q(function__icontains=search)
            | Q(
                pk__in=StaffMember.schools.through.objects.filter(
                    school__name__icontains=search
                ).values("staffmember_id")
            )
        )
    staff = (
        staff.select_related("user")
        .annotate(
            is_director=Exists(
                BoardDirector.objects.filter(organisation=organisation, user=OuterRef("user"))
            ),
            is_administrator=Exists(
                BoardAdministrator.objects.filter(organisation=organisation, user=OuterRef("user"))
            ),
            facilitates=_count(
                Membership.objects.filter(user=OuterRef("user"), role=Membership.Role.FACILITATOR)
            ),
        )
        .prefetch_related(
            Prefetch("schools", queryset=School.objects.order_by("name")),
            Prefetch(
                "user__school_leaderships",
                queryset=SchoolLeader.objects.select_related("school").order_by("school__name"),
            ),
        )
        .order_by("user__full_name", "pk")
    )
    return Paginator(staff, PEOPLE_PER_PAGE).get_page(page)


def _count(rows: QuerySet) -> Subquery:
    """How many `rows` there are, as a column (0 for none)."""
    return Coalesce(
        Subquery(
            rows.order_by().values("user").annotate(n=Count("pk")).values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def person_roles(staff: StaffMember) -> dict:
    """What the roles page of `staff` shows: the schools they lead, whether they direct or
    administer the board, and the board's other schools they could lead. Three queries."""
    user_id = staff.user_id
    led = list(
        School.objects.filter(
            leaders__user_id=user_id, organisation_id=staff.organisation_id
        ).order_by("name", "pk")
    )
    held = dict(
        BoardDirector.objects.filter(organisation_id=staff.organisation_id, user_id=user_id)
        .annotate(role=Value("director", CharField()))
        .values_list("role", "user_id")
        .union(
            BoardAdministrator.objects.filter(
                organisation_id=staff.organisation_id, user_id=user_id
            )
            .annotate(role=Value("administrator", CharField()))
            .values_list("role", "user_id"),
            all=True,
        )
    )
    others = list(
        School.objects.filter(organisation_id=staff.organisation_id)
        .exclude(pk__in=[school.pk for school in led])
        .order_by("name", "pk")
    )
    return {
        "led_schools": led,
        "is_director": "director" in held,
        "is_administrator": "administrator" in held,
        "other_schools": others,
    }
