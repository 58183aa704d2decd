"""The board administration's pages run a pinned number of queries, the same with the
world's two schools as with a board of sixty-two (three pages, searched or not): the
session (read and saved), the user, the scope, the board, the count and the page."""

import pytest
from django.urls import reverse

from communities.models import School

PAGES = [
    # (persona, url name, kwargs, query string, pinned queries)
    ("administrator", "boards:schools", lambda w: {}, {}, 11),
    ("director", "boards:schools", lambda w: {}, {}, 11),
    ("administrator", "boards:schools", lambda w: {}, {"q": "o", "page": "2"}, 11),
    ("administrator", "boards:school_create", lambda w: {}, {}, 9),
    ("administrator", "boards:school_edit", lambda w: {"pk": w.school.pk}, {}, 9),
]


@pytest.mark.parametrize(
    ("persona", "name", "kwargs", "params", "pinned"),
    PAGES,
    ids=[f"{name}-{persona}-{'-'.join(params)}" for persona, name, _, params, _ in PAGES],
)
def test_board_page_query_count_is_pinned_and_flat(
    persona, name, kwargs, params, pinned, world, client_for, queries
):
    client = client_for(persona)
    url = reverse(name, kwargs=kwargs(world))
    if params:
        url += "?" + "&".join(f"{key}={value}" for key, value in params.items())
    for size in (0, 60):
        School.objects.bulk_create(
            School(organisation=world.board, name=f"School {n:03d}", brin=f"{n:02d}XY")
            for n in range(size)
        )
        queries.assert_count(url, pinned)
    if name == "boards:schools":
        assert len(client.get(url).context["page"]) > 1  # a page of schools, each time
