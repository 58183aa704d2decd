"""May this person see or change a community's plan, cycles, meetings, school calendars,
cycle templates, topics and products (see communities/scope.py for the shared rules)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import User
from communities import access as community_access
from communities.models import Community, Membership, School
from communities.scope import (
    can_view_community,
    is_member,
    leads,
    role_in,
    scope_of,
    visible_communities,
)
from cycles.models import (
    AgreedAction,
    Cycle,
    CycleTemplate,
    Meeting,
    Product,
    ProductVersion,
    Topic,
)

# The plan, meetings, calendars, templates -----------------------------------------


def can_plan(user: User, community: Community) -> bool:
    """Only facilitators change a community's plan and meetings."""
    return role_in(user, community) == Membership.Role.FACILITATOR


def can_edit_school_calendar(user: User, school: School) -> bool:
    """Leaders of the school, directors of its board, and facilitators of a community
    that includes the school."""
    scope = scope_of(user)
    if (
        school.pk in scope.led_school_ids
        or school.organisation_id in scope.directed_organisation_ids
    ):
        return True
    facilitated = [pk for pk, role in scope.roles.items() if role == Membership.Role.FACILITATOR]
    return bool(facilitated) and school.communities.filter(pk__in=facilitated).exists()


def schools_with_editable_calendar(user: User, community: Community) -> set[int]:
    """Which of the community's schools' calendars `user` may edit, without a query per
    school (the community's schools should be prefetched)."""
    schools = community.schools.all()
    if can_plan(user, community):
        return {school.pk for school in schools}
    scope = scope_of(user)
    return {
        school.pk
        for school in schools
        if school.pk in scope.led_school_ids
        or school.organisation_id in scope.directed_organisation_ids
    }


def school_for_calendar_editor(user: User, pk: int) -> School:
    school = School.objects.select_related("organisation").filter(pk=pk).first()
    if school is None or not can_edit_school_calendar(user, school):
        raise Http404
    return school


def visible_meetings_q(user: User, community: Community) -> Q:
    """Group meetings for everyone who sees the community; an individual coaching session
    only for its member, its coach and the community's facilitators."""
    group = ~Q(kind="coaching")
    if can_plan(user, community):
        return Q()
    return group | Q(member=user) | Q(coach=user)


def meeting_for_user(user: User, pk: int):
    meeting = (
        Meeting.objects.select_related("community", "cycle", "coach", "member")
        .filter(pk=pk, community__in=visible_communities(user))
        .first()
    )
    if meeting is None:
        raise Http404
    if meeting.kind == "coaching" and not (
        can_plan(user, meeting.community) or user.pk in (meeting.member_id, meeting.coach_id)
    ):
        raise Http404
    return meeting


def meeting_for_planner(user: User, pk: int):
    meeting = meeting_for_user(user, pk)
    if not can_plan(user, meeting.community):
        raise PermissionDenied
    return meeting


def can_read_attendance(user: User, community: Community) -> bool:
    """The attendance overview: the community's facilitators and the leaders of its schools
    and board."""
    return can_plan(user, community) or leads(user, community)


def action_for_toggler(user: User, pk: int) -> AgreedAction:
    """An agreed action of a meeting you see (else 404), ticked off by its owner or the
    community's facilitators (else 403)."""
    action = get_object_or_404(AgreedAction.objects.select_related("meeting"), pk=pk)
    meeting = meeting_for_user(user, action.meeting_id)
    if not (can_plan(user, meeting.community) or action.owner_id == user.pk):
        raise PermissionDenied
    return action


def can_add_meeting_notes(user: User, meeting) -> bool:
    """Members add to the notes of their meetings; the coach and member of a session too."""
    if can_plan(user, meeting.community):
        return True
    if meeting.kind == "coaching":
        return user.pk in (meeting.member_id, meeting.coach_id)
    return role_in(user, meeting.community) is not None


def templates_for(community: Community) -> QuerySet[CycleTemplate]:
    """The templates a community plans with: the built-in ones and its own board's."""
    return CycleTemplate.objects.filter(
        Q(organisation__isnull=True) | Q(organisation=community.organisation_id)
    )


