"""May this person see a dashboard or a report (see communities/scope.py for the shared
rules). Figures only for leaders who are not members; content for members."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from accounts.models import User
from communities.access import community_for_user
from communities.models import (
    Community,
    Membership,
    Organisation,
    School,
)
from communities.scope import leads, role_in, scope_of, visible_communities
from reports.models import Report

# Dashboards ------------------------------------------------------------------


def can_view_community_dashboard(user: User, community: Community) -> bool:
    """Its facilitator and coaches, and the school leaders and board director in scope.
    Plain members have the community's own pages instead."""
    return role_in(user, community) in {
        Membership.Role.FACILITATOR,
        Membership.Role.COACH,
    } or leads(user, community)


def community_for_dashboard(user: User, pk: int) -> Community:
    """404 outside your scope, 403 for a plain member."""
    community = community_for_user(user, pk)
    if not can_view_community_dashboard(user, community):
        raise PermissionDenied
    return community


# Reports ---------------------------------------------------------------------------------
# A cycle report holds figures and what members shared: the latter version is for the
# community's members, a figures-only version for the leaders who are not members. Its
# facilitator, school leaders and board directors ask for one.


def can_request_report(user: User, community: Community) -> bool:
    return role_in(user, community) == Membership.Role.FACILITATOR or leads(user, community)


def report_for_user(user: User, pk: int):
    # A cycle report by its community (with what members shared: by its members only); a
    # school-year report (no community) by its school.
    members_of = list(scope_of(user).roles)
    report = (
        Report.objects.select_related("cycle__community", "school", "requested_by")
        .filter(
            Q(community__in=visible_communities(user), with_content=False)
            | Q(community_id__in=members_of, with_content=True)
            | _school_reports_q(user),
            pk=pk,
        )
        .first()
    )
    if report is None:
        raise Http404
    return report


# School dashboards ------------------------------------------------------------------------
# A school's dashboard is for its leaders and the board director of its board. Everyone
# else, members of its communities included, gets a 404: a school outside your scope
# doesn't exist for you.


def school_for_dashboard(user: User, pk: int) -> School:
    scope = scope_of(user)
    if not scope.is_leader:
        raise Http404
    school = (
        School.objects.select_related("organisation")
        .filter(
            Q(pk__in=scope.led_school_ids) | Q(organisation_id__in=scope.directed_organisation_ids),
            pk=pk,
        )
        .first()
    )
    if school is None:
        raise Http404
    return school


# Board dashboards -------------------------------------------------------------------------
# A board's dashboard is for its board directors only; for everyone else the board doesn't
# exist (404), school leaders of its schools included.


def board_for_dashboard(user: User, pk: int):
    scope = scope_of(user)
    if pk not in scope.directed_organisation_ids:
        raise Http404
    return Organisation.objects.get(pk=pk)


# School-year reports ----------------------------------------------------------------------
# A school-year report holds the school dashboard's figures, so it is for the same people:
# the school's leaders and its board's directors ask for it, read it and download it. For
# everyone else, members of its communities included, it doesn't exist (404).


def school_for_report(user: User, pk: int) -> School:
    return school_for_dashboard(user, pk)


def can_request_school_report(user: User, school: School) -> bool:
    scope = scope_of(user)
    return school.pk in scope.led_school_ids or (
        school.organisation_id in scope.directed_organisation_ids
    )


def _school_reports_q(user: User) -> Q:
    """The school-year reports `user` may read (for `report_for_user`)."""
    scope = scope_of(user)
    if not scope.is_leader:
        return Q(pk__in=[])
    return Q(kind="school_year") & (
        Q(school_id__in=scope.led_school_ids)
        | Q(school__organisation_id__in=scope.directed_organisation_ids)
    )
