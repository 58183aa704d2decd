"""The account pages run a pinned number of queries, the same with little and with more
data."""

import pytest
from django.urls import reverse

from communities import services
from tests.communities.growth import grow

PAGES = [
    # (persona, url name, kwargs, pinned queries)
    ("teacher", "accounts:profile", lambda w: {}, 5),
    ("teacher", "accounts:password_change", lambda w: {}, 5),
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
