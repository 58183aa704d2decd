"""More of everything the home, community and account pages list, so their pinned query
counts (tests/{plc,communities,accounts}/test_queries.py) are proven flat."""

import datetime as dt

from django.utils import timezone

from communities import services
from communities.models import Membership, PersonalGoal
from tests.conftest import World
from tests.factories import UserFactory, make_community


def grow(world: World, n: int = 6) -> None:
    """More of everything a page lists: members, goals, updates, shared goals, communities."""
    today = timezone.localdate()
    for i in range(n):
        user = UserFactory()
        services.membership_add(community=world.community, user=user, role=Membership.Role.MEMBER)
        services.personal_goal_create(
            owner=user,
            community=world.community,
            title=f"Shared {i}",
            visibility=PersonalGoal.Visibility.COMMUNITY,
        )
        services.personal_goal_create(
            owner=world.teacher, community=world.community, title=f"Mine {i}"
        )
        goal = services.community_goal_create(
            community=world.community,
            title=f"Goal {i}",
            outcome="o",
            success_criterion="s",
            target_date=today + dt.timedelta(days=i),
            owner=user,
        )
        for step in range(3):
            services.goal_progress_add(
                goal=goal, author=user, date=today, done="d", value=10 * step
            )
            services.goal_progress_add(
                goal=world.goal, author=user, date=today, done="d", value=10 * step
            )
        services.invitation_create(
            community=world.community,
            email=f"new{i}@example.org",
            role="member",
            invited_by=world.facilitator,
        )
        other = make_community(schools=[world.school, world.other_school])
        services.membership_add(community=other, user=world.teacher, role="member")
