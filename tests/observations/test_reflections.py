import uuid

import pytest
from django.urls import reverse

from observations.models import Reflection
from observations.services import reflections as reflection_services


def new_reflection(client, **data):
    payload = {
        "title": "",
        "community": "",
        "happened": "",
        "expected": "",
        "contribution": "",
        "patterns": "",
        "difference": "",
        "next_step": "",
        "text": "",
        "personal_goal": "",
        "community_goal": "",
        "visibility": "private",
        "client_key": str(uuid.uuid4()),
    }
    payload.update(data)
    return client.post(reverse("observations:reflection_create"), payload)


def test_a_teacher_writes_a_guided_reflection_private_by_default(world, client_for):
    response = new_reflection(client_for("teacher"), happened="Pupils summarised well")
    reflection = Reflection.objects.get()
    assert response["Location"] == reverse("observations:reflection", kwargs={"pk": reflection.pk})
    assert (reflection.visibility, reflection.is_draft) == ("private", False)


def test_a_double_submit_makes_one_reflection(world, client_for):
    key = str(uuid.uuid4())
    client = client_for("teacher")
    new_reflection(client, happened="x", client_key=key)
    new_reflection(client, happened="x", client_key=key)
    assert Reflection.objects.count() == 1


def test_an_empty_reflection_is_refused_and_nothing_is_saved(world, client_for):
    response = new_reflection(client_for("teacher"))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not Reflection.objects.exists()


def test_sharing_without_a_community_is_shown_next_to_the_field(world, client_for):
    response = new_reflection(client_for("teacher"), text="x", visibility="community")
    assert response.context["form"].errors["visibility"]
    assert not Reflection.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("teacher", 200),
        ("other_teacher", 404),
        ("coach", 404),
        ("facilitator", 404),
        ("leader", 404),
        ("director", 404),
        ("outsider", 404),
    ],
)
def test_a_private_reflection_is_read_by_its_author_only(world, client_for, persona, status):
    reflection = reflection_services.reflection_save(
        author=world.teacher, community=world.community, text="x", publish=True
    )
    url = reverse("observations:reflection", kwargs={"pk": reflection.pk})
    assert client_for(persona).get(url).status_code == status


def test_sharing_and_unsharing_take_effect_at_once(world, client_for):
    reflection = reflection_services.reflection_save(
        author=world.teacher, community=world.community, text="SHARED-TEXT", publish=True
    )
    url = reverse("observations:reflection", kwargs={"pk": reflection.pk})
    visibility = reverse("observations:reflection_visibility", kwargs={"pk": reflection.pk})
    client_for("teacher").post(visibility, {"visibility": "community"})
    assert "SHARED-TEXT" in client_for("other_teacher").get(url).content.decode()
    # "My community" is its members: a leader who is not a member never reads it.
    assert client_for("leader").get(url).status_code == 404
    client_for("teacher").post(visibility, {"visibility": "coach"})
    assert client_for("other_teacher").get(url).status_code == 404
    assert client_for("coach").get(url).status_code == 200
    client_for("teacher").post(visibility, {"visibility": "private"})
    assert client_for("coach").get(url).status_code == 404


@pytest.mark.parametrize(
    "payload",
    ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '"><svg onload=alert(1)>'],
)
def test_script_in_a_reflection_is_shown_as_text(world, client_for, payload):
    reflection = reflection_services.reflection_save(
        author=world.teacher, text=payload, title=payload, publish=True
    )
    html = (
        client_for("teacher")
        .get(reverse("observations:reflection", kwargs={"pk": reflection.pk}))
        .content.decode()
    )
    assert payload not in html
    assert "&lt;" in html


def test_the_journal_searches_and_filters_by_goal(world, client_for):
    reflection_services.reflection_save(
        author=world.teacher,
        happened="Think-aloud worked",
        publish=True,
        personal_goal=world.private_goal,
    )
    reflection_services.reflection_save(
        author=world.teacher, happened="Noisy after break", publish=True
    )
    reflection_services.reflection_save(
        author=world.other_teacher, happened="Think-aloud too", publish=True
    )
    client = client_for("teacher")
    found = client.get(reverse("observations:journal"), {"q": "think-aloud"}).context
    assert [r.happened for r in found["reflections"]] == ["Think-aloud worked"]
    by_goal = client.get(reverse("observations:journal"), {"goal": world.private_goal.pk})
    assert len(by_goal.context["reflections"]) == 1


def test_the_author_deletes_a_reflection(world, client_for):
    reflection = reflection_services.reflection_save(author=world.teacher, text="x", publish=True)
    client_for("teacher").post(
        reverse("observations:reflection_delete", kwargs={"pk": reflection.pk})
    )
    assert not Reflection.objects.exists()


class TestDraftAutosave:
    def test_autosaves_go_to_one_draft_that_the_final_save_publishes(self, world, client_for):
        client = client_for("teacher")
        key = str(uuid.uuid4())
        base = {"client_key": key, "visibility": "private"}
        url = reverse("observations:reflection_draft")
        assert (
            client.post(
                url, {**base, "happened": "Half a thought"}, HTTP_HX_REQUEST="true"
            ).status_code
            == 200
        )
        client.post(url, {**base, "happened": "Half a thought, and more"}, HTTP_HX_REQUEST="true")
        draft = Reflection.objects.get()
        assert (draft.is_draft, draft.happened) == (True, "Half a thought, and more")
        assert (
            client_for("coach")
            .get(reverse("observations:reflection", kwargs={"pk": draft.pk}))
            .status_code
            == 404
        )
        new_reflection(client_for("teacher"), happened="Done.", client_key=key)
        final = Reflection.objects.get()
        assert (final.pk, final.is_draft, final.happened) == (draft.pk, False, "Done.")

    def test_an_ended_session_saves_nothing_and_says_so(self, world, client):
        response = client.post(
            reverse("observations:reflection_draft"),
            {"client_key": str(uuid.uuid4()), "happened": "x", "visibility": "private"},
            HTTP_HX_REQUEST="true",
        )
        assert response.status_code == 401
        assert "draft-warning" in response.content.decode()
        assert not Reflection.objects.exists()

    def test_someone_elses_reflection_cannot_be_autosaved(self, world, client_for):
        theirs = reflection_services.reflection_save(
            author=world.other_teacher, text="mine", publish=True
        )
        response = client_for("teacher").post(
            reverse("observations:reflection_draft"),
            {"reflection": theirs.pk, "text": "overwritten", "visibility": "private"},
        )
        assert response.status_code == 404
        theirs.refresh_from_db()
        assert theirs.text == "mine"
