import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from communities import services
from communities.models import CommunityGoal, GoalStatus, PersonalGoal, ProgressUpdate
from tests.once import rendered_key, send_twice


def test_progress_moves_the_goal_and_starts_it(world):
    today = timezone.localdate()
    services.goal_progress_add(
        goal=world.goal, author=world.facilitator, date=today, done="Baseline measured", value=20
    )
    world.goal.refresh_from_db()
    assert world.goal.progress == 20
    assert world.goal.status == GoalStatus.IN_PROGRESS
    # An older update entered later does not turn the clock back.
    services.goal_progress_add(
        goal=world.goal,
        author=world.facilitator,
        date=today - dt.timedelta(days=10),
        done="Earlier",
        value=5,
    )
    world.goal.refresh_from_db()
    assert world.goal.progress == 20


@pytest.mark.parametrize("value", [-1, 101])
def test_progress_outside_0_to_100_is_refused(world, value):
    with pytest.raises(ValidationError):
        services.goal_progress_add(
            goal=world.goal,
            author=world.facilitator,
            date=timezone.localdate(),
            done="x",
            value=value,
        )
    assert not ProgressUpdate.objects.exists()


def test_progress_in_the_future_is_refused(world):
    with pytest.raises(ValidationError) as caught:
        services.goal_progress_add(
            goal=world.goal,
            author=world.facilitator,
            date=timezone.localdate() + dt.timedelta(days=1),
            done="x",
            value=10,
        )
    assert "date" in caught.value.message_dict


def test_an_update_belongs_to_exactly_one_goal_in_the_database(world):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressUpdate.objects.create(
            community_goal=world.goal,
            personal_goal=world.private_goal,
            date=timezone.localdate(),
            done="x",
            value=1,
        )


