"""The peer-visit rotation: the pure proposal, the service that creates it, and the page."""

import datetime as dt
import math
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from communities import services as community_services
from communities.models import Membership
from cycles import selectors as cycle_selectors
from cycles.calendar import AMSTERDAM
from cycles.models import Cycle, SchoolHoliday
from cycles.services import cycles as cycle_services
from observations import access as observation_access
from observations.models import Instrument, Visit
from observations.rotation_plan import RotationError, propose, schedule
from observations.selectors import rotation as rotation_selectors
from observations.services import rotation as rotation_services
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def english():
    """Messages are checked in English; the pages' users read English too."""
    with translation.override("en"):
        yield


D = dt.date
MONDAY = D(2026, 9, 7)
# Four school weeks, Monday 7 September to Friday 2 October 2026: 20 days.
DAYS = [MONDAY + dt.timedelta(days=i) for i in range(26) if (MONDAY.weekday() + i) % 7 < 5]
SIZES = range(2, 26)


def people(n: int) -> list[int]:
    return list(range(101, 101 + n))


def arcs(pairings) -> list[tuple[int, int]]:
    """(observer, observed) of every observation."""
    return [(o, p.observed) for p in pairings for o in p.observers]


def mutual_pairs(pairings) -> int:
    every = set(arcs(pairings))
    return sum(1 for o, t in every if o < t and (t, o) in every)


def run(n: int, cycles: int, k: int = 1) -> list[list]:
    """`cycles` successive rotations of a group that stays the same."""
    history: list[tuple[int, int]] = []
    result = []
    for _cycle in range(cycles):
        pairings = propose(
            participants=people(n), school_days=DAYS, observers_per_visit=k, history=history
        )
        history += arcs(pairings)
        result.append(pairings)
    return result


def assert_fair(pairings, group: list[int], k: int) -> None:
    observations = arcs(pairings)
    assert sorted(p.observed for p in pairings) == group, "everyone is observed once"
    assert all(len(p.observers) == k for p in pairings)
    assert Counter(o for o, _t in observations) == dict.fromkeys(group, k), "everyone observes k"
    assert all(o != t for o, t in observations), "nobody observes themselves"
    assert len(set(observations)) == len(observations), "no observer twice in one visit"


# The pure proposal -----------------------------------------------------------------------


@pytest.mark.parametrize("n", range(2, 41))
def test_the_schedule_holds_every_pair_once_without_mutual_pairs(n):
    factors = schedule(n)
    assert len(factors) == n - 1
    pairs = Counter((i, f[i]) for f in factors for i in range(n))
    assert set(pairs) == {(a, b) for a in range(n) for b in range(n) if a != b}
    assert set(pairs.values()) == {1}
    assert all(sorted(f) == list(range(n)) for f in factors), "each step is a permutation"
    mutual = sum(1 for f in factors for i in range(n) if f[f[i]] == i)
    # Two people can only observe each other; four can't fill three cycles without it.
    assert mutual == (2 if n == 2 else 4 if n == 4 else 0)


@pytest.mark.parametrize("n", SIZES)
def test_everyone_observes_once_and_is_observed_once(n):
    (pairings,) = run(n, 1)
    assert_fair(pairings, people(n), k=1)


def test_two_people_observe_each_other():
    (pairings,) = run(2, 1)
    assert sorted(arcs(pairings)) == [(101, 102), (102, 101)]


@pytest.mark.parametrize("n", range(3, 26))
def test_from_three_people_nobody_observes_their_own_observer(n):
    for pairings in run(n, n + 1):
        assert_fair(pairings, people(n), k=1)
        assert mutual_pairs(pairings) == 0


@pytest.mark.parametrize("n", [0, 1])
def test_fewer_than_two_people_is_refused_with_a_reason(n):
    with pytest.raises(RotationError, match="at least two participants"):
        propose(participants=people(n), school_days=DAYS)


