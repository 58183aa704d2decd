"""May this person see or change a community's plan, cycles, meetings, school calendars,
cycle templates and products (see communities/scope.py for the shared rules)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.http import Http404

from accounts.models import User
from communities.models import (
    Community,
    Membership,
    School,
)
from communities.scope import can_view_community, role_in, scope_of, visible_communities
from cycles.models import Cycle, CycleTemplate, Meeting, Product, ProductVersion

# Cycles, meetings, calendars -------------------------------------------------


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
    if role_in(user, community) == Membership.Role.FACILITATOR:
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


def can_add_meeting_notes(user: User, meeting) -> bool:
    """Members add to the notes of their meetings; the coach and member of a session too."""
    if can_plan(user, meeting.community):
        return True
    if meeting.kind == "coaching":
        return user.pk in (meeting.member_id, meeting.coach_id)
    return role_in(user, meeting.community) is not None


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


# Rotation ---------------------------------------------------------------------


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
