"""May this person see or change this community, its members or its goals (see
communities/scope.py for the rules every app shares)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.models import User
from communities.models import (
    Community,
    CommunityGoal,
    Membership,
    PersonalGoal,
    School,
)
from communities.scope import (
    coached_teachers_q,
    is_member,
    leads,
    reads_as_coach,
    role_in,
    scope_of,
    visible_communities,
)


def can_manage_community(user: User, community: Community) -> bool:
    """Invite, change roles, edit the community and its goals."""
    return role_in(user, community) == Membership.Role.FACILITATOR or leads(user, community)


def community_for_user(user: User, pk: int) -> Community:
    community = visible_communities(user).select_related("organisation").filter(pk=pk).first()
    if community is None:
        raise Http404
    return community


def community_for_manager(user: User, pk: int) -> Community:
    community = community_for_user(user, pk)
    if not can_manage_community(user, community):
        raise PermissionDenied
    return community


def can_create_community(user: User) -> bool:
    return scope_of(user).is_leader


def schools_for_new_community(user: User) -> QuerySet[School]:
    scope = scope_of(user)
    return School.objects.filter(
        Q(pk__in=scope.led_school_ids) | Q(organisation_id__in=scope.directed_organisation_ids)
    ).select_related("organisation")


# Goals ---------------------------------------------------------------------


def can_edit_community_goal(user: User, goal: CommunityGoal) -> bool:
    return goal.owner_id == user.pk or can_manage_community(user, goal.community)


def community_goal_for_user(user: User, pk: int) -> CommunityGoal:
    goal = (
        CommunityGoal.objects.select_related("community", "owner")
        .filter(pk=pk, community__in=visible_communities(user))
        .first()
    )
    if goal is None:
        raise Http404
    return goal


def community_goal_for_editor(user: User, pk: int) -> CommunityGoal:
    goal = community_goal_for_user(user, pk)
    if not can_edit_community_goal(user, goal):
        raise PermissionDenied
    return goal


def personal_goals_shared_with(user: User, community: Community) -> QuerySet[PersonalGoal]:
    """Other people's personal goals in this community that `user` may read: none for a
    leader who is not a member."""
    if not is_member(user, community):
        return PersonalGoal.objects.none()
    visible = Q(visibility=PersonalGoal.Visibility.COMMUNITY)
    if role_in(user, community) == Membership.Role.COACH:
        visible |= Q(visibility=PersonalGoal.Visibility.COACH) & coached_teachers_q(
            user, "community", "owner"
        )
    return PersonalGoal.objects.filter(visible, community=community).exclude(owner=user)


def can_view_personal_goal(user: User, goal: PersonalGoal) -> bool:
    if goal.owner_id == user.pk:
        return True
    if goal.visibility == PersonalGoal.Visibility.PRIVATE:
        return False
    if goal.visibility == PersonalGoal.Visibility.COACH:
        return reads_as_coach(user, goal.community, goal.owner_id)
    return is_member(user, goal.community)


def personal_goal_for_user(user: User, pk: int) -> PersonalGoal:
    goal = (
        PersonalGoal.objects.select_related("owner", "community", "community_goal")
        .prefetch_related("community__schools")
        .filter(pk=pk)
        .first()
    )
    if goal is None or not can_view_personal_goal(user, goal):
        raise Http404
    return goal


def personal_goal_for_owner(user: User, pk: int) -> PersonalGoal:
    goal = personal_goal_for_user(user, pk)
    if goal.owner_id != user.pk:
        raise PermissionDenied
    return goal
