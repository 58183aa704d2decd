"""The reads of the board administration's pages, in a fixed number of queries."""

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
    Community,
    Membership,
    Organisation,
    School,
    SchoolLeader,
    StaffMember,
)

SCHOOLS_PER_PAGE = 25


def school_list(organisation: Organisation, *, search: str = "", page: object = 1) -> Page:
    """One page of the board's schools, by name; `search` finds a part of the name, the BRIN
    number or the place. Two queries (the count and the page) however many schools."""
    schools = School.objects.filter(organisation=organisation)
    if search:
        schools = schools.filter(
            Q(name__icontains=search) | Q(brin__icontains=search) | Q(place__icontains=search)
        )
    paginator = Paginator(schools.order_by("name", "pk"), SCHOOLS_PER_PAGE)
    return paginator.get_page(page)


# People -----------------------------------------------------------------------------

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


# Communities ------------------------------------------------------------------------

COMMUNITIES_PER_PAGE = 25
CANDIDATES_SHOWN = 25


def community_list(organisation: Organisation, *, search: str = "", page: object = 1) -> Page:
    """One page of the board's communities, by name; `search` finds a part of the name, the
    focus or a school's name. Each comes with its schools, its number of current members
    (those who have not left) and its facilitators: structure, never content. Four queries
    (the count, the page, schools, facilitators) however many communities."""
    communities = Community.objects.filter(organisation=organisation)
    if search:
        communities = communities.filter(
            Q(name__icontains=search)
            | Q(focus__icontains=search)
            | Q(
                pk__in=Community.schools.through.objects.filter(
                    school__name__icontains=search
                ).values("community_id")
            )
        )
    communities = (
        communities.annotate(
            current_members=_count_members(
                Membership.objects.filter(community=OuterRef("pk")).exclude(
                    user__staff_record__left_at__isnull=False
                )
            )
        )
        .prefetch_related(
            Prefetch("schools", queryset=School.objects.order_by("name")),
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(role=Membership.Role.FACILITATOR)
                .select_related("user")
                .order_by("user__full_name"),
                to_attr="facilitator_memberships",
            ),
        )
        .order_by("name", "pk")
    )
    return Paginator(communities, COMMUNITIES_PER_PAGE).get_page(page)


def _count_members(rows: QuerySet) -> Subquery:
    return Coalesce(
        Subquery(
            rows.order_by().values("community").annotate(n=Count("pk")).values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def community_facilitators(community: Community, *, search: str = "") -> dict:
    """The community's facilitators (with whether they have left), and when `search` is
    given, up to 25 people of the board's current staff it finds (name, e-mail address,
    function) who are not its facilitators yet. Two queries."""
    facilitators = list(
        StaffMember.objects.filter(
            organisation_id=community.organisation_id,
            user__memberships__community=community,
            user__memberships__role=Membership.Role.FACILITATOR,
        )
        .select_related("user")
        .order_by("user__full_name", "pk")
    )
    candidates: list[StaffMember] = []
    if search:
        candidates = list(
            StaffMember.objects.filter(
                organisation_id=community.organisation_id, left_at__isnull=True
            )
            .filter(
                Q(user__full_name__icontains=search)
                | Q(user__email__icontains=search)
                | Q(function__icontains=search)
            )
            .exclude(pk__in=[staff.pk for staff in facilitators])
            .annotate(
                member=Exists(Membership.objects.filter(community=community, user=OuterRef("user")))
            )
            .select_related("user")
            .order_by("user__full_name", "pk")[:CANDIDATES_SHOWN]
        )
    return {"facilitators": facilitators, "candidates": candidates}
