"""Classroom visits through the pages: plan, contract, observe one domain at a time with
autosave, coach, close with a reflection, share; who sees what."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from observations.models import Instrument, Reflection, Score, Visit
from observations.services import reflections as reflection_services
from observations.services import visits as visit_services
from tests.observations.matrix_visits import private_visit
from tests.once import rendered_key, send_twice


@pytest.fixture(autouse=True)
def english(world):
    User.objects.update(language="en")


def general() -> Instrument:
    return Instrument.objects.get(name="Algemene lesobservatie", organisation=None)


def url(name: str, visit: Visit) -> str:
    return reverse(f"observations:{name}", kwargs={"pk": visit.pk})


def first_domain(visit: Visit):
    return visit.instrument.domains.order_by("order").first()


def observe_data(visit: Visit, marks: dict[int, tuple[int | None, str]]) -> dict:
    """POST data for one domain: {item_pk: (level_pk or None, evidence)}."""
    data = {}
    for item_pk, (level_pk, evidence) in marks.items():
        if level_pk is not None:
            data[f"item-{item_pk}"] = str(level_pk)
        data[f"evidence-{item_pk}"] = evidence
    return data


class TestPlanning:
    def test_teacher_plans_a_visit_to_their_own_lesson(self, world, client_for):
        response = client_for("teacher").post(
            reverse("observations:visit_create", kwargs={"pk": world.community.pk}),
            {
                "observed": world.teacher.pk,
                "observers": [world.other_teacher.pk],
                "instrument": general().pk,
                "date": (timezone.localdate() + dt.timedelta(days=7)).isoformat(),
                "start": "10:15",
                "group": "6A",
                "subject": "Begrijpend lezen",
            },
        )
        visit = Visit.objects.get()
        assert response["Location"] == url("visit", visit)
        assert (visit.observed, list(visit.observers.all())) == (
            world.teacher,
            [world.other_teacher],
        )
        assert timezone.localtime(visit.starts_at).strftime("%H:%M") == "10:15"

    def test_a_member_cannot_plan_a_visit_between_two_colleagues(self, world, client_for):
        response = client_for("teacher").post(
            reverse("observations:visit_create", kwargs={"pk": world.community.pk}),
            {
                "observed": world.other_teacher.pk,
                "observers": [world.coach.pk],
                "instrument": general().pk,
                "date": (timezone.localdate() + dt.timedelta(days=7)).isoformat(),
                "start": "10:15",
            },
        )
        assert response.status_code == 200
        assert "Plan a visit in which you observe or are observed." in response.content.decode()
        assert not Visit.objects.exists()

    def test_nobody_observes_their_own_lesson(self, world, client_for):
        response = client_for("facilitator").post(
            reverse("observations:visit_create", kwargs={"pk": world.community.pk}),
            {
                "observed": world.teacher.pk,
                "observers": [world.teacher.pk],
                "instrument": general().pk,
                "date": (timezone.localdate() + dt.timedelta(days=7)).isoformat(),
                "start": "10:15",
            },
        )
        assert "Nobody observes their own lesson." in response.content.decode()
        assert not Visit.objects.exists()

    def test_a_date_far_away_is_refused_at_the_field(self, world, client_for):
        response = client_for("teacher").post(
            reverse("observations:visit_create", kwargs={"pk": world.community.pk}),
            {
                "observed": world.teacher.pk,
                "observers": [world.other_teacher.pk],
                "instrument": general().pk,
                "date": "9999-01-01",
                "start": "10:15",
            },
        )
        assert "Choose a date within two years from today." in response.content.decode()

    def test_rescheduling_changes_the_date_and_a_stale_form_is_refused(self, world, client_for):
        visit = private_visit(world)
        client = client_for("teacher")
        data = {
            "date": (timezone.localdate() + dt.timedelta(days=10)).isoformat(),
            "start": "13:00",
            "group": "6B",
            "subject": "",
            "observers": [world.facilitator.pk],
            "version": visit.version,
        }
        assert client.post(url("visit_edit", visit), data).status_code == 302
        response = client.post(url("visit_edit", visit), data | {"group": "7C"})
        assert "Someone else saved this visit" in response.content.decode()
        assert 'value="7C"' in response.content.decode()  # the typed text is kept
        visit.refresh_from_db()
        assert (visit.group, timezone.localtime(visit.starts_at).hour) == ("6B", 13)

    def test_a_planned_visit_can_be_cancelled_an_observed_one_not(self, world, client_for):
        planned, observed = private_visit(world), private_visit(world)
        item = first_domain(observed).items.first()
        visit_services.score_save(visit=observed, item=item, level=None, evidence="seen")
        client = client_for("teacher")
        client.post(url("visit_cancel", planned))
        response = client.post(url("visit_cancel", observed), follow=True)
        assert "the visit can&#x27;t be cancelled" in response.content.decode()
        assert list(Visit.objects.all()) == [observed]


class TestConversations:
    def test_the_contract_records_focus_and_items(self, world, client_for):
        visit = private_visit(world)
        item = first_domain(visit).items.first()
        response = client_for("teacher").post(
            url("visit_contract", visit),
            {
                "focus": "Do all pupils get time to think?",
                "focus_items": [item.pk],
                "data_collection": "Tally of wait time",
                "agreements": "Observer sits at the back",
                "version": visit.version,
            },
        )
        assert response.status_code == 302
        visit.refresh_from_db()
        assert visit.status == Visit.Status.CONTRACTED
        assert list(visit.focus_items.all()) == [item]

    def test_an_empty_contract_shows_the_error_at_the_focus(self, world, client_for):
        visit = private_visit(world)
        response = client_for("teacher").post(
            url("visit_contract", visit), {"focus": "", "version": visit.version}
        )
        assert response.status_code == 200
        assert 'aria-invalid="true"' in response.content.decode()
        visit.refresh_from_db()
        assert visit.status == Visit.Status.PLANNED

    def test_coaching_and_the_observed_teachers_reflection_close_the_visit(self, world, client_for):
        visit = private_visit(world)
        item = first_domain(visit).items.first()
        visit_services.score_save(visit=visit, item=item, level=None, evidence="All hands up")
        coach = client_for("coach")
        coach.post(
            url("visit_coaching", visit),
            {"feed_up": "Activate all", "feed_forward": "Try wisbordjes", "version": 1},
        )
        visit.refresh_from_db()
        assert visit.status == Visit.Status.COACHED
        teacher = client_for("teacher")
        page = teacher.get(reverse("observations:reflection_create"), {"visit": visit.pk})
        assert "About: Tess Teacher" in page.content.decode()
        form_key = page.context["form"].initial["client_key"]
        teacher.post(
            reverse("observations:reflection_create"),
            {
                "client_key": form_key,
                "visit": visit.pk,
                "happened": "They all wrote an answer first.",
                "visibility": "private",
            },
        )
        visit.refresh_from_db()
        assert visit.status == Visit.Status.CLOSED
        assert Reflection.objects.get().visit == visit

    def test_a_reflection_cannot_be_linked_to_someone_elses_visit(self, world, client_for):
        visit = private_visit(world)
        client = client_for("other_teacher")
        page = client.get(reverse("observations:reflection_create"), {"visit": visit.pk})
        assert page.context["form"].initial.get("visit") is None
        response = client.post(
            reverse("observations:reflection_create"),
            {"visit": visit.pk, "happened": "x", "visibility": "private"},
        )
        assert response.status_code == 200
        assert not Reflection.objects.exists()


class TestObservation:
    def test_the_form_shows_one_domain_with_large_choices(self, world, client_for):
        visit = private_visit(world)
        response = client_for("facilitator").get(url("visit_observe", visit))
        html = response.content.decode()
        domain = first_domain(visit)
        assert domain.title in html
        assert "Domain 1 of 6" in html
        second = visit.instrument.domains.order_by("order")[1]
        assert second.items.first().text not in html
        assert html.count('type="radio"') == domain.items.count() * 4

    def test_next_saves_the_domain_and_moves_on(self, world, client_for):
        visit = private_visit(world)
        domain = first_domain(visit)
        items = list(domain.items.all())
        level = visit.instrument.levels.get(value=3)
        data = observe_data(
            visit, {items[0].pk: (level.pk, "Warm welcome"), items[1].pk: (None, "")}
        )
        response = client_for("facilitator").post(
            url("visit_observe", visit) + "?d=1", data | {"go": "2"}
        )
        assert response["Location"] == url("visit_observe", visit) + "?d=2&saved=1"
        score = Score.objects.get()  # the untouched item is not recorded as observed
        assert (score.item, score.level, score.evidence) == (items[0], level, "Warm welcome")
        visit.refresh_from_db()
        assert visit.status == Visit.Status.OBSERVED

    def test_the_autosave_keeps_the_last_answer_per_item(self, world, client_for):
        visit = private_visit(world)
        item = first_domain(visit).items.first()
        low, high = visit.instrument.levels.get(value=1), visit.instrument.levels.get(value=4)
        client = client_for("facilitator")
        save = url("visit_score", visit) + "?d=1"
        assert client.post(save, observe_data(visit, {item.pk: (low.pk, "")})).status_code == 200
        response = client.post(save, observe_data(visit, {item.pk: (high.pk, "Clear goal")}))
        assert "Saved at" in response.content.decode()
        score = Score.objects.get()
        assert (score.level, score.evidence) == (high, "Clear goal")

    def test_a_level_of_another_checklist_is_not_saved(self, world, client_for):
        visit = private_visit(world)
        item = first_domain(visit).items.first()
        foreign = Instrument.objects.get(name__startswith="Korte").levels.first()
        client_for("facilitator").post(
            url("visit_score", visit) + "?d=1", {f"item-{item.pk}": foreign.pk}
        )
        assert not Score.objects.exists()

    def test_an_ended_session_saves_nothing_and_says_so(self, world, client):
        visit = private_visit(world)
        item = first_domain(visit).items.first()
        response = client.post(url("visit_score", visit) + "?d=1", {f"evidence-{item.pk}": "x"})
        assert response.status_code == 401
        assert not Score.objects.exists()

    def test_the_last_domain_finishes_on_the_visit_page(self, world, client_for):
        visit = private_visit(world)
        response = client_for("facilitator").post(
            url("visit_observe", visit) + "?d=6", {"go": "done"}
        )
        assert response["Location"] == url("visit", visit) + "?saved=6"


class TestWhoSeesWhat:
    def test_sharing_and_unsharing_take_effect_at_once(self, world):
        visit = private_visit(world)
        visit_services.visit_record_contract(
            visit=visit,
            version=visit.version,
            focus="FOCUS-MARKER wait time",
            data_collection="",
            agreements="",
            focus_items=[],
        )
        other, leader, teacher = Client(), Client(), Client()
        other.force_login(world.other_teacher)
        leader.force_login(world.leader)
        teacher.force_login(world.teacher)
        assert other.get(url("visit", visit)).status_code == 404
        assert leader.get(url("visit", visit)).status_code == 404
        teacher.post(url("visit_share", visit), {"shared": "1"})
        assert "FOCUS-MARKER" in other.get(url("visit", visit)).content.decode()
        # Shared with the community means its members: a leader who is not one sees counts.
        assert leader.get(url("visit", visit)).status_code == 404
        teacher.post(url("visit_share", visit), {"shared": "0"})
        assert other.get(url("visit", visit)).status_code == 404
        assert leader.get(url("visit", visit)).status_code == 404

    def test_leader_sees_counts_not_content(self, world, client_for):
        visit = private_visit(world)
        visit.group = "GROUP-MARKER"
        visit.save()
        response = client_for("leader").get(
            reverse("observations:community_visits", kwargs={"pk": world.community.pk})
        )
        html = response.content.decode()
        assert "GROUP-MARKER" not in html
        assert "<td>1</td>" in html  # one planned visit

    def test_only_the_observed_teacher_shares(self, world, client_for):
        visit = private_visit(world)
        assert client_for("facilitator").post(url("visit_share", visit)).status_code == 403
        visit.refresh_from_db()
        assert not visit.shared_with_community

    def test_my_visits_lists_what_i_observe_and_where_i_am_observed(self, world, client_for):
        mine = private_visit(world)
        visit_services.visit_plan(
            community=world.community,
            observed=world.other_teacher,
            observers=[world.coach],
            instrument=general(),
            starts_at=timezone.now() - dt.timedelta(days=3),
            group="NOT-MINE",
        )
        html = client_for("teacher").get(reverse("observations:my_visits")).content.decode()
        assert url("visit", mine) in html
        assert "NOT-MINE" not in html


@pytest.mark.parametrize("persona", ["other_teacher", "leader", "director", "outsider"])
def test_a_private_visits_checklist_never_reaches_others(persona, world, client_for):
    visit = private_visit(world)
    item = first_domain(visit).items.first()
    visit_services.score_save(visit=visit, item=item, level=None, evidence="EVIDENCE-MARKER")
    client = client_for(persona)
    for page in [
        url("visit", visit),
        reverse("observations:community_visits", kwargs={"pk": world.community.pk}),
        reverse("observations:my_visits"),
    ]:
        assert "EVIDENCE-MARKER" not in client.get(page).content.decode()


class TestReviewFindings:
    def test_odd_digits_in_the_address_never_answer_500(self, world, client_for):
        visit = private_visit(world)
        client = client_for("facilitator")
        assert client.get(url("visit_observe", visit), {"d": "²"}).status_code == 200
        assert client.post(url("visit_observe", visit), {"go": "²"}).status_code == 302
        teacher = client_for("teacher")
        new = reverse("observations:reflection_create")
        assert teacher.get(new, {"visit": "²", "meeting": "¹"}).status_code == 200
        draft = teacher.post(reverse("observations:reflection_draft"), {"reflection": "²"})
        assert draft.status_code == 404

    def test_an_autosave_changes_only_what_it_sends(self, world, client_for):
        """Two observers on one checklist: B's save of one item leaves A's other items."""
        visit = private_visit(world)
        first, second = list(first_domain(visit).items.all()[:2])
        good = visit.instrument.levels.get(value=3)
        visit_services.score_save(visit=visit, item=first, level=good, evidence="A saw this")
        client_for("facilitator").post(
            url("visit_score", visit) + "?d=1", {f"evidence-{second.pk}": "B saw that"}
        )
        kept = Score.objects.get(item=first)
        assert (kept.level, kept.evidence) == (good, "A saw this")
        # Evidence alone keeps the level chosen before.
        client_for("facilitator").post(
            url("visit_score", visit) + "?d=1", {f"evidence-{first.pk}": "A saw more"}
        )
        kept.refresh_from_db()
        assert (kept.level, kept.evidence) == (good, "A saw more")
        assert Score.objects.get(item=second).evidence == "B saw that"

    def test_a_closed_visit_is_not_changed_any_more(self, world, client_for):
        visit = private_visit(world)
        item = first_domain(visit).items.first()
        Visit.objects.filter(pk=visit.pk).update(status=Visit.Status.CLOSED)
        response = client_for("facilitator").post(
            url("visit_score", visit) + "?d=1", {f"evidence-{item.pk}": "late"}
        )
        assert response.status_code == 422
        assert not Score.objects.exists()

    def test_an_observer_cannot_invite_more_observers(self, world, client_for):
        visit = private_visit(world)  # Fay (facilitator) observes Tess
        data = {
            "date": (timezone.localdate() + dt.timedelta(days=10)).isoformat(),
            "start": "13:00",
            "group": "6B",
            "subject": "",
            "observers": [world.facilitator.pk, world.other_teacher.pk],
            "version": visit.version,
        }
        client_for("facilitator").post(url("visit_edit", visit), data)
        assert list(visit.observers.all()) == [world.facilitator]
        client_for("teacher").post(url("visit_edit", visit), data | {"version": visit.version + 1})
        assert set(visit.observers.all()) == {world.facilitator, world.other_teacher}

    def test_an_observer_keeps_a_reflection_on_an_unshared_visit_within_the_coach(
        self, world, client_for
    ):
        visit = private_visit(world)
        with pytest.raises(ValidationError):
            reflection_services.reflection_save(
                author=world.facilitator,
                community=world.community,
                visit=visit,
                happened="What I saw in Tess's class",
                visibility="community",
                publish=True,
            )
        visit_services.visit_share(visit=visit, by=world.teacher, shared=True)
        reflection_services.reflection_save(
            author=world.facilitator,
            community=world.community,
            visit=visit,
            happened="What I saw in Tess's class",
            visibility="community",
            publish=True,
        )
        assert Reflection.objects.count() == 1

    def test_another_board_sees_no_visit_figures_on_a_built_in_checklist(self, world, client_for):
        private_visit(world)
        page = client_for("outsider").get(
            reverse("observations:instrument", kwargs={"pk": general().pk})
        )
        assert "<dd>0</dd>" in page.content.decode()
        mine = client_for("facilitator").get(
            reverse("observations:instrument", kwargs={"pk": general().pk})
        )
        assert "<dd>1</dd>" in mine.content.decode()


def test_a_visit_planned_twice_by_a_double_click_is_planned_once(world, client_for):
    client = client_for("teacher")
    page = reverse("observations:visit_create", kwargs={"pk": world.community.pk})
    data = {
        "observed": world.teacher.pk,
        "observers": [world.other_teacher.pk],
        "instrument": general().pk,
        "date": (timezone.localdate() + dt.timedelta(days=7)).isoformat(),
        "start": "10:15",
        "client_key": rendered_key(client, page),
    }
    location = send_twice(client, page, data)
    visit = Visit.objects.get()
    assert location == url("visit", visit)
    assert list(visit.observers.all()) == [world.other_teacher]


CONTROL_CHARACTERS = (
    "This text contains invisible control characters. Remove them (typing the text again "
    "helps) and try again."
)


@pytest.mark.parametrize("character", ["\x00", "\x1b"])
def test_evidence_with_a_control_character_is_refused_at_the_field(world, client_for, character):
    visit = private_visit(world)
    item = first_domain(visit).items.first()
    response = client_for("facilitator").post(
        url("visit_observe", visit) + "?d=1",
        {f"evidence-{item.pk}": f"Pupils{character} listen", "go": "2"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    error = html[html.index(f'id="evidence-{item.pk}-error"') :]
    assert CONTROL_CHARACTERS in error[: error.index("</ul>")]
    assert f'aria-describedby="evidence-{item.pk}-error"' in html
    assert not Score.objects.exists()


def test_the_autosave_refuses_a_nul_in_the_evidence_and_says_why(world, client_for):
    visit = private_visit(world)
    item = first_domain(visit).items.first()
    response = client_for("facilitator").post(
        url("visit_score", visit) + "?d=1", {f"evidence-{item.pk}": "Pupils\x00 listen"}
    )
    assert response.status_code == 422
    assert CONTROL_CHARACTERS in response.content.decode()
    assert not Score.objects.exists()