def test_the_same_input_gives_the_same_rotation():
    history = [(101, 102), (103, 101), (104, 105)]
    first = propose(participants=people(9), school_days=DAYS, history=history)
    again = propose(
        participants=list(reversed(people(9))), school_days=list(reversed(DAYS)), history=history
    )
    assert first == again
    assert run(12, 5, k=2) == run(12, 5, k=2)


@pytest.mark.parametrize("n", SIZES)
def test_pairs_do_not_repeat_until_everyone_has_seen_everyone(n):
    group = people(n)
    everyone = {(a, b) for a in group for b in group if a != b}
    seen: list[tuple[int, int]] = []
    rounds = run(n, n + 1)
    for number, pairings in enumerate(rounds, 1):
        new = arcs(pairings)
        if set(seen) != everyone and n != 4:
            assert not set(new) & set(seen), f"a pair repeats in cycle {number}"
        seen += new
        if number == n - 1:
            # Four people can't avoid mutual pairs and repeats both: they need one more cycle.
            assert set(seen) == everyone or (n == 4 and len(set(seen)) >= 10)
    assert set(seen) == everyone


@pytest.mark.parametrize("n", [3, 5, 6, 7, 8, 9, 12, 16])
def test_after_a_full_round_the_rotation_starts_again_evenly(n):
    seen = Counter(pair for pairings in run(n, 2 * (n - 1)) for pair in arcs(pairings))
    assert set(seen.values()) == {2}


def test_a_newcomer_gets_new_pairs_and_nobody_repeats():
    history = [pair for pairings in run(6, 2) for pair in arcs(pairings)]
    group = [*people(6), 500]
    for _cycle in range(2):
        pairings = propose(participants=group, school_days=DAYS, history=history)
        assert_fair(pairings, group, k=1)
        assert mutual_pairs(pairings) == 0
        assert not set(arcs(pairings)) & set(history)
        history += arcs(pairings)


# Trios


@pytest.mark.parametrize("n", range(3, 26))
def test_trios_each_observed_by_two_who_each_observe_twice(n):
    (pairings,) = run(n, 1, k=2)
    assert_fair(pairings, people(n), k=2)


@pytest.mark.parametrize("n", range(5, 26))
def test_trios_have_no_mutual_pair_from_five_people(n):
    for pairings in run(n, math.ceil((n - 1) / 2) + 1, k=2):
        assert mutual_pairs(pairings) == 0


