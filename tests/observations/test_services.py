import datetime as dt
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.errors import StaleEdit
from observations import access as observation_access
from observations.models import (
    Instrument,
    Reflection,
    ScanAnswer,
    ScanParticipation,
    ScanResponse,
    ScanRound,
    Score,
    Visit,
)
from observations.selectors import scan as scan_selectors
from observations.services import instruments as instrument_services
from observations.services import reflections as reflection_services
from observations.services import scan as scan_services
from observations.services import visits as visit_services
from tests.factories import UserFactory


@pytest.fixture
def general(db) -> Instrument:
    return Instrument.objects.get(name="Algemene lesobservatie")


@pytest.fixture
def visit(world, general) -> Visit:
    return visit_services.visit_plan(
        community=world.community,
        observed=world.teacher,
        observers=[world.other_teacher],
        instrument=general,
        starts_at=timezone.now() + dt.timedelta(days=2),
        group="6B",
        subject="Begrijpend lezen",
    )


def test_the_built_in_checklist_has_six_domains_on_a_four_point_scale(general):
    assert general.domains.count() == 6
    assert [level.value for level in general.levels.all()] == [1, 2, 3, 4]
    focused = Instrument.objects.get(name__startswith="Korte kijkwijzer")
    assert [level.value for level in focused.levels.all()] == [1, 0, None]


class TestInstrumentVersions:
    def test_an_unused_checklist_is_edited_in_place(self, general, world):
        assert (
            instrument_services.instrument_for_editing(instrument=general, by=world.facilitator)
            == general
        )

    def test_a_used_checklist_gets_a_new_version_and_old_visits_keep_theirs(
        self, general, visit, world
    ):
        item = general.domains.first().items.first()
        visit_services.score_save(visit=visit, item=item, level=general.levels.last())
        new = instrument_services.instrument_for_editing(instrument=general, by=world.facilitator)
        assert new.pk != general.pk
        assert (new.family, new.version, new.is_current) == (general.family, 2, True)
        general.refresh_from_db()
        assert not general.is_current
        assert new.domains.count() == 6
        visit.refresh_from_db()
        assert visit.instrument_id == general.pk
        assert Score.objects.get(visit=visit).item_id == item.pk

    def test_the_database_allows_one_current_version_per_family(self, general):
        with pytest.raises(IntegrityError), transaction.atomic():
            Instrument.objects.create(family=general.family, version=2, name="x")


class TestVisits:
    def test_a_visit_moves_through_its_steps(self, visit, general):
        items = list(general.domains.first().items.all())
        visit = visit_services.visit_record_contract(
            visit=visit,
            version=visit.version,
            focus="Questioning",
            data_collection="Tally",
            agreements="Back row",
            focus_items=items[:2],
        )
        assert visit.status == Visit.Status.CONTRACTED
        visit_services.score_save(
            visit=visit,
            item=items[0],
            level=general.levels.first(),
            evidence="Asked 12 closed questions",
        )
        visit.refresh_from_db()
        assert visit.status == Visit.Status.OBSERVED
        visit = visit_services.visit_record_coaching(
            visit=visit,
            version=visit.version,
            feed_up="Open questions",
            feed_back="Mostly closed",
            feed_forward="Plan three open questions",
            coaching_agreements="Next visit in May",
        )
        assert visit.status == Visit.Status.COACHED

    def test_saving_a_score_again_replaces_it(self, visit, general):
        item = general.domains.first().items.first()
        visit_services.score_save(
            visit=visit, item=item, level=general.levels.first(), evidence="a"
        )
        visit_services.score_save(visit=visit, item=item, level=general.levels.last(), evidence="b")
        score = Score.objects.get(visit=visit)
        assert (score.level_id, score.evidence) == (general.levels.last().pk, "b")

    def test_a_score_of_another_checklist_is_refused(self, visit):
        other = Instrument.objects.get(name__startswith="Korte kijkwijzer")
        with pytest.raises(ValidationError):
            visit_services.score_save(
                visit=visit, item=other.domains.first().items.first(), level=None
            )

    def test_a_stale_contract_save_is_refused(self, visit):
        visit_services.visit_record_contract(
            visit=visit, version=1, focus="a", data_collection="", agreements="", focus_items=[]
        )
        with pytest.raises(StaleEdit):
            visit_services.visit_record_contract(
                visit=visit, version=1, focus="b", data_collection="", agreements="", focus_items=[]
            )

    @pytest.mark.parametrize("problem", ["self", "outsider", "none"])
    def test_observers_are_other_members(self, world, general, problem):
        observers = {"self": [world.teacher], "outsider": [world.outsider], "none": []}[problem]
        with pytest.raises(ValidationError):
            visit_services.visit_plan(
                community=world.community,
                observed=world.teacher,
                observers=observers,
                instrument=general,
                starts_at=timezone.now(),
            )

    @pytest.mark.parametrize(
        ("persona", "sees"),
        [
            ("teacher", True),
            ("other_teacher", True),
            ("coach", True),
            ("facilitator", False),
            ("leader", False),
            ("director", False),
            ("outsider", False),
        ],
    )
    def test_who_sees_a_visit(self, world, visit, persona, sees):
        assert observation_access.can_view_visit(world.people[persona], visit) is sees

    def test_sharing_opens_it_to_the_community_and_unsharing_closes_it(self, world, visit):
        with pytest.raises(ValidationError):
            visit_services.visit_share(visit=visit, by=world.other_teacher, shared=True)
        visit_services.visit_share(visit=visit, by=world.teacher, shared=True)
        assert observation_access.can_view_visit(world.facilitator, visit)
        # Members, not leaders who are not members: they see counts.
        assert not observation_access.can_view_visit(world.leader, visit)
        assert not observation_access.can_view_visit(world.outsider, visit)
        visit_services.visit_share(visit=visit, by=world.teacher, shared=False)
        assert not observation_access.can_view_visit(world.facilitator, visit)


