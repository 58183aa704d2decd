"""The queries the community pages need, each a fixed number of queries."""

from dataclasses import dataclass

from django.db.models import Avg, Case, Count, Prefetch, Q, QuerySet, When

from accounts.models import User
from communities import access as community_access
from communities import scope
from communities.models import (
    BoardDirector,
    CoachAcceptance,
    Community,
    CommunityGoal,
    Departure,
    GoalStatus,
    Invitation,
    Membership,
    Organisation,
    PersonalGoal,
    ProgressUpdate,
    ReaderNotice,
    School,
    SchoolLeader,
)


def communities_overview(user: User) -> QuerySet[Community]:
    """Visible communities with their figures, for lists and leaders' home pages."""
    return (
        scope.visible_communities(user)
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
        community_access.personal_goals_shared_with(user, community)
        .select_related("owner")
        .order_by("owner__full_name", "title")
    )
    mine = list(community.personal_goals.filter(owner=user).order_by("target_date", "title"))
    personal_goal_count = community.personal_goals.count()
    pending = (
        community.invitations.filter(status=Invitation.Status.PENDING).count()
        if community_access.can_manage_community(user, community)
        else 0
    )
    return CommunityPage(community, memberships, goals, shared, mine, personal_goal_count, pending)


def members_page(
    community: Community,
) -> tuple[list[Membership], list[Invitation], list[Departure]]:
    """The current members, the invitations waiting for an answer, and who left the board."""
    memberships = list(
        community.memberships.select_related("user").order_by("user__full_name", "user__email")
    )
    invitations = list(
        community.invitations.filter(status=Invitation.Status.PENDING)
        .select_related("invited_by")
        .order_by("email")
    )
    departures = list(community.departures.select_related("user"))
    return memberships, invitations, departures


def goal_updates(goal: CommunityGoal | PersonalGoal) -> list[ProgressUpdate]:
    return list(goal.updates.select_related("author").order_by("-date", "-created_at"))


def personal_goals_of(user: User) -> list[PersonalGoal]:
    return list(
        PersonalGoal.objects.filter(owner=user)
        .select_related("community", "community_goal")
        .order_by("community__name", "target_date", "title")
    )


# Who reads what a teacher shares ----------------------------------------------------


@dataclass
class Reader:
    user: User
    role: str
    leads: bool  # leads one of the community's schools or directs its board
    # A coach reads what is shared with "my coach" and the unshared visits; one who leads
    # only after the teacher accepted them.
    accepted: bool = False

    @property
    def role_label(self) -> str:
        return Membership.Role(self.role).label

    @property
    def reads_coach_content(self) -> bool:
        return self.role == Membership.Role.COACH and (not self.leads or self.accepted)

    @property
    def awaits_acceptance(self) -> bool:
        return self.role == Membership.Role.COACH and self.leads and not self.accepted


@dataclass
class Audience:
    """Who "my community" and "my coach" are, by name, in one of the teacher's communities."""

    community: Community
    members: list[Reader]  # its current members, whatever their role, the teacher left out
    coaches: list[Reader]


def audiences(user: User, community_id: int | None = None) -> list[Audience]:
    """For each community `user` is a member of (or only `community_id`): its other members
    and its coaches, with who leads the school or board. Four queries, whatever the number
    of communities."""
    mine = Membership.objects.filter(user=user)
    if community_id is not None:
        mine = mine.filter(community_id=community_id)
    memberships = list(
        Membership.objects.filter(community__in=mine.values("community_id"))
        .select_related("user", "community")
        .order_by("community__name", "user__full_name", "user__email")
    )
    ids = {m.community_id for m in memberships}
    boards = {m.community.organisation_id for m in memberships}
    leading: set[tuple[int, int]] = set(  # (community id, user id)
        SchoolLeader.objects.filter(school__communities__in=ids).values_list(
            "school__communities", "user_id"
        )
    )
    directors: set[tuple[int, int]] = set(  # (board id, user id)
        BoardDirector.objects.filter(organisation_id__in=boards).values_list(
            "organisation_id", "user_id"
        )
    )
    accepted = set(
        CoachAcceptance.objects.filter(teacher=user, community_id__in=ids).values_list(
            "community_id", "coach_id"
        )
    )
    by_community: dict[int, Audience] = {}
    for membership in memberships:
        community = membership.community
        audience = by_community.setdefault(community.pk, Audience(community, [], []))
        if membership.user_id == user.pk:
            continue
        reader = Reader(
            user=membership.user,
            role=membership.role,
            leads=(community.pk, membership.user_id) in leading
            or (community.organisation_id, membership.user_id) in directors,
            accepted=(community.pk, membership.user_id) in accepted,
        )
        audience.members.append(reader)
        if reader.role == Membership.Role.COACH:
            audience.coaches.append(reader)
    return list(by_community.values())


def reader_notices(user: User) -> list[ReaderNotice]:
    return list(
        ReaderNotice.objects.filter(recipient=user, dismissed_at__isnull=True)
        .select_related("reader", "community")
        .order_by("-created_at")[:20]
    )


@dataclass
class Home:
    memberships: list[Membership]
    my_goals: list[PersonalGoal]
    owned_goals: list[CommunityGoal]
    led_communities: list[Community]
    schools: list[School]
    boards: list[Organisation]  # the boards a director directs (their dashboards)
    notices: list[ReaderNotice]  # someone new reads what I share
    audiences: list[Audience]  # who reads what I share, per community


def home(user: User) -> Home:
    held = scope.scope_of(user)
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
    if held.led_school_ids:
        # A board director finds every community under "Communities"; home stays short.
        led = list(
            communities_overview(user).filter(
                pk__in=Community.schools.through.objects.filter(
                    school_id__in=held.led_school_ids
                ).values("community_id")
            )
        )
    if held.is_leader:
        schools = list(
            School.objects.filter(
                Q(pk__in=held.led_school_ids)
                | Q(organisation_id__in=held.directed_organisation_ids)
            )
            .annotate(
                community_count=Count("communities", distinct=True),
                member_count=Count("communities__memberships__user", distinct=True),
            )
            .select_related("organisation")
            .order_by("name")
        )
    boards = sorted(
        {s.organisation for s in schools if s.organisation_id in held.directed_organisation_ids},
        key=lambda board: board.name,
    )
    notices = reader_notices(user) if memberships else []
    readers = audiences(user) if memberships else []
    return Home(memberships, my_goals, owned, led, schools, boards, notices, readers)
