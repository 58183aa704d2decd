"""The checklist, rotation, scan, visit, journal and reflection pages run a pinned number of
queries, the same with little and with more data."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from communities import services as community_services
from communities.models import Membership
from cycles import selectors as cycle_selectors
from cycles.services import cycles as cycle_services
from observations import checklist_text
from observations.models import Instrument, ScanRound
from observations.selectors import rotation as rotation_selectors
from observations.selectors import scan as scan_selectors
from observations.services import instruments as instrument_services
from observations.services import reflections as reflection_services
from observations.services import rotation as rotation_services
from observations.services import scan as scan_services
from observations.services import visits as visit_services
from tests.conftest import World
from tests.factories import UserFactory, make_community
from tests.observations.matrix_instruments import SCALE, board_checklist
from tests.observations.matrix_visits import private_visit

# Checklists: more checklists, domains, items, versions, visits and communities -----------

WIDE_OUTLINE = "\n".join(
    f"Domain {d}\n" + "\n".join(f"- Item {d}.{i}" for i in range(5)) for d in range(4)
)


def _checklist(world: World) -> Instrument:
    return Instrument.objects.get(organisation=world.board, name="Board checklist", is_current=True)


def grow_instruments(world: World, n: int = 4) -> None:
    """More checklists, each bigger, used in visits and changed into new versions; and more
    communities that use them."""
    general = Instrument.objects.get(name="Algemene lesobservatie")
    for i in range(n):
        other = make_community(schools=[world.school, world.other_school])
        community_services.membership_add(community=other, user=world.teacher, role="member")
        made = instrument_services.instrument_create(
            organisation=world.board,
            name=f"Grown {i}",
            description="d",
            levels=checklist_text.parse_scale(SCALE),
            domains=checklist_text.parse_outline(WIDE_OUTLINE),
            by=world.coach,
        )
        for instrument in (made, general, _checklist(world)):
            instrument.communities.add(other, world.community)
        for instrument in (made, _checklist(world)):
            visit_services.visit_plan(
                community=world.community,
                observed=world.teacher,
                observers=[world.other_teacher],
                instrument=instrument,
                starts_at=timezone.now() + dt.timedelta(days=i + 1),
            )
            instrument_services.instrument_update(
                instrument=instrument,
                name=instrument.name,
                description=f"version {i}",
                levels=checklist_text.parse_scale(SCALE),
                domains=checklist_text.parse_outline(WIDE_OUTLINE),
                by=world.facilitator,
            )


def _board(w: World) -> dict:
    return {"pk": _checklist(w).pk}


def _general(w: World) -> dict:
    return {"pk": Instrument.objects.get(name="Algemene lesobservatie").pk}


def _community(w: World) -> dict:
    return {"pk": w.community.pk}


INSTRUMENT_PAGES = [
    # (persona, url name, kwargs, query string, pinned queries)
    ("teacher", "observations:instruments", lambda w: {}, "", 11),
    ("facilitator", "observations:instruments", lambda w: {}, "", 11),
    ("leader", "observations:instruments", lambda w: {}, "", 11),
    ("director", "observations:instruments", lambda w: {}, "", 10),
    ("teacher", "observations:instrument", _board, "", 15),
    ("facilitator", "observations:instrument", _board, "", 15),
    ("coach", "observations:instrument", _general, "", 15),
    ("facilitator", "observations:instrument_create", lambda w: {}, "", 9),
    ("leader", "observations:instrument_create", lambda w: {}, "?preset=four", 9),
    ("facilitator", "observations:instrument_edit", _board, "", 14),
    ("teacher", "observations:community_instruments", _community, "", 10),
    ("facilitator", "observations:community_instruments", _community, "", 11),
    ("leader", "observations:community_instruments", _community, "", 10),
]


@pytest.mark.parametrize(
    ("persona", "name", "kwargs", "query", "pinned"),
    INSTRUMENT_PAGES,
    ids=[f"{name}-{persona}{query}" for persona, name, _, query, _ in INSTRUMENT_PAGES],
)
def test_page_query_count_is_pinned_and_flat(
    persona, name, kwargs, query, pinned, world, client_for, queries
):
    board_checklist(world).communities.add(world.community)
    client_for(persona)
    queries.assert_count(reverse(name, kwargs=kwargs(world)) + query, pinned)
    grow_instruments(world)
    # The board's checklist has later versions now: the current one is looked up again.
    queries.assert_count(reverse(name, kwargs=kwargs(world)) + query, pinned)


# Rotation: a small and a larger community, and more history ------------------------------

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


def grow_rotation(world, cycles, n: int = 8) -> None:
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
    grow_rotation(world, cycles)
    queries.assert_count(url, pinned)


# Scan: one round of three answers, and four rounds of ten --------------------------------


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


SCAN_PAGES = [
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
    SCAN_PAGES,
    ids=[f"{name}-{persona}" for persona, name, _, _ in SCAN_PAGES],
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


# Visits: one visit, and many -------------------------------------------------------------


def grow_visits(world, visit, n: int) -> None:
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


VISIT_PAGES = [
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
    VISIT_PAGES,
    ids=[f"{name}-{persona}" for persona, name, _, _ in VISIT_PAGES],
)
def test_visit_page_query_count_is_pinned_and_flat(
    persona, name, kwargs, pinned, world, client_for, queries
):
    visit = private_visit(world)
    grow_visits(world, visit, 1)  # one of everything, then many
    client_for(persona)
    url = reverse(name, kwargs=kwargs(world, visit))
    queries.assert_count(url, pinned)
    grow_visits(world, visit, 6)
    queries.assert_count(url, pinned)


# Journal and reflections -----------------------------------------------------------------


def test_journal_and_reflection_pages_have_pinned_query_counts(world, client_for, queries):
    reflection = reflection_services.reflection_save(
        author=world.teacher,
        community=world.community,
        text="x",
        publish=True,
        personal_goal=world.private_goal,
    )
    client_for("teacher")
    journal = reverse("observations:journal")
    page = reverse("observations:reflection", kwargs={"pk": reflection.pk})
    queries.assert_count(journal, 7)
    queries.assert_count(page, 11)
    for i in range(8):
        reflection_services.reflection_save(
            author=world.teacher,
            community=world.community,
            text=f"more {i}",
            publish=True,
            personal_goal=world.private_goal,
        )
    queries.assert_count(journal, 7)
    queries.assert_count(page, 11)
