import datetime as dt
import io
from collections import Counter

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import Count, Exists, F, OuterRef
from django.utils import timezone

from accounts.models import User
from communities.models import Community, Membership
from demo.observations import seed as observations_demo
from demo.observations_bulk import batches as bulk_sizes
from demo.observations_bulk import scale as demo_bulk
from observations.models import (
    Item,
    Reflection,
    ScanAnswer,
    ScanParticipation,
    ScanResponse,
    ScanRound,
    ScanStatement,
    Score,
    Visit,
)
from observations.selectors import scan as scan_selectors
from observations.services import scan as scan_services

NOW = dt.datetime(2026, 11, 22, 12, tzinfo=dt.UTC)
OBSERVED = [Visit.Status.OBSERVED, Visit.Status.COACHED, Visit.Status.CLOSED]


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def seed_demo(*args: str) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    models = [
        Visit,
        Visit.observers.through,
        Visit.focus_items.through,
        Score,
        Reflection,
        ScanRound,
        ScanParticipation,
        ScanResponse,
        ScanAnswer,
    ]
    return {model._meta.label: model.objects.count() for model in models}


def assert_visits_are_consistent() -> None:
    """Observers are members of the visit's community and never the observed teacher;
    scores belong to the visit's checklist; every visit has an observer."""
    observers = Visit.observers.through.objects
    outsiders = observers.annotate(
        member=Exists(
            Membership.objects.filter(community=OuterRef("visit__community"), user=OuterRef("user"))
        )
    ).filter(member=False)
    assert not outsiders.exists()
    assert not observers.filter(user=F("visit__observed")).exists()
    assert not Visit.objects.annotate(n=Count("observers")).filter(n=0).exists()
    assert not Score.objects.exclude(item__domain__instrument=F("visit__instrument")).exists()
    assert (
        not Score.objects.exclude(level=None)
        .exclude(level__instrument=F("visit__instrument"))
        .exists()
    )
    assert not Visit.objects.filter(status__in=OBSERVED, starts_at__gt=timezone.now()).exists(), (
        "only lessons that took place have been observed"
    )


class TestSeed:
    def test_running_it_twice_adds_nothing(self, db, frozen):
        out = seed_demo()
        assert "Demo observations added: 9 visits" in out
        first = row_counts()
        assert first["observations.Visit"] == 9
        assert observations_demo.seed() == {"visits": 0, "reflections": 0, "scan rounds": 0}
        out = seed_demo()
        assert "Demo observations" not in out
        assert row_counts() == first

    def test_visits_go_through_every_stage(self, db, frozen):
        seed_demo()
        visits = Visit.objects.all()
        assert set(visits.values_list("status", flat=True)) == set(Visit.Status.values)
        now = timezone.now()
        planned = visits.filter(status=Visit.Status.PLANNED)
        assert planned.count() >= 2
        assert all(now < v.starts_at < now + dt.timedelta(weeks=4) for v in planned)
        # Observed lessons have a score for every item of their checklist, some with
        # evidence; the general checklist is the one mostly used.
        for visit in visits.filter(status__in=OBSERVED):
            items = Item.objects.filter(domain__instrument=visit.instrument)
            assert visit.scores.count() == items.count()
            assert visit.scores.exclude(evidence="").exists()
        assert (
            visits.filter(status__in=OBSERVED, instrument__name="Algemene lesobservatie").count()
            >= 4
        )
        # A closed visit has the observed teacher's reflection.
        for visit in visits.filter(status=Visit.Status.CLOSED):
            assert visit.reflections.filter(author=visit.observed, is_draft=False).exists()
            assert visit.coaching_agreements and visit.focus
        shared = visits.filter(shared_with_community=True)
        assert shared.count() == 1
        assert shared.get().status == Visit.Status.CLOSED
        assert visits.filter(shared_with_community=False).count() == 8
        assert_visits_are_consistent()

    def test_reflections_are_shared_as_their_authors_chose(self, db, frozen):
        seed_demo()
        reflections = Reflection.objects.all()
        visibility = Counter(reflections.values_list("visibility", flat=True))
        assert visibility["private"] >= 2
        assert visibility["coach"] >= 2
        assert visibility["community"] >= 2
        assert reflections.filter(is_draft=True).count() == 1
        private = reflections.get(text__contains="PRIVÉ")
        assert private.visibility == "private"
        assert not private.is_draft
        assert private.author.email == "docent1@example.org"
        # Linked where it fits.
        for link in ["meeting", "visit", "community_goal", "personal_goal", "product"]:
            assert reflections.exclude(**{link: None}).exists(), link
        # Written in the past, and none shared without a community.
        assert not reflections.filter(created_at__gt=timezone.now()).exists()
        assert not reflections.exclude(visibility="private").filter(community=None).exists()

    def test_scan_results_show_and_the_demo_teacher_can_still_answer(self, db, frozen):
        seed_demo()
        reading = Community.objects.get(name="PLG Begrijpend lezen")
        results = scan_selectors.scan_results(reading)
        closed = [r for r in results if r.round.status == ScanRound.Status.CLOSED]
        assert len(closed) == 1
        assert closed[0].respondents >= scan_selectors.SCAN_MINIMUM_RESPONSES
        assert closed[0].themes is not None and len(closed[0].themes) == 6
        assert closed[0].round.opened_at < timezone.now() - dt.timedelta(days=7)
        open_round = reading.scan_rounds.get(status=ScanRound.Status.OPEN)
        teacher = User.objects.get(email="docent1@example.org")
        statements = ScanStatement.objects.filter(theme__scan=open_round.scan)
        scan_services.scan_answer(
            scan_round=open_round, respondent=teacher, scores={s.pk: 4 for s in statements}
        )
        # The other community's open round has too few answers to show yet.
        formative = Community.objects.get(name="PLG Formatief handelen")
        hidden = [r for r in scan_selectors.scan_results(formative) if r.round.status == "open"]
        assert hidden[0].respondents == 2 and hidden[0].themes is None


