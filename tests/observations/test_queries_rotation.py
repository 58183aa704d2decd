"""The rotation page runs a pinned number of queries, the same for a small and a larger
community, and with more history."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from communities import services as community_services
from communities.models import Membership
from cycles import selectors as cycle_selectors
from cycles.services import cycles as cycle_services
from observations.selectors import rotation as rotation_selectors
from observations.services import rotation as rotation_services
from tests.factories import UserFactory

OPTIONS = {"propose": "1", "observers_per_visit": "1", "include_facilitators": "on"}


@pytest.fixture
def cycles(world):
    today = timezone.localdate()
    return cycle_services.plan_create(
        community=world.community,
        template=cycle_selectors.template_default(),
        start=today + dt.timedelta(days=7 - today.weekday()),
        count=3,
    )


def make_rotation(world, cycle, *, replace: bool = False) -> None:
    proposal = rotation_selectors.rotation_propose(cycle=cycle, replace=replace)
    rotation_services.rotation_create(cycle=cycle, proposal=proposal, by=world.facilitator)


def grow(world, cycles, n: int = 8) -> None:
    """More members, and a larger rotation in the first two cycles."""
    for _i in range(n):
        community_services.membership_add(
            community=world.community, user=UserFactory(), role=Membership.Role.MEMBER
        )
    for cycle in cycles[:2]:
        make_rotation(world, cycle, replace=True)


@pytest.mark.parametrize(
    ("label", "cycle_index", "params", "pinned"),
    [
        # The options only.
        ("options", 2, {}, 11),
        # A proposal for a cycle after two with a rotation (their pairs are the history).
        ("proposal", 2, OPTIONS, 15),
        ("proposal-trios", 2, {**OPTIONS, "observers_per_visit": "2"}, 15),
        # The cycle's own rotation listed, and a proposal replacing it.
        ("existing", 1, {}, 12),
        ("replacement", 1, {**OPTIONS, "replace": "on"}, 16),
    ],
)
def test_rotation_page_query_count_is_pinned_and_flat(
    label, cycle_index, params, pinned, world, cycles, client_for, queries
):
    make_rotation(world, cycles[0])
    make_rotation(world, cycles[1])
    client_for("facilitator")
    url = reverse("observations:rotation", kwargs={"cycle_pk": cycles[cycle_index].pk})
    query = "&".join(f"{key}={value}" for key, value in params.items())
    url = f"{url}?{query}" if query else url
    queries.assert_count(url, pinned)
    grow(world, cycles)
    queries.assert_count(url, pinned)
