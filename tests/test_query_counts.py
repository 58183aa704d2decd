"""Every page runs a pinned number of queries, the same with little and with more data."""

import datetime as dt

import pytest
from django.urls import reverse
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


PAGES = [
    # (persona, url name, kwargs, pinned queries)
    ("teacher", "home", lambda w: {}, 16),
    ("facilitator", "home", lambda w: {}, 16),
    ("leader", "home", lambda w: {}, 14),
    ("director", "home", lambda w: {}, 12),
    ("teacher", "communities:list", lambda w: {}, 10),
    ("director", "communities:list", lambda w: {}, 10),
    ("teacher", "communities:detail", lambda w: {"pk": w.community.pk}, 15),
    ("coach", "communities:detail", lambda w: {"pk": w.community.pk}, 15),
    ("facilitator", "communities:detail", lambda w: {"pk": w.community.pk}, 16),
    ("leader", "communities:detail", lambda w: {"pk": w.community.pk}, 15),
    ("facilitator", "communities:edit", lambda w: {"pk": w.community.pk}, 12),
    ("leader", "communities:create", lambda w: {}, 10),
    ("facilitator", "communities:members", lambda w: {"pk": w.community.pk}, 11),
    ("facilitator", "communities:goal_create", lambda w: {"pk": w.community.pk}, 10),
    ("teacher", "communities:goal", lambda w: {"pk": w.goal.pk}, 10),
    ("facilitator", "communities:goal", lambda w: {"pk": w.goal.pk}, 10),
    ("facilitator", "communities:goal_edit", lambda w: {"pk": w.goal.pk}, 10),
    ("teacher", "communities:my_goals", lambda w: {}, 6),
    ("teacher", "communities:my_goal_create", lambda w: {}, 12),
    ("teacher", "communities:my_goal", lambda w: {"pk": w.private_goal.pk}, 12),
    ("other_teacher", "communities:my_goal", lambda w: {"pk": w.shared_goal.pk}, 11),
    ("teacher", "communities:my_goal_edit", lambda w: {"pk": w.private_goal.pk}, 12),
    ("teacher", "accounts:profile", lambda w: {}, 5),
    ("teacher", "accounts:password_change", lambda w: {}, 5),
    ("director", "communities:create", lambda w: {}, 10),
    ("anonymous", "accounts:login", lambda w: {}, 0),
    ("anonymous", "accounts:password_reset", lambda w: {}, 0),
    (
        "anonymous",
        "accounts:invitation",
        lambda w: {"token": services.invitation_token(w.invitation)},
        2,
    ),
]


@pytest.mark.parametrize(
    ("persona", "name", "kwargs", "pinned"),
    PAGES,
    ids=[f"{name}-{persona}" for persona, name, _, _ in PAGES],
)
def test_page_query_count_is_pinned_and_flat(
    persona, name, kwargs, pinned, world, client_for, queries
):
    client_for(persona)
    url = reverse(name, kwargs=kwargs(world))
    queries.assert_count(url, pinned)
    grow(world)
    queries.assert_count(url, pinned)
