import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from communities import services
from communities.models import Community, Membership
from tests.factories import SchoolFactory


def test_facilitator_changes_a_role_with_htmx(world, client_for):
    membership = world.membership("other_teacher")
    response = client_for("facilitator").post(
        reverse(
            "communities:member_role",
            kwargs={"pk": world.community.pk, "membership_pk": membership.pk},
        ),
        {"role": "coach"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="members">')
    membership.refresh_from_db()
    assert membership.role == Membership.Role.COACH


def test_an_invalid_role_changes_nothing(world, client_for):
    membership = world.membership("other_teacher")
    client_for("facilitator").post(
        reverse(
            "communities:member_role",
            kwargs={"pk": world.community.pk, "membership_pk": membership.pk},
        ),
        {"role": "headmaster"},
    )
    membership.refresh_from_db()
    assert membership.role == Membership.Role.MEMBER


def test_a_membership_of_another_community_is_not_found(world, client_for):
    foreign = Membership.objects.get(community=world.outside_community)
    response = client_for("facilitator").post(
        reverse(
            "communities:member_remove",
            kwargs={"pk": world.community.pk, "membership_pk": foreign.pk},
        )
    )
    assert response.status_code == 404
    assert Membership.objects.filter(pk=foreign.pk).exists()


def test_leader_removes_a_member(world, client_for):
    membership = world.membership("other_teacher")
    client_for("leader").post(
        reverse(
            "communities:member_remove",
            kwargs={"pk": world.community.pk, "membership_pk": membership.pk},
        )
    )
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_removed_member_loses_access_at_once(world, client_for):
    url = reverse("communities:detail", kwargs={"pk": world.community.pk})
    assert client_for("other_teacher").get(url).status_code == 200
    services.membership_remove(membership=world.membership("other_teacher"))
    assert client_for("other_teacher").get(url).status_code == 404


def test_leader_creates_a_community_for_their_school(world, client_for):
    response = client_for("leader").post(
        reverse("communities:create"),
        {
            "name": "PLG Schrijven",
            "focus": "Writing",
            "schools": [world.school.pk],
            "start_date": "2026-09-01",
            "status": "active",
            "vision": "",
        },
    )
    assert response.status_code == 302
    community = Community.objects.get(name="PLG Schrijven")
    assert community.organisation == world.board


def test_leader_cannot_pick_a_school_they_do_not_lead(world, client_for):
    response = client_for("leader").post(
        reverse("communities:create"),
        {
            "name": "PLG X",
            "focus": "x",
            "schools": [world.other_school.pk],
            "start_date": "2026-09-01",
            "status": "active",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["schools"]
    assert not Community.objects.filter(name="PLG X").exists()


def test_a_community_cannot_span_two_boards(world):
    foreign_school = SchoolFactory()
    with pytest.raises(ValidationError) as caught:
        services.community_create(
            name="Mixed",
            focus="x",
            start_date=world.community.start_date,
            schools=[world.school, foreign_school],
        )
    assert "schools" in caught.value.message_dict


def test_a_duplicate_name_in_the_board_is_shown_on_the_form(world, client_for):
    response = client_for("director").post(
        reverse("communities:create"),
        {
            "name": "PLG Lezen",
            "focus": "x",
            "schools": [world.school.pk],
            "start_date": "2026-09-01",
            "status": "active",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors


def test_facilitator_edits_the_vision(world, client_for):
    response = client_for("facilitator").post(
        reverse("communities:edit", kwargs={"pk": world.community.pk}),
        {
            "name": "PLG Lezen",
            "focus": "Reading",
            "schools": [world.school.pk],
            "start_date": "2026-09-01",
            "status": "active",
            "vision": "Every pupil reads.",
        },
    )
    assert response.status_code == 302
    world.community.refresh_from_db()
    assert world.community.vision == "Every pupil reads."


def test_leader_sees_figures_of_their_schools_communities(world, client_for):
    response = client_for("leader").get(reverse("communities:list"))
    rows = {c.name: c for c in response.context["communities"]}
    assert set(rows) == {"PLG Lezen"}  # not PLG Rekenen of the other school
    assert rows["PLG Lezen"].member_count == 4


def test_director_sees_every_community_of_the_board_and_nothing_else(world, client_for):
    response = client_for("director").get(reverse("communities:list"))
    names = {c.name for c in response.context["communities"]}
    assert names == {"PLG Lezen", "PLG Rekenen"}


def test_outsider_sees_only_their_own_board(world, client_for):
    response = client_for("outsider").get(reverse("communities:list"))
    assert {c.name for c in response.context["communities"]} == {"PLG Elders"}
    home = client_for("outsider").get(reverse("home")).content.decode()
    assert "PLG Lezen" not in home


def test_a_facilitator_cannot_add_schools_to_widen_their_rights(world, client_for):
    response = client_for("facilitator").post(
        reverse("communities:edit", kwargs={"pk": world.community.pk}),
        {
            "name": "PLG Lezen",
            "focus": "Reading",
            "schools": [world.school.pk, world.other_school.pk],
            "start_date": "2026-09-01",
            "status": "active",
            "vision": "",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["schools"]
    assert list(world.community.schools.all()) == [world.school]