@pytest.mark.parametrize("n", range(3, 26))
def test_trios_do_not_repeat_pairs_until_everyone_has_seen_everyone(n):
    group = people(n)
    everyone = {(a, b) for a in group for b in group if a != b}
    seen: list[tuple[int, int]] = []
    for pairings in run(n, (n - 1) // 2, k=2):
        assert not set(arcs(pairings)) & set(seen)
        seen += arcs(pairings)
    for pairings in run(n, math.ceil((n - 1) / 2), k=2)[(n - 1) // 2 :]:
        seen += arcs(pairings)  # with an odd number of pairs left, the last cycle mixes
    assert set(seen) == everyone


@pytest.mark.parametrize("n", [1, 2])
def test_trios_need_three_people(n):
    with pytest.raises(RotationError):
        propose(participants=people(n), school_days=DAYS, observers_per_visit=2)


def test_only_one_or_two_observers():
    with pytest.raises(RotationError):
        propose(participants=people(5), school_days=DAYS, observers_per_visit=3)


# Days


@pytest.mark.parametrize(("n", "k"), [(n, k) for n in SIZES for k in (1, 2) if n > k])
def test_nobody_has_two_visits_on_one_day_when_there_are_days_enough(n, k):
    (pairings,) = run(n, 1, k=k)
    per_person_day = Counter((p.day, x) for p in pairings for x in (p.observed, *p.observers))
    assert max(per_person_day.values()) == 1
    assert {p.day for p in pairings} <= set(DAYS)


def test_visits_are_spread_over_the_cycle():
    (pairings,) = run(5, 1)
    days = sorted(p.day for p in pairings)
    assert len(set(days)) == 5
    assert days[0] < DAYS[5] and days[-1] > DAYS[-6], "from the first week to the last"


def test_with_few_days_people_still_get_one_visit_a_day_where_possible():
    (pairings,) = [propose(participants=people(4), school_days=DAYS[:2])]
    per_person_day = Counter((p.day, x) for p in pairings for x in (p.observed, *p.observers))
    assert max(per_person_day.values()) == 1  # a four-cycle fits in two days
    crowded = propose(participants=people(3), school_days=DAYS[:1])
    assert len(crowded) == 3  # one day only: it can't be helped


def test_no_school_days_is_refused():
    with pytest.raises(RotationError, match="no school days"):
        propose(participants=people(3), school_days=[])


# Visits that have begun


@pytest.mark.parametrize("k", [1, 2])
def test_people_of_visits_that_have_begun_are_skipped(k):
    group = people(7)
    kept = [(101, group[1 : 1 + k], DAYS[3]), (104, group[4 : 4 + k], DAYS[5])]
    pairings = propose(participants=group, school_days=DAYS, observers_per_visit=k, kept=kept)
    assert sorted(p.observed for p in pairings) == [p for p in group if p not in (101, 104)]
    kept_arcs = [(o, t) for t, observers, _day in kept for o in observers]
    assert Counter(o for o, _t in arcs(pairings) + kept_arcs) == dict.fromkeys(group, k)
    every = set(arcs(pairings)) | set(kept_arcs)
    assert not any((t, o) in every for o, t in every)
    for p in pairings:  # nobody of a kept visit has a second visit on its day
        for t, observers, day in kept:
            if p.day == day:
                assert not {p.observed, *p.observers} & {t, *observers}


# The service -------------------------------------------------------------------------------


@pytest.fixture
def general(db) -> Instrument:
    return Instrument.objects.get(organisation=None, name="Algemene lesobservatie", is_current=True)


def next_monday(weeks: int = 1) -> dt.date:
    today = timezone.localdate()
    return today + dt.timedelta(days=7 - today.weekday(), weeks=weeks - 1)


@pytest.fixture
def cycles(world) -> list[Cycle]:
    return cycle_services.plan_create(
        community=world.community,
        template=cycle_selectors.template_default(),
        start=next_monday(2),
        count=3,
    )


def participants_of(visits) -> set[int]:
    return {v.observed_id for v in visits}


def test_rotation_create_plans_a_visit_per_participant(world, cycles, general):
    cycle = cycles[0]
    proposal = rotation_selectors.rotation_propose(cycle=cycle)
    visits = rotation_services.rotation_create(cycle=cycle, proposal=proposal, by=world.facilitator)
    assert len(visits) == 3
    stored = list(Visit.objects.filter(cycle=cycle).prefetch_related("observers"))
    # Members and the facilitator take part; the coach doesn't teach in the community.
    assert participants_of(stored) == {
        world.teacher.pk,
        world.other_teacher.pk,
        world.facilitator.pk,
    }
    for visit in stored:
        assert visit.status == Visit.Status.PLANNED
        assert visit.instrument == general
        assert visit.community == world.community
        assert [o.pk for o in visit.observers.all()] != [visit.observed_id]
        local = timezone.localtime(visit.starts_at, AMSTERDAM)
        assert local.time() == dt.time(10, 0)
        assert cycle.start_date <= local.date() <= cycle.end_date
        assert local.weekday() < 5


def test_the_facilitator_can_leave_themselves_out(world, cycles):
    proposal = rotation_selectors.rotation_propose(cycle=cycles[0], include_facilitators=False)
    assert {v.observed.pk for v in proposal.visits} == {world.teacher.pk, world.other_teacher.pk}
    assert all(len(v.observers) == 1 for v in proposal.visits)


def test_fewer_than_two_participants_is_explained(world, cycles):
    community_services.membership_remove(membership=world.membership("other_teacher"))
    with pytest.raises(ValidationError, match="at least two participants"):
        rotation_selectors.rotation_propose(cycle=cycles[0], include_facilitators=False)


def test_the_communitys_own_checklist_is_used(world, cycles, general):
    from observations.services.instruments import instrument_copy

    own = instrument_copy(
        instrument=general, organisation=world.board, name="Onze kijkwijzer", by=world.facilitator
    )
    own.communities.add(world.community)
    assert list(observation_access.rotation_instruments(world.community)) == [own]
    assert rotation_selectors.rotation_propose(cycle=cycles[0]).instrument == own
    assert list(observation_access.rotation_instruments(world.other_community)) == [general]


def test_a_second_rotation_is_refused_and_nothing_is_saved(world, cycles):
    cycle = cycles[0]
    proposal = rotation_selectors.rotation_propose(cycle=cycle)
    rotation_services.rotation_create(cycle=cycle, proposal=proposal, by=world.facilitator)
    before = set(Visit.objects.values_list("pk", flat=True))
    with pytest.raises(ValidationError, match="rotation already"):
        rotation_services.rotation_create(cycle=cycle, proposal=proposal, by=world.facilitator)
    with pytest.raises(ValidationError, match="rotation already"):
        rotation_selectors.rotation_propose(cycle=cycle)
    assert set(Visit.objects.values_list("pk", flat=True)) == before


def test_replace_keeps_visits_that_have_begun_and_skips_their_people(world, cycles):
    cycle = cycles[0]
    first = rotation_services.rotation_create(
        cycle=cycle, proposal=rotation_selectors.rotation_propose(cycle=cycle), by=world.facilitator
    )
    begun = next(v for v in first if v.observed_id == world.teacher.pk)
    Visit.objects.filter(pk=begun.pk).update(status=Visit.Status.CONTRACTED)
    begun_observer = begun.observers.get()

    proposal = rotation_selectors.rotation_propose(cycle=cycle, replace=True)
    assert proposal.kept == 1
    assert world.teacher.pk not in {v.observed.pk for v in proposal.visits}
    assert begun_observer not in {o for v in proposal.visits for o in v.observers}
    created = rotation_services.rotation_create(
        cycle=cycle, proposal=proposal, by=world.facilitator
    )

    assert len(created) == 2
    remaining = Visit.objects.filter(cycle=cycle)
    assert set(remaining.values_list("pk", flat=True)) == {begun.pk} | {v.pk for v in created}
    assert sorted(remaining.values_list("observed_id", flat=True)) == sorted(
        [world.teacher.pk, world.other_teacher.pk, world.facilitator.pk]
    )


def test_a_replacement_made_stale_by_a_visit_that_began_is_refused(world, cycles):
    cycle = cycles[0]
    rotation_services.rotation_create(
        cycle=cycle, proposal=rotation_selectors.rotation_propose(cycle=cycle), by=world.facilitator
    )
    proposal = rotation_selectors.rotation_propose(cycle=cycle, replace=True)
    Visit.objects.filter(cycle=cycle, observed=world.teacher).update(status=Visit.Status.OBSERVED)
    with pytest.raises(ValidationError, match="begun"):
        rotation_services.rotation_create(cycle=cycle, proposal=proposal, by=world.facilitator)
    assert Visit.objects.filter(cycle=cycle).count() == 3, "nothing deleted"


def test_only_a_facilitator_creates_a_rotation(world, cycles):
    proposal = rotation_selectors.rotation_propose(cycle=cycles[0])
    with pytest.raises(ValidationError):
        rotation_services.rotation_create(cycle=cycles[0], proposal=proposal, by=world.teacher)
    assert not Visit.objects.exists()


def test_later_cycles_rotate_to_new_pairs(world, cycles):
    for extra in range(3):
        user = UserFactory(full_name=f"Extra {extra}")
        community_services.membership_add(
            community=world.community, user=user, role=Membership.Role.MEMBER
        )
    seen: set[tuple[int, int]] = set()
    for cycle in cycles:
        rotation_services.rotation_create(
            cycle=cycle,
            proposal=rotation_selectors.rotation_propose(cycle=cycle),
            by=world.facilitator,
        )
        pairs = set(
            Visit.observers.through.objects.filter(visit__cycle=cycle).values_list(
                "user_id", "visit__observed_id"
            )
        )
        assert len(pairs) == 6
        assert not pairs & seen
        seen |= pairs


def test_visits_avoid_holidays_study_days_and_public_holidays(world, general):
    # April 2027: Koningsdag on Tuesday 27 April; the May holiday from 24 April.
    world.school.holidays.all().delete()  # only the days below
    SchoolHoliday.objects.create(
        school=world.school, name="Studiedag", kind="study_day", first_day=D(2027, 4, 14),
        last_day=D(2027, 4, 14),
    )  # fmt: skip
    SchoolHoliday.objects.create(
        school=world.school, name="Meivakantie", first_day=D(2027, 4, 24), last_day=D(2027, 5, 2)
    )
    cycle = Cycle.objects.create(
        community=world.community, number=9, start_date=D(2027, 4, 12), end_date=D(2027, 5, 7)
    )
    days = rotation_selectors.school_days(cycle, after=D(2027, 4, 1))
    assert D(2027, 4, 14) not in days
    assert not [d for d in days if D(2027, 4, 24) <= d <= D(2027, 5, 2)]
    assert D(2027, 4, 27) not in days
    assert all(d.weekday() < 5 for d in days)
    assert D(2027, 5, 6) not in days  # Ascension Day
    # Twenty weekdays less the study day, the May holiday (Koningsdag in it) and Ascension.
    assert len(days) == 20 - 1 - 5 - 1
    for _extra in range(10):
        community_services.membership_add(
            community=world.community, user=UserFactory(), role=Membership.Role.MEMBER
        )
    proposal = rotation_selectors.rotation_propose(cycle=cycle, today=D(2027, 4, 1))
    assert {timezone.localtime(v.starts_at).date() for v in proposal.visits} <= set(days)
    # Only days after today: nothing is planned in the past.
    assert rotation_selectors.school_days(cycle, after=D(2027, 5, 4)) == [
        D(2027, 5, 5),
        D(2027, 5, 7),
    ]


# The page ----------------------------------------------------------------------------------


@pytest.fixture
def client_for(client_for, world):
    """The conftest's, with everyone reading English (the msgids)."""
    User.objects.update(language="en")
    return client_for


def url(cycle: Cycle) -> str:
    return reverse("observations:rotation", kwargs={"cycle_pk": cycle.pk})


OPTIONS = {"propose": "1", "observers_per_visit": "1", "include_facilitators": "on"}


def confirmation(response) -> dict:
    """The hidden fields of the page's confirmation form."""
    return dict(response.context["hidden"])


def test_the_page_shows_the_options_then_the_proposal(world, cycles, client_for):
    client = client_for("facilitator")
    page = client.get(url(cycles[0]))
    assert page.status_code == 200
    assert b'name="observers_per_visit"' in page.content
    assert b"<caption" not in page.content
    assert b"include_facilitators" in page.content

    proposed = client.get(url(cycles[0]), {**OPTIONS, "time": "09:30"})
    content = proposed.content.decode()
    assert "<table>" in content and "<caption" in content
    for person in (world.teacher, world.other_teacher, world.facilitator):
        assert person.full_name in content
    assert world.coach.full_name not in content.split('id="proposal"')[1]
    assert "Create these visits" in content
    assert "09:30" in content
    assert not Visit.objects.exists(), "a proposal creates nothing"


def test_htmx_gets_only_the_proposal(world, cycles, client_for):
    response = client_for("facilitator").get(url(cycles[0]), OPTIONS, HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="proposal">')
    assert "<html" not in content and "<caption" in content


def test_creating_goes_to_the_year_plan_with_a_message(world, cycles, client_for):
    client = client_for("facilitator")
    proposed = client.get(url(cycles[0]), {**OPTIONS, "observers_per_visit": "2"})
    response = client.post(url(cycles[0]), confirmation(proposed), follow=True)
    assert response.redirect_chain == [(reverse("cycles:plan", args=[world.community.pk]), 302)]
    assert "3 visits planned" in [str(m) for m in response.context["messages"]]
    visits = Visit.objects.filter(cycle=cycles[0]).prefetch_related("observers")
    assert all(v.observers.count() == 2 for v in visits)


def test_a_changed_proposal_is_shown_again_instead_of_created(world, cycles, client_for):
    client = client_for("facilitator")
    data = confirmation(client.get(url(cycles[0]), OPTIONS))
    community_services.membership_add(
        community=world.community, user=UserFactory(full_name="Nina Nieuw"), role="member"
    )
    response = client.post(url(cycles[0]), data)
    assert response.status_code == 200
    assert b"has changed since you saw it" in response.content
    assert b"Nina Nieuw" in response.content
    assert not Visit.objects.exists()


def test_the_cycles_rotation_is_listed_and_replaced_only_when_asked(world, cycles, client_for):
    client = client_for("facilitator")
    client.post(url(cycles[0]), confirmation(client.get(url(cycles[0]), OPTIONS)))
    Visit.objects.filter(cycle=cycles[0], observed=world.teacher).update(
        status=Visit.Status.OBSERVED
    )
    page = client.get(url(cycles[0])).content.decode()
    assert "Visits planned in this cycle's rotation" in page
    assert "<td>begun</td>" in page and world.other_teacher.full_name in page
    assert 'name="replace"' in page

    refused = client.get(url(cycles[0]), OPTIONS)
    assert b"Choose to replace it" in refused.content
    assert refused.context["proposal"] is None

    proposed = client.get(url(cycles[0]), {**OPTIONS, "replace": "on"})
    assert proposed.context["proposal"].kept == 1
    response = client.post(url(cycles[0]), confirmation(proposed))
    assert response.status_code == 302
    assert Visit.objects.filter(cycle=cycles[0]).count() == 3


@pytest.mark.parametrize(
    ("persona", "status"),
    [("teacher", 403), ("coach", 403), ("leader", 403), ("director", 403), ("outsider", 404)],
)
def test_only_the_facilitator_plans_the_rotation(world, cycles, client_for, persona, status):
    client = client_for(persona)
    assert client.get(url(cycles[0]), OPTIONS).status_code == status
    assert client.post(url(cycles[0]), {**OPTIONS, "fingerprint": "x"}).status_code == status
    assert not Visit.objects.exists()


def test_another_boards_cycle_is_not_found(world, client_for):
    other = Cycle.objects.create(
        community=world.outside_community,
        number=1,
        start_date=next_monday(),
        end_date=next_monday() + dt.timedelta(days=25),
    )
    assert client_for("facilitator").get(url(other)).status_code == 404
    assert client_for("outsider").get(url(other)).status_code == 200


@pytest.mark.parametrize(
    "data",
    [
        {"observers_per_visit": "7"},
        {"observers_per_visit": "1", "time": "25:61"},
        {"observers_per_visit": "1", "instrument": "abc"},
        {"observers_per_visit": "2", "include_facilitators": ""},  # two people: no trios
    ],
)
def test_wrong_options_are_explained_not_fatal(world, cycles, client_for, data):
    client = client_for("facilitator")
    assert client.get(url(cycles[0]), data).status_code == 200
    response = client.post(url(cycles[0]), data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Visit.objects.exists()


def test_a_cycle_that_has_ended_has_no_days_left(world, client_for):
    past = Cycle.objects.create(
        community=world.community,
        number=1,
        start_date=D(2020, 1, 6),
        end_date=D(2020, 1, 31),
    )
    response = client_for("facilitator").get(url(past), OPTIONS)
    assert b"no school days left" in response.content


def test_the_community_page_shows_no_rotation_link(world, client_for):
    response = client_for("facilitator").get(
        reverse("communities:detail", args=[world.community.pk])
    )
    assert b"/rotation/" not in response.content