class TestScale:
    def test_bulk_teachers_get_three_years_of_visits_reflections_and_scans(self, db, frozen):
        out = seed_demo("--scale", "1")
        assert "visits" in out and "reflections" in out and "scan rounds" in out
        teachers = User.objects.filter(email__endswith="@bulk.example.org").exclude(
            email__startswith="leider"
        )
        assert teachers.count() == 40
        years = bulk_sizes.YEARS
        per_teacher_visits = Counter(
            Visit.objects.filter(observed__in=teachers).values_list("observed", flat=True)
        )
        per_teacher_reflections = Counter(
            Reflection.objects.filter(author__in=teachers).values_list("author", flat=True)
        )
        for teacher in teachers:
            assert per_teacher_visits[teacher.pk] == years * bulk_sizes.VISITS_PER_YEAR
            assert per_teacher_reflections[teacher.pk] == years * bulk_sizes.REFLECTIONS_PER_YEAR

        visits = Visit.objects.filter(observed__in=teachers)
        statuses = Counter(visits.values_list("status", flat=True))
        assert statuses["closed"] > 0.7 * len(visits)
        now = timezone.now()
        assert not visits.filter(
            status__in=[Visit.Status.PLANNED, Visit.Status.CONTRACTED], starts_at__lt=now
        ).exists()
        # Every observed lesson is scored on every item of the checklist, with a level.
        items = Item.objects.filter(domain__instrument__name="Algemene lesobservatie").count()
        observed = visits.filter(status__in=OBSERVED)
        assert Score.objects.filter(visit__in=observed, level__isnull=False).count() == (
            items * observed.count()
        )
        assert not Score.objects.filter(visit__in=visits.exclude(status__in=OBSERVED)).exists()
        for visit in visits.filter(status=Visit.Status.CLOSED)[:50]:
            assert visit.reflections.filter(author=visit.observed, is_draft=False).exists()
        assert_visits_are_consistent()

        reflections = Reflection.objects.filter(author__in=teachers)
        visibility = Counter(reflections.values_list("visibility", flat=True))
        assert set(visibility) == {"private", "coach", "community"}
        drafts = reflections.filter(is_draft=True).count()
        assert 0.05 * len(reflections) < drafts < 0.15 * len(reflections)
        assert not reflections.filter(created_at__gt=now).exists()
        assert not reflections.filter(
            ~Exists(
                Membership.objects.filter(community=OuterRef("community"), user=OuterRef("author"))
            )
        ).exists()

        bulk = Community.objects.filter(name__startswith="PLG 001-")
        for community in bulk:
            rounds = community.scan_rounds.all()
            assert len(rounds) == years * bulk_sizes.SCAN_ROUNDS_PER_YEAR
            assert sum(r.status == "open" for r in rounds) <= 1
            members = community.memberships.count()
            for result in scan_selectors.scan_results(community):
                assert result.respondents >= members // 2
                assert result.themes is not None
        # Answers are anonymous: as many responses as participations, per round.
        for scan_round in ScanRound.objects.filter(community__in=bulk):
            assert scan_round.responses.count() == scan_round.participations.count()

    def test_running_it_again_adds_nothing(self, db, frozen):
        seed_demo("--scale", "1")
        first = row_counts()
        assert demo_bulk.scale() == dict.fromkeys(
            [
                "visits",
                "observers",
                "scores",
                "reflections",
                "scan rounds",
                "scan responses",
                "scan answers",
            ],
            0,
        )
        seed_demo("--scale", "1")
        assert row_counts() == first

    def test_the_same_seed_gives_the_same_history(self, db, frozen):
        seed_demo("--scale", "1")

        def history():
            return sorted(
                Visit.objects.filter(observed__email__endswith="@bulk.example.org").values_list(
                    "observed__email", "starts_at", "status", "subject"
                )
            ), sorted(
                Reflection.objects.filter(author__email__endswith="@bulk.example.org").values_list(
                    "author__email", "created_at", "visibility", "is_draft", "title"
                )
            )

        before = history()
        Visit.objects.filter(observed__email__endswith="@bulk.example.org").delete()
        Reflection.objects.filter(author__email__endswith="@bulk.example.org").delete()
        demo_bulk.scale()
        assert history() == before
