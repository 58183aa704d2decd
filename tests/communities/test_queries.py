"""The community and goal pages run a pinned number of queries, the same with little and
with more data."""

import pytest
from django.urls import reverse

from tests.communities.growth import grow

PAGES = [
    # (persona, url name, kwargs, pinned queries)
    ("teacher", "communities:list", lambda w: {}, 10),
    ("director", "communities:list", lambda w: {}, 10),
    ("teacher", "communities:detail", lambda w: {"pk": w.community.pk}, 15),
    ("coach", "communities:detail", lambda w: {"pk": w.community.pk}, 15),
    ("facilitator", "communities:detail", lambda w: {"pk": w.community.pk}, 16),
    ("leader", "communities:detail", lambda w: {"pk": w.community.pk}, 15),
    ("facilitator", "communities:edit", lambda w: {"pk": w.community.pk}, 12),
    ("leader", "communities:create", lambda w: {}, 10),
    ("director", "communities:create", lambda w: {}, 10),
    ("facilitator", "communities:members", lambda w: {"pk": w.community.pk}, 12),
    ("facilitator", "communities:goal_create", lambda w: {"pk": w.community.pk}, 10),
    ("teacher", "communities:goal", lambda w: {"pk": w.goal.pk}, 10),
    ("facilitator", "communities:goal", lambda w: {"pk": w.goal.pk}, 10),
    ("facilitator", "communities:goal_edit", lambda w: {"pk": w.goal.pk}, 10),
    ("teacher", "communities:my_goals", lambda w: {}, 6),
    ("teacher", "communities:my_goal_create", lambda w: {}, 12),
    ("teacher", "communities:my_goal", lambda w: {"pk": w.private_goal.pk}, 12),
    ("other_teacher", "communities:my_goal", lambda w: {"pk": w.shared_goal.pk}, 11),
    ("teacher", "communities:my_goal_edit", lambda w: {"pk": w.private_goal.pk}, 12),
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
