"""The visit pages run a pinned number of queries, the same with one visit as with many."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from communities import services as community_services
from communities.models import Membership
from observations.services import reflections as reflection_services
from observations.services import visits as visit_services
from tests.factories import UserFactory
from tests.observations.matrix_visits import private_visit


def grow(world, visit, n: int) -> None:
    """More colleagues, visits with observers and scores, and reflections on the visit."""
    for i in range(n):
        colleague = UserFactory()
        community_services.membership_add(
            community=world.community, user=colleague, role=Membership.Role.MEMBER
        )
        other = visit_services.visit_plan(
            community=world.community,
            observed=world.teacher,
            observers=[world.facilitator, colleague],
            instrument=visit.instrument,
            starts_at=timezone.now() - dt.timedelta(days=i + 1),
        )
        visit_services.visit_share(visit=other, by=world.teacher, shared=i % 2 == 0)
        for item in visit.instrument.domains.first().items.all():
            visit_services.score_save(visit=visit, item=item, level=None, evidence=f"seen {i}")
            visit_services.score_save(visit=other, item=item, level=None, evidence="seen")
        reflection_services.reflection_save(
            author=world.teacher,
            community=world.community,
            visit=visit,
            happened=f"Reflection {i}",
            visibility="community",
            publish=True,
        )


PAGES = [
    # (persona, url name, kwargs from (world, visit), pinned queries)
    ("teacher", "observations:my_visits", lambda w, v: {}, 10),
    ("coach", "observations:my_visits", lambda w, v: {}, 10),
    ("teacher", "observations:community_visits", lambda w, v: {"pk": w.community.pk}, 12),
    ("leader", "observations:community_visits", lambda w, v: {"pk": w.community.pk}, 11),
    ("teacher", "observations:visit_create", lambda w, v: {"pk": w.community.pk}, 16),
    ("teacher", "observations:visit", lambda w, v: {"pk": v.pk}, 18),
    ("facilitator", "observations:visit", lambda w, v: {"pk": v.pk}, 17),
    ("coach", "observations:visit", lambda w, v: {"pk": v.pk}, 17),
    ("facilitator", "observations:visit_observe", lambda w, v: {"pk": v.pk}, 13),
    ("teacher", "observations:visit_contract", lambda w, v: {"pk": v.pk}, 10),
    ("teacher", "observations:visit_coaching", lambda w, v: {"pk": v.pk}, 8),
    ("teacher", "observations:visit_edit", lambda w, v: {"pk": v.pk}, 8),
]


@pytest.mark.parametrize(
    ("persona", "name", "kwargs", "pinned"),
    PAGES,
    ids=[f"{name}-{persona}" for persona, name, _, _ in PAGES],
)
def test_visit_page_query_count_is_pinned_and_flat(
    persona, name, kwargs, pinned, world, client_for, queries
):
    visit = private_visit(world)
    grow(world, visit, 1)  # one of everything, then many
    client_for(persona)
    url = reverse(name, kwargs=kwargs(world, visit))
    queries.assert_count(url, pinned)
    grow(world, visit, 6)
    queries.assert_count(url, pinned)
