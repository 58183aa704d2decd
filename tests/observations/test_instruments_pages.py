"""The checklist (kijkwijzer) pages: the list, a checklist, the builder, copies, versions,
and which checklists a community uses."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from observations import checklist_text
from observations.models import Instrument, Visit
from observations.services import instruments as instrument_services
from observations.services import visits as visit_services
from tests.observations.matrix_instruments import OUTLINE, SCALE, board_checklist

GENERAL = "Algemene lesobservatie"


@pytest.fixture(autouse=True)
def _english(request):
    """The texts asserted below are the English msgids, whatever is translated later."""
    if "world" in request.fixturenames:
        request.getfixturevalue("world")
        User.objects.update(language="en")
    with translation.override("en"):
        yield


@pytest.fixture
def general(db) -> Instrument:
    return Instrument.objects.get(name=GENERAL)


def _plan_visit(world, instrument: Instrument) -> Visit:
    return visit_services.visit_plan(
        community=world.community,
        observed=world.teacher,
        observers=[world.other_teacher],
        instrument=instrument,
        starts_at=timezone.now() + dt.timedelta(days=2),
    )


def _form(**changes) -> dict:
    return {"name": "Lezen", "description": "", "scale": SCALE, "outline": OUTLINE, **changes}


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# Parsing the builder's text --------------------------------------------------------------


def test_a_scale_is_one_level_a_line_and_a_line_without_value_is_not_seen():
    levels = checklist_text.parse_scale(
        "1 = Onvoldoende\n\n  2: Voldoende \n3) Goed\nniet gezien\n"
    )
    assert [(level.value, level.label) for level in levels] == [
        (1, "Onvoldoende"),
        (2, "Voldoende"),
        (3, "Goed"),
        (None, "niet gezien"),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1 = a\n1 = b", "Line 2: the value 1 is on line 1 already."),
        ("1 =\n2 = b", "Line 1: write a label after the value"),
        ("1 = a\nnot seen\nunknown", "Line 3: only one level can be without a value"),
        ("1 = a\n2 = A", "Line 2: the label “A” is on line 1 already."),
        ("1 = only one", "Write at least two levels"),
        ("seen\n", "Write at least two levels"),
        ("1 = a\n500 = b", "Line 2: a value goes from 0 to 100."),
        (f"1 = a\n2 = {'x' * 61}", "Line 2: a label has at most 60 characters"),
    ],
)
def test_a_wrong_scale_is_explained_by_line(text, message):
    with pytest.raises(ValidationError) as error:
        checklist_text.parse_scale(text)
    assert any(m.startswith(message) for m in error.value.messages), error.value.messages


def test_an_outline_is_domains_with_their_items():
    domains = checklist_text.parse_outline(
        "Klimaat\n- Leerlingen bij naam\n  - Fouten mogen\n\nInstructie\n* Lesdoel zichtbaar"
    )
    assert [(d.title, d.items) for d in domains] == [
        ("Klimaat", ["Leerlingen bij naam", "Fouten mogen"]),
        ("Instructie", ["Lesdoel zichtbaar"]),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- item first\nDomain\n- item", "Line 1: an item (a line starting with “-”) needs"),
        ("Domain\n-\n- item", "Line 2: write the item after the “-”."),
        ("Domain\n- item\nEmpty", "Line 3: the domain “Empty” has no items"),
        ("Domain\n- item\ndomain\n- x", "Line 3: the domain “domain” is on line 1 already."),
        ("Domain\n- item\n- Item", "Line 3: this item is in the domain “Domain” already."),
        ("", "Write at least one domain"),
    ],
)
def test_a_wrong_outline_is_explained_by_line(text, message):
    with pytest.raises(ValidationError) as error:
        checklist_text.parse_outline(text)
    assert any(m.startswith(message) for m in error.value.messages), error.value.messages


# The list and a checklist ---------------------------------------------------------------


def test_the_list_shows_built_in_and_own_checklists_with_their_size(world, client_for):
    own = board_checklist(world)
    own.communities.add(world.community)
    response = client_for("teacher").get(reverse("observations:instruments"))
    listed = {instrument.name: instrument for instrument in response.context["instruments"]}
    assert set(listed) == {GENERAL, "Korte kijkwijzer: lesdoel en terugblik", own.name}
    assert (listed[GENERAL].domain_count, listed[GENERAL].item_count) == (6, 22)
    assert [c.name for c in listed[own.name].used_by] == ["PLG Lezen"]
    assert "Fay Facilitator" in response.content.decode()
    # A teacher doesn't build: no button to make one.
    assert reverse("observations:instrument_create") not in response.content.decode()


def test_another_board_never_sees_a_board_s_own_checklist(world, client_for):
    own = board_checklist(world)
    client = client_for("outsider")
    listed = client.get(reverse("observations:instruments")).context["instruments"]
    assert own.pk not in {instrument.pk for instrument in listed}
    for name in ("observations:instrument", "observations:instrument_edit"):
        assert client.get(reverse(name, kwargs={"pk": own.pk})).status_code == 404
    assert (
        client.post(reverse("observations:instrument_copy", kwargs={"pk": own.pk})).status_code
        == 404
    )
    assert not Instrument.objects.filter(organisation=world.outside_board).exists()


def test_a_checklist_shows_its_scale_domains_and_items(world, client_for, general):
    response = client_for("teacher").get(reverse("observations:instrument", kwargs={"pk": 0}))
    assert response.status_code == 404
    response = client_for("teacher").get(
        reverse("observations:instrument", kwargs={"pk": general.pk})
    )
    page = response.content.decode()
    assert "Veilig en stimulerend leerklimaat" in page
    assert "De leraar spreekt leerlingen respectvol en bij naam aan." in page
    assert "sterk zichtbaar" in page
    # Teachers read; they neither edit nor copy.
    assert reverse("observations:instrument_edit", kwargs={"pk": general.pk}) not in page
    assert reverse("observations:instrument_copy", kwargs={"pk": general.pk}) not in page


# Building --------------------------------------------------------------------------------


def test_a_coach_builds_a_checklist_for_the_board(world, client_for):
    response = client_for("coach").post(
        reverse("observations:instrument_create"),
        _form(
            name="Lezen in groep 6",
            scale="1 = Onvoldoende\n2 = Voldoende\nniet gezien",
            outline="Voorlezen\n- De leraar leest voor.\nBegrip\n- Leerlingen voorspellen.",
        ),
    )
    made = Instrument.objects.get(name="Lezen in groep 6")
    assert response["Location"] == reverse("observations:instrument", kwargs={"pk": made.pk})
    assert (made.organisation, made.created_by, made.version) == (world.board, world.coach, 1)
    assert [(level.value, level.label) for level in made.levels.all()] == [
        (1, "Onvoldoende"),
        (2, "Voldoende"),
        (None, "niet gezien"),
    ]
    assert [d.title for d in made.domains.all()] == ["Voorlezen", "Begrip"]
    assert [i.text for i in made.domains.last().items.all()] == ["Leerlingen voorspellen."]


def test_mistakes_in_the_builder_are_shown_at_the_field_and_nothing_is_saved(world, client_for):
    response = client_for("facilitator").post(
        reverse("observations:instrument_create"),
        _form(scale="1 = a\n1 = b", outline="- loose item\nDomain"),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["scale"] == ["Line 2: the value 1 is on line 1 already."]
    assert "Line 1: an item" in errors["outline"][0]
    assert "Line 2: the domain “Domain” has no items" in errors["outline"][1]
    page = response.content.decode()
    assert "Line 2: the value 1 is on line 1 already." in page
    assert 'aria-invalid="true"' in page
    assert not Instrument.objects.filter(organisation=world.board).exists()


def test_a_board_has_one_current_checklist_of_a_name(world, client_for):
    board_checklist(world, "Lezen")
    response = client_for("director").post(reverse("observations:instrument_create"), _form())
    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    assert Instrument.objects.filter(organisation=world.board).count() == 1


def test_a_teacher_does_not_build_or_edit_checklists(world, client_for):
    own = board_checklist(world)
    client = client_for("teacher")
    assert client.get(reverse("observations:instrument_create")).status_code == 403
    response = client.post(reverse("observations:instrument_edit", kwargs={"pk": own.pk}), _form())
    assert response.status_code == 403
    own.refresh_from_db()
    assert own.name == "Board checklist"


def test_a_preset_fills_the_scale(world, client_for):
    client = client_for("facilitator")
    url = reverse("observations:instrument_create")
    response = client.get(url, {"preset": "yesno"})
    assert response.context["form"]["scale"].value() == "1 = yes\n0 = no\nnot seen"
    assert "The scale now holds the preset" in response.content.decode()
    # With htmx only the scale field comes back, with the status for screen readers.
    response = client.get(url, {"preset": "four"}, headers={"HX-Request": "true"})
    page = response.content.decode()
    assert page.lstrip().startswith('<div class="field" id="scale-field">')
    assert "4 = strongly visible" in page
    assert 'hx-swap-oob="true"' in page
    assert "<h1>" not in page
    # An unknown preset leaves the box empty.
    assert client.get(url, {"preset": "nonsense"}).context["form"]["scale"].value() == ""


# Editing and versions --------------------------------------------------------------------


def test_an_unused_checklist_is_changed_in_place(world, client_for):
    own = board_checklist(world)
    client = client_for("leader")
    url = reverse("observations:instrument_edit", kwargs={"pk": own.pk})
    form = client.get(url).context["form"]
    assert form["outline"].value() == (
        "Reading aloud\n- The teacher models fluent reading.\n- Pupils read along."
    )
    assert form["scale"].value() == "1 = not yet\n2 = partly\n3 = visible\nnot seen"
    response = client.post(url, _form(name="Renamed", outline=OUTLINE + "\n- Pupils retell."))
    assert response["Location"] == reverse("observations:instrument", kwargs={"pk": own.pk})
    own.refresh_from_db()
    assert (own.name, own.version) == ("Renamed", 1)
    assert own.domains.get().items.count() == 3
    assert _messages(response) == ["Your changes have been saved."]


def test_editing_a_used_checklist_makes_a_new_version_and_old_visits_keep_theirs(world, client_for):
    own = board_checklist(world)
    own.communities.add(world.community)
    visit = _plan_visit(world, own)
    client = client_for("facilitator")
    edit = client.get(reverse("observations:instrument_edit", kwargs={"pk": own.pk}))
    assert "Your changes are saved as version 2" in edit.content.decode()

    response = client.post(
        reverse("observations:instrument_edit", kwargs={"pk": own.pk}),
        _form(name="Board checklist", outline=OUTLINE + "\n- Pupils retell."),
        follow=True,
    )
    new = Instrument.objects.get(family=own.family, is_current=True)
    assert new.version == 2
    assert response.redirect_chain[-1][0] == reverse(
        "observations:instrument", kwargs={"pk": new.pk}
    )
    assert (
        "This checklist has been used in visits, so your changes are saved as version 2. "
        "Visits made so far keep version 1."
    ) in response.content.decode()
    visit.refresh_from_db()
    assert visit.instrument_id == own.pk
    assert own.domains.get().items.count() == 2
    assert new.domains.get().items.count() == 3
    # The community goes on with the family's new version.
    assert new in world.community.instruments.all()

    # The new version's page links to the older one, marked as older.
    page = response.content.decode()
    assert reverse("observations:instrument", kwargs={"pk": own.pk}) in page
    assert "older version" in page
    old_page = client.get(reverse("observations:instrument", kwargs={"pk": own.pk}))
    assert "an older version" in old_page.content.decode()
    assert reverse("observations:instrument_edit", kwargs={"pk": own.pk}) not in (
        old_page.content.decode()
    )
    # The older version can't be edited; the page points to the current one.
    response = client.get(reverse("observations:instrument_edit", kwargs={"pk": own.pk}))
    assert response.status_code == 403
    assert reverse("observations:instrument_edit", kwargs={"pk": new.pk}) in (
        response.content.decode()
    )


def test_saving_a_used_checklist_unchanged_makes_no_new_version(world, client_for):
    own = board_checklist(world)
    _plan_visit(world, own)
    response = client_for("facilitator").post(
        reverse("observations:instrument_edit", kwargs={"pk": own.pk}),
        _form(name="Board checklist"),
    )
    assert response.status_code == 302
    assert Instrument.objects.filter(family=own.family).count() == 1
    assert _messages(response) == ["Nothing was changed."]


def test_an_edit_after_someone_made_a_newer_version_is_refused(world, client_for):
    own = board_checklist(world)
    _plan_visit(world, own)
    instrument_services.instrument_update(
        instrument=own,
        name="First",
        description="",
        levels=checklist_text.parse_scale(SCALE),
        domains=checklist_text.parse_outline(OUTLINE),
        by=world.coach,
    )
    with pytest.raises(ValidationError, match="newer version"):
        instrument_services.instrument_update(
            instrument=own,
            name="Second",
            description="",
            levels=checklist_text.parse_scale(SCALE),
            domains=checklist_text.parse_outline(OUTLINE),
            by=world.facilitator,
        )
    versions = Instrument.objects.filter(family=own.family).order_by("-version")
    assert list(versions.values_list("name", flat=True)) == [
        "First",
        "Board checklist",
    ]


def test_a_built_in_checklist_is_not_edited_but_copied(world, client_for, general):
    client = client_for("facilitator")
    response = client.get(reverse("observations:instrument_edit", kwargs={"pk": general.pk}))
    assert response.status_code == 403
    copy_url = reverse("observations:instrument_copy", kwargs={"pk": general.pk})
    assert copy_url in response.content.decode()
    response = client.post(copy_url)
    copy = Instrument.objects.get(organisation=world.board)
    assert response["Location"] == reverse("observations:instrument_edit", kwargs={"pk": copy.pk})
    assert copy.name == "Copy of Algemene lesobservatie"
    assert copy.created_by == world.facilitator
    assert copy.family != general.family
    assert copy.domains.count() == 6
    assert [level.label for level in copy.levels.all()] == [
        level.label for level in general.levels.all()
    ]
    client.post(copy_url)
    assert set(
        Instrument.objects.filter(organisation=world.board).values_list("name", flat=True)
    ) == {"Copy of Algemene lesobservatie", "Copy of Algemene lesobservatie (2)"}
    general.refresh_from_db()
    assert general.domains.count() == 6


def test_a_teacher_gets_a_plain_refusal_on_a_built_in_checklist(world, client_for, general):
    response = client_for("teacher").get(
        reverse("observations:instrument_edit", kwargs={"pk": general.pk})
    )
    assert response.status_code == 403
    assert reverse("observations:instrument_copy", kwargs={"pk": general.pk}) not in (
        response.content.decode()
    )


# A community's checklists -----------------------------------------------------------------


def test_the_facilitator_chooses_the_community_s_checklists(world, client_for, general):
    own = board_checklist(world)
    url = reverse("observations:community_instruments", kwargs={"pk": world.community.pk})
    client = client_for("facilitator")
    offered = client.get(url).context["form"].fields["instruments"].queryset
    assert {i.name for i in offered} == {
        GENERAL,
        "Korte kijkwijzer: lesdoel en terugblik",
        own.name,
    }
    response = client.post(url, {"instruments": [general.pk, own.pk]})
    assert response["Location"] == url
    assert set(world.community.instruments.all()) == {general, own}
    client.post(url, {"instruments": [own.pk]})
    assert list(world.community.instruments.all()) == [own]

    # Members and leaders read the choice.
    for persona in ("teacher", "leader"):
        response = client_for(persona).get(url)
        assert response.context["form"] is None
        assert [i.pk for i in response.context["chosen"]] == [own.pk]
        assert reverse("observations:instrument", kwargs={"pk": own.pk}) in (
            response.content.decode()
        )
    assert client_for("leader").post(url, {"instruments": []}).status_code == 403
    assert list(world.community.instruments.all()) == [own]


def test_a_community_cannot_choose_another_board_s_checklist(world, client_for):
    elsewhere = instrument_services.instrument_create(
        organisation=world.outside_board,
        name="Elders",
        description="",
        levels=checklist_text.parse_scale(SCALE),
        domains=checklist_text.parse_outline(OUTLINE),
        by=world.outsider,
    )
    url = reverse("observations:community_instruments", kwargs={"pk": world.community.pk})
    response = client_for("facilitator").post(url, {"instruments": [elsewhere.pk]})
    assert response.status_code == 200
    assert response.context["form"].errors["instruments"]
    assert not world.community.instruments.exists()


def test_without_a_choice_members_see_every_checklist_they_can_use(world, client_for):
    board_checklist(world)
    response = client_for("teacher").get(
        reverse("observations:community_instruments", kwargs={"pk": world.community.pk})
    )
    assert "hasn't chosen checklists yet" in response.content.decode()
    assert len(response.context["options"]) == 3


def test_the_community_page_links_to_its_checklists(world, client_for):
    response = client_for("teacher").get(
        reverse("communities:detail", kwargs={"pk": world.community.pk})
    )
    assert (
        reverse("observations:community_instruments", kwargs={"pk": world.community.pk})
        in response.content.decode()
    )


def test_checklists_are_built_for_ones_own_board_only(world, client_for, general):
    # One person, one board: no board to choose; another board's number sent anyway is
    # ignored, and what is made (a checklist, a copy) goes to one's own board.
    client = client_for("director")
    url = reverse("observations:instrument_create")
    assert "organisation" not in client.get(url).context["form"].fields
    client.post(url, _form(organisation=world.outside_board.pk))
    assert Instrument.objects.get(name="Lezen").organisation == world.board
    copy_url = reverse("observations:instrument_copy", kwargs={"pk": general.pk})
    client.post(copy_url, {"organisation": world.outside_board.pk})
    client.post(copy_url, {"organisation": "garbage"})
    copies = Instrument.objects.filter(name__startswith="Copy of").order_by("pk")
    assert [c.organisation for c in copies] == [world.board, world.board]
