"""The queries the community pages need, each a fixed number of queries."""

from dataclasses import dataclass

from django.db.models import Avg, Case, Count, Prefetch, Q, QuerySet, When

from accounts.models import User
from communities.models import (
    Community,
    CommunityGoal,
    GoalStatus,
    Invitation,
    Membership,
    Organisation,
    PersonalGoal,
    ProgressUpdate,
    School,
)
from plc import policy


def communities_overview(user: User) -> QuerySet[Community]:
    """Visible communities with their figures, for lists and leaders' home pages."""
    return (
        policy.visible_communities(user)
        .prefetch_related(Prefetch("schools", queryset=School.objects.order_by("name")))
        .annotate(
            member_count=Count("memberships", distinct=True),
            goal_count=Count("goals", distinct=True),
            goal_progress=Avg("goals__progress"),
        )
        .order_by("name")
    )


@dataclass
class CommunityPage:
    community: Community
    memberships: list[Membership]
    goals: list[CommunityGoal]
    shared_goals: list[PersonalGoal]
    my_goals: list[PersonalGoal]
    personal_goal_count: int
    pending_invitations: int


def community_page(user: User, community: Community) -> CommunityPage:
    memberships = list(
        community.memberships.select_related("user").order_by("role", "user__full_name")
    )
    # Open goals first, then what was achieved or dropped; each by target date.
    closed = Case(When(status__in=[GoalStatus.ACHIEVED, GoalStatus.DROPPED], then=1), default=0)
    goals = list(community.goals.select_related("owner").order_by(closed, "target_date", "title"))
    shared = list(
        policy.personal_goals_shared_with(user, community)
        .select_related("owner")
        .order_by("owner__full_name", "title")
    )
    mine = list(community.personal_goals.filter(owner=user).order_by("target_date", "title"))
    personal_goal_count = community.personal_goals.count()
    pending = (
        community.invitations.filter(status=Invitation.Status.PENDING).count()
        if policy.can_manage_community(user, community)
        else 0
    )
    return CommunityPage(community, memberships, goals, shared, mine, personal_goal_count, pending)


def members_page(community: Community) -> tuple[list[Membership], list[Invitation]]:
    memberships = list(
        community.memberships.select_related("user").order_by("user__full_name", "user__email")
    )
    invitations = list(
        community.invitations.filter(status=Invitation.Status.PENDING)
        .select_related("invited_by")
        .order_by("email")
    )
    return memberships, invitations


def goal_updates(goal: CommunityGoal | PersonalGoal) -> list[ProgressUpdate]:
    return list(goal.updates.select_related("author").order_by("-date", "-created_at"))


def personal_goals_of(user: User) -> list[PersonalGoal]:
    return list(
        PersonalGoal.objects.filter(owner=user)
        .select_related("community", "community_goal")
        .order_by("community__name", "target_date", "title")
    )


@dataclass
class Home:
    memberships: list[Membership]
    my_goals: list[PersonalGoal]
    owned_goals: list[CommunityGoal]
    led_communities: list[Community]
    schools: list[School]
    boards: list[Organisation]  # the boards a director directs (their dashboards)


def home(user: User) -> Home:
    scope = policy.scope_of(user)
    memberships = list(
        Membership.objects.filter(user=user).select_related("community").order_by("community__name")
    )
    my_goals = list(
        PersonalGoal.objects.filter(owner=user)
        .exclude(status__in=["achieved", "dropped"])
        .select_related("community")
        .order_by("target_date", "title")[:10]
    )
    owned = list(
        CommunityGoal.objects.filter(owner=user)
        .exclude(status__in=["achieved", "dropped"])
        .select_related("community")
        .order_by("target_date", "title")[:10]
    )
    led: list[Community] = []
    schools: list[School] = []
    if scope.led_school_ids:
        # A board director finds every community under "Communities"; home stays short.
        led = list(
            communities_overview(user).filter(
                pk__in=Community.schools.through.objects.filter(
                    school_id__in=scope.led_school_ids
                ).values("community_id")
            )
        )
    if scope.is_leader:
        schools = list(
            School.objects.filter(
                Q(pk__in=scope.led_school_ids)
                | Q(organisation_id__in=scope.directed_organisation_ids)
            )
            .annotate(
                community_count=Count("communities", distinct=True),
                member_count=Count("communities__memberships__user", distinct=True),
            )
            .select_related("organisation")
            .order_by("name")
        )
    boards = sorted(
        {s.organisation for s in schools if s.organisation_id in scope.directed_organisation_ids},
        key=lambda board: board.name,
    )
    return Home(memberships, my_goals, owned, led, schools, boards)