def test_facilitator_records_progress_with_htmx_and_sees_it_in_place(world, client_for):
    client = client_for("facilitator")
    url = reverse("communities:goal_progress", kwargs={"pk": world.goal.pk})
    response = client.post(
        url,
        {
            "date": timezone.localdate().isoformat(),
            "done": "Model lessons given",
            "evidence": "",
            "value": 35,
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="progress"' in html
    assert "Model lessons given" in html
    assert "<html" not in html  # only the fragment
    assert "HX-Request" in response["Vary"]


def test_invalid_progress_is_shown_next_to_the_field_and_not_saved(world, client_for):
    client = client_for("facilitator")
    url = reverse("communities:goal_progress", kwargs={"pk": world.goal.pk})
    response = client.post(
        url,
        {"date": timezone.localdate().isoformat(), "done": "", "value": 150},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
    form = response.context["progress_form"]
    assert set(form.errors) == {"done", "value"}
    assert 'aria-invalid="true"' in response.content.decode()
    assert not ProgressUpdate.objects.exists()


def test_a_member_reads_the_goal_but_cannot_edit_it(world, client_for):
    client = client_for("teacher")
    response = client.get(reverse("communities:goal", kwargs={"pk": world.goal.pk}))
    assert response.status_code == 200
    assert response.context["progress_form"] is None
    assert (
        client.get(reverse("communities:goal_edit", kwargs={"pk": world.goal.pk})).status_code
        == 403
    )


def test_the_goal_owner_may_edit_their_goal(world, client_for):
    world.goal.owner = world.teacher
    world.goal.save()
    client = client_for("teacher")
    response = client.post(
        reverse("communities:goal_edit", kwargs={"pk": world.goal.pk}),
        {
            "title": "Sharper goal",
            "outcome": "o",
            "success_criterion": "s",
            "target_date": "2027-06-30",
            "owner": world.teacher.pk,
            "status": "in_progress",
        },
    )
    assert response.status_code == 302
    world.goal.refresh_from_db()
    assert world.goal.title == "Sharper goal"


def test_creating_a_goal_with_missing_fields_saves_nothing(world, client_for):
    response = client_for("facilitator").post(
        reverse("communities:goal_create", kwargs={"pk": world.community.pk}), {"title": ""}
    )
    assert response.status_code == 200
    assert {"title", "outcome", "success_criterion", "target_date"} <= set(
        response.context["form"].errors
    )
    assert CommunityGoal.objects.count() == 2  # the world's two


def test_a_goal_owner_must_be_a_member_of_the_community(world, client_for):
    response = client_for("facilitator").post(
        reverse("communities:goal_create", kwargs={"pk": world.community.pk}),
        {
            "title": "t",
            "outcome": "o",
            "success_criterion": "s",
            "target_date": "2027-01-01",
            "owner": world.outsider.pk,
            "status": "planned",
        },
    )
    assert response.context["form"].errors["owner"]


class TestPersonalGoals:
    def test_private_by_default(self, world):
        assert world.private_goal.visibility == PersonalGoal.Visibility.PRIVATE

    @pytest.mark.parametrize(
        ("persona", "sees"),
        [
            ("teacher", {"PRIVATE", "COACH", "SHARED"}),
            ("other_teacher", {"SHARED"}),
            ("coach", {"COACH", "SHARED"}),
            ("facilitator", {"SHARED"}),
            # Leaders who are not members see figures, never a goal's text.
            ("leader", set()),
            ("director", set()),
        ],
    )
    def test_only_what_was_shared_shows_on_the_community_page(
        self, world, client_for, persona, sees
    ):
        html = (
            client_for(persona)
            .get(reverse("communities:detail", kwargs={"pk": world.community.pk}))
            .content.decode()
        )
        for marker in ("PRIVATE", "COACH", "SHARED"):
            assert (f"{marker}-MARKER" in html) == (marker in sees), (persona, marker)

    def test_un_sharing_takes_effect_at_once(self, world, client_for):
        url = reverse("communities:my_goal", kwargs={"pk": world.shared_goal.pk})
        assert client_for("other_teacher").get(url).status_code == 200
        client_for("teacher").post(
            reverse("communities:my_goal_visibility", kwargs={"pk": world.shared_goal.pk}),
            {"visibility": "private"},
        )
        assert client_for("other_teacher").get(url).status_code == 404
        assert client_for("leader").get(url).status_code == 404

    def test_a_personal_goal_can_only_join_a_goal_of_its_own_community(self, world):
        with pytest.raises(ValidationError) as caught:
            services.personal_goal_create(
                owner=world.outsider,
                community=world.outside_community,
                title="x",
                community_goal=world.goal,
            )
        assert "community_goal" in caught.value.message_dict

    def test_only_members_set_personal_goals_in_a_community(self, world, client_for):
        response = client_for("teacher").post(
            reverse("communities:my_goal_create"),
            {
                "title": "x",
                "community": world.other_community.pk,
                "status": "planned",
                "visibility": "private",
            },
        )
        assert response.status_code == 200
        assert response.context["form"].errors["community"]

    def test_the_owner_deletes_a_goal(self, world, client_for):
        client_for("teacher").post(
            reverse("communities:my_goal_delete", kwargs={"pk": world.private_goal.pk})
        )
        assert not PersonalGoal.objects.filter(pk=world.private_goal.pk).exists()


def test_a_goal_added_twice_by_a_double_click_is_added_once(world, client_for):
    client = client_for("facilitator")
    page = reverse("communities:goal_create", kwargs={"pk": world.community.pk})
    data = {
        "title": "Pupils read aloud daily",
        "outcome": "o",
        "success_criterion": "s",
        "target_date": "2027-01-01",
        "status": "planned",
        "client_key": rendered_key(client, page),
    }
    location = send_twice(client, page, data)
    goal = CommunityGoal.objects.get(title="Pupils read aloud daily")
    assert location == reverse("communities:goal", kwargs={"pk": goal.pk})


def test_a_personal_goal_added_twice_by_a_double_click_is_added_once(world, client_for):
    client = client_for("teacher")
    page = reverse("communities:my_goal_create")
    data = {
        "title": "Calmer transitions",
        "community": world.community.pk,
        "status": "planned",
        "visibility": "private",
        "client_key": rendered_key(client, page),
    }
    location = send_twice(client, page, data)
    goal = PersonalGoal.objects.get(title="Calmer transitions")
    assert location == reverse("communities:my_goal", kwargs={"pk": goal.pk})
