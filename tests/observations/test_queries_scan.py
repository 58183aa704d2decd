"""The scan pages run a pinned number of queries, the same with one round of three answers
as with four rounds of ten."""

import pytest
from django.urls import reverse

from communities import services as community_services
from communities.models import Membership
from observations.models import ScanRound
from observations.selectors import scan as scan_selectors
from observations.services import scan as scan_services
from tests.conftest import World
from tests.factories import UserFactory


def _answer_all(scan_round: ScanRound, people, score: int) -> None:
    statements = scan_round.scan.themes.values_list("statements__pk", flat=True)
    for person in people:
        scan_services.scan_answer(
            scan_round=scan_round,
            respondent=person,
            scores=dict.fromkeys(statements, score),
        )


def with_rounds(world: World, *, rounds: int, answers: int, not_by) -> ScanRound:
    """`rounds` closed rounds of `answers` answers each, then an open round that others
    have answered but `not_by` hasn't. Returns the open round."""
    scan = scan_selectors.scan_default()
    while world.community.memberships.exclude(user=not_by).count() < answers:
        community_services.membership_add(
            community=world.community, user=UserFactory(), role=Membership.Role.MEMBER
        )
    others = [
        m.user for m in world.community.memberships.select_related("user").exclude(user=not_by)
    ]
    for number in range(rounds):
        scan_round = scan_services.scan_round_open(community=world.community, scan=scan)
        _answer_all(scan_round, others[:answers], 1 + number % 5)
        scan_services.scan_round_close(scan_round=scan_round)
    open_round = scan_services.scan_round_open(community=world.community, scan=scan)
    _answer_all(open_round, others[: answers - 1], 3)
    return open_round


PAGES = [
    # (persona, url name, kwargs, pinned queries)
    ("teacher", "observations:scan", lambda w, r: {"pk": w.community.pk}, 11),
    ("facilitator", "observations:scan", lambda w, r: {"pk": w.community.pk}, 11),
    ("leader", "observations:scan", lambda w, r: {"pk": w.community.pk}, 11),
    ("director", "observations:scan", lambda w, r: {"pk": w.community.pk}, 11),
    ("teacher", "observations:scan_answer", lambda w, r: {"pk": r.pk}, 12),
    ("coach", "observations:scan_answer", lambda w, r: {"pk": r.pk}, 12),
]


@pytest.mark.parametrize(
    ("persona", "name", "kwargs", "pinned"),
    PAGES,
    ids=[f"{name}-{persona}" for persona, name, _, _ in PAGES],
)
def test_scan_page_query_count_is_pinned_and_flat(
    persona, name, kwargs, pinned, world, client_for, queries
):
    client = client_for(persona)
    for rounds, answers in ((1, 3), (4, 10)):
        ScanRound.objects.all().delete()
        open_round = with_rounds(
            world, rounds=rounds, answers=answers, not_by=world.people[persona]
        )
        url = reverse(name, kwargs=kwargs(world, open_round))
        queries.assert_count(url, pinned)
        if name == "observations:scan":
            # Both sizes show figures, so the averages query ran both times.
            page = client.get(url).context["page"]
            assert len(page.with_results) == rounds and len(page.themes) == 6
