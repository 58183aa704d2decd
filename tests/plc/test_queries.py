"""The home page runs a pinned number of queries, the same with little and with more data."""

import pytest
from django.urls import reverse

from tests.communities.growth import grow

PAGES = [
    # (persona, url name, kwargs, pinned queries)
    ("teacher", "home", lambda w: {}, 16),
    ("facilitator", "home", lambda w: {}, 16),
    ("leader", "home", lambda w: {}, 14),
    ("director", "home", lambda w: {}, 12),
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