class TestReflections:
    def test_a_double_submit_makes_one_reflection(self, world):
        key = uuid.uuid4()
        first = reflection_services.reflection_save(
            author=world.teacher, client_key=key, text="Draft"
        )
        second = reflection_services.reflection_save(
            author=world.teacher, client_key=key, text="Draft 2", publish=True
        )
        assert first.pk == second.pk
        assert Reflection.objects.count() == 1
        assert not second.is_draft

    def test_an_empty_reflection_cannot_be_saved_as_final(self, world):
        with pytest.raises(ValidationError):
            reflection_services.reflection_save(author=world.teacher, text="  ", publish=True)

    def test_sharing_needs_a_community_of_the_author(self, world):
        with pytest.raises(ValidationError):
            reflection_services.reflection_save(
                author=world.teacher, text="x", visibility="community"
            )
        with pytest.raises(ValidationError):
            reflection_services.reflection_save(
                author=world.teacher,
                text="x",
                visibility="community",
                community=world.outside_community,
            )

    @pytest.mark.parametrize(
        ("visibility", "seen_by"),
        [
            ("private", {"teacher"}),
            ("coach", {"teacher", "coach"}),
            (
                "community",  # its members; leaders who are not members see figures
                {"teacher", "other_teacher", "coach", "facilitator"},
            ),
        ],
    )
    def test_visibility_decides_who_reads_it_at_once(self, world, visibility, seen_by):
        reflection = reflection_services.reflection_save(
            author=world.teacher, community=world.community, text="MARKER", publish=True
        )
        reflection_services.reflection_set_visibility(
            reflection=reflection, by=world.teacher, visibility=visibility
        )
        readers = {
            name
            for name, person in world.people.items()
            if person is not None and observation_access.can_view_reflection(person, reflection)
        }
        assert readers == seen_by

    def test_a_shared_draft_stays_private_until_saved(self, world):
        draft = reflection_services.reflection_save(
            author=world.teacher, community=world.community, text="half", visibility="community"
        )
        assert not observation_access.can_view_reflection(world.other_teacher, draft)

    def test_only_the_author_changes_or_deletes(self, world):
        reflection = reflection_services.reflection_save(
            author=world.teacher, text="x", publish=True
        )
        with pytest.raises(ValidationError):
            reflection_services.reflection_delete(reflection=reflection, by=world.coach)
        reflection_services.reflection_delete(reflection=reflection, by=world.teacher)
        assert not Reflection.objects.exists()