def can_edit_template(user: User, template) -> bool:
    """A board's own templates are edited by its facilitators and leaders; the built-in
    template by nobody (copy it instead)."""
    if template.organisation_id is None:
        return False
    scope = scope_of(user)
    if template.organisation_id in scope.directed_organisation_ids:
        return True
    if (
        scope.led_school_ids
        and School.objects.filter(
            pk__in=scope.led_school_ids, organisation_id=template.organisation_id
        ).exists()
    ):
        return True
    facilitated = [pk for pk, role in scope.roles.items() if role == Membership.Role.FACILITATOR]
    return Community.objects.filter(
        pk__in=facilitated, organisation_id=template.organisation_id
    ).exists()


def template_for_editor(user: User, pk: int):
    template = CycleTemplate.objects.filter(pk=pk).first()
    if template is None:
        raise Http404
    if not can_edit_template(user, template):
        # The built-in template and your own board's are visible, read-only; another
        # board's is not revealed.
        visible = (
            template.organisation_id is None
            or visible_communities(user).filter(organisation_id=template.organisation_id).exists()
        )
        raise PermissionDenied if visible else Http404
    return template


# Cycles ---------------------------------------------------------------------------


def cycle_for_planner(user: User, pk: int):
    """A cycle of a community the user sees (else 404) and plans (else 403)."""
    cycle = (
        Cycle.objects.select_related("community")
        .filter(pk=pk, community__in=visible_communities(user))
        .first()
    )
    if cycle is None:
        raise Http404
    if not can_plan(user, cycle.community):
        raise PermissionDenied
    return cycle


def cycle_for_user(user: User, pk: int):
    cycle = (
        Cycle.objects.select_related("community__organisation")
        .filter(pk=pk, community__in=visible_communities(user))
        .first()
    )
    if cycle is None:
        raise Http404
    return cycle


# Topics ---------------------------------------------------------------------------


def can_propose_topic(user: User, community: Community) -> bool:
    """Members (any role) propose topics and vote on them."""
    return is_member(user, community)


def topic_for_member(user: User, pk: int) -> Topic:
    """A topic of a community you see (else 404) and are a member of (else 403)."""
    topic = get_object_or_404(Topic.objects.select_related("community"), pk=pk)
    community = community_access.community_for_user(user, topic.community_id)
    if not can_propose_topic(user, community):
        raise PermissionDenied
    return topic


def topic_for_planner(user: User, pk: int) -> Topic:
    """A topic the community's facilitator chooses or declines."""
    topic = topic_for_member(user, pk)
    if not can_plan(user, topic.community):
        raise PermissionDenied
    return topic


# Products -------------------------------------------------------------------------


def can_use_product_of(user: User, community: Community) -> bool:
    """Products are the community's: its members add them, everyone who sees it reads them."""
    return can_view_community(user, community)


def can_add_product(user: User, community: Community) -> bool:
    return role_in(user, community) is not None


def can_edit_product(user: User, product: Product) -> bool:
    """Its authors and the community's facilitators change a product's text and links."""
    if can_plan(user, product.community):
        return True
    return any(author.pk == user.pk for author in product.authors.all())


def product_for_user(user: User, pk: int) -> Product:
    """The product with its community, cycle, goal and authors; 404 outside your scope."""
    product = (
        Product.objects.select_related("community", "cycle", "goal")
        .prefetch_related(Prefetch("authors", queryset=User.objects.order_by("full_name", "email")))
        .filter(pk=pk)
        .first()
    )
    if product is None or not can_use_product_of(user, product.community):
        raise Http404
    return product


def product_for_editor(user: User, pk: int) -> Product:
    product = product_for_user(user, pk)
    if not can_edit_product(user, product):
        raise PermissionDenied
    return product


def product_for_uploader(user: User, pk: int) -> Product:
    product = product_for_user(user, pk)
    if not can_add_product(user, product.community):
        raise PermissionDenied
    return product


def version_for_user(user: User, pk: int) -> ProductVersion:
    version = ProductVersion.objects.select_related("product__community").filter(pk=pk).first()
    if version is None or not can_use_product_of(user, version.product.community):
        raise Http404
    return version
