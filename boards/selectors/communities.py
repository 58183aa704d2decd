"""The reads of the board administration's community pages: the board's communities with
their structure (schools, current members, facilitators), and a community's facilitators
with the staff who could be one; a fixed number of queries, never content."""

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from communities.models import Community, Membership, Organisation, School, StaffMember

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