class TestScan:
    def answers(self, scan, score=4):
        return dict.fromkeys(scan.themes.values_list("statements__pk", flat=True), score)

    def test_results_show_only_from_three_respondents_and_never_per_person(self, world):
        scan = scan_selectors.scan_default()
        scan_round = scan_services.scan_round_open(community=world.community, scan=scan)
        scan_services.scan_answer(
            scan_round=scan_round, respondent=world.teacher, scores=self.answers(scan, 2)
        )
        scan_services.scan_answer(
            scan_round=scan_round, respondent=world.other_teacher, scores=self.answers(scan, 4)
        )
        assert scan_selectors.scan_results(world.community)[0].themes is None
        scan_services.scan_answer(
            scan_round=scan_round, respondent=world.coach, scores=self.answers(scan, 3)
        )
        result = scan_selectors.scan_results(world.community)[0]
        assert result.respondents == 3
        assert set(result.themes.values()) == {3.0}
        # Answers can't be traced to a person: responses carry no respondent.
        assert not hasattr(ScanResponse, "respondent")
        assert ScanParticipation.objects.count() == ScanResponse.objects.count() == 3
        assert ScanAnswer.objects.count() == 3 * 18

    def test_each_member_answers_a_round_once(self, world):
        scan = scan_selectors.scan_default()
        scan_round = scan_services.scan_round_open(community=world.community, scan=scan)
        scan_services.scan_answer(
            scan_round=scan_round, respondent=world.teacher, scores=self.answers(scan)
        )
        with pytest.raises(ValidationError):
            scan_services.scan_answer(
                scan_round=scan_round, respondent=world.teacher, scores=self.answers(scan)
            )
        assert ScanResponse.objects.count() == 1

    @pytest.mark.parametrize("problem", ["missing", "six", "outsider", "closed"])
    def test_bad_answers_save_nothing(self, world, problem):
        scan = scan_selectors.scan_default()
        scan_round = scan_services.scan_round_open(community=world.community, scan=scan)
        scores, who = self.answers(scan), world.teacher
        if problem == "missing":
            scores.popitem()
        elif problem == "six":
            scores[next(iter(scores))] = 6
        elif problem == "outsider":
            who = world.outsider
        else:
            scan_services.scan_round_close(scan_round=scan_round)
        with pytest.raises(ValidationError):
            scan_services.scan_answer(scan_round=scan_round, respondent=who, scores=scores)
        assert not ScanResponse.objects.exists() and not ScanParticipation.objects.exists()

    def test_one_open_round_at_a_time(self, world):
        scan = scan_selectors.scan_default()
        scan_services.scan_round_open(community=world.community, scan=scan)
        with pytest.raises(ValidationError):
            scan_services.scan_round_open(community=world.community, scan=scan)


def test_new_people_cannot_be_observers_without_membership(world, general):
    stranger = UserFactory()
    with pytest.raises(ValidationError):
        visit_services.visit_plan(
            community=world.community,
            observed=world.teacher,
            observers=[stranger],
            instrument=general,
            starts_at=timezone.now(),
        )


def test_a_scan_response_has_a_random_key_not_the_order_of_answering(world):
    from observations.models import ScanParticipation, ScanResponse

    scan_round = scan_services.scan_round_open(
        community=world.community, scan=scan_selectors.scan_default()
    )
    statements = list(
        scan_round.scan.themes.values_list("statements__pk", flat=True).order_by("pk")
    )
    for person in (world.teacher, world.other_teacher, world.coach):
        scan_services.scan_answer(
            scan_round=scan_round, respondent=person, scores=dict.fromkeys(statements, 3)
        )
    keys = list(ScanResponse.objects.values_list("pk", flat=True))
    participations = list(ScanParticipation.objects.values_list("pk", flat=True))
    assert len(set(keys)) == 3
    assert min(keys) > 2**32  # not a counter that lines up with the participations
    assert sorted(keys) != sorted(participations)
    from observations.models import ScanAnswer

    assert min(ScanAnswer.objects.values_list("pk", flat=True)) > 2**32


def test_a_closed_round_keeps_its_totals_and_takes_no_more_answers(world):
    scan = scan_selectors.scan_default()
    statements = list(scan.themes.values_list("statements__pk", flat=True))
    scan_round = scan_services.scan_round_open(community=world.community, scan=scan)
    for person, score in ((world.teacher, 2), (world.other_teacher, 4)):
        scan_services.scan_answer(
            scan_round=scan_round, respondent=person, scores=dict.fromkeys(statements, score)
        )
    stale = ScanRound.objects.get(pk=scan_round.pk)  # loaded while the round was open
    scan_services.scan_round_close(scan_round=scan_round)
    scan_round.refresh_from_db()
    assert scan_round.response_count == 2
    assert (scan_round.score_sum, scan_round.score_count) == (
        6 * len(statements),
        2 * len(statements),
    )
    with pytest.raises(ValidationError):
        scan_services.scan_answer(
            scan_round=stale, respondent=world.coach, scores=dict.fromkeys(statements, 5)
        )
    scan_round.refresh_from_db()
    assert scan_round.score_count == 2 * len(statements)
