"""The board's schools in the board administration: who may, the rules the services keep
(one board, BRIN and location number unique, fields validated, no half saves), and the
pages (search, pages, a double click makes one school)."""

import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from boards import access
from boards.selectors.schools import SCHOOLS_PER_PAGE
from boards.services import schools as school_services
from communities import services as community_services
from communities.models import School
from tests.boards.conftest import school_data
from tests.factories import UserFactory

# Who may ---------------------------------------------------------------------------


def test_board_directors_and_administrators_administer_their_board_only(world):
    for persona in ("director", "administrator"):
        person = world.people[persona]
        assert access.can_administer(person, world.board)
        assert not access.can_administer(person, world.outside_board)
        assert access.organisation_for_administrator(person) == world.board
    for persona in ("teacher", "facilitator", "coach", "leader", "outsider"):
        assert not access.can_administer(world.people[persona], world.board)
        with pytest.raises(Http404):
            access.organisation_for_administrator(world.people[persona])


def test_another_boards_school_is_not_there(world):
    outside_school = world.outside_community.schools.get()
    with pytest.raises(Http404):
        access.school_for_administrator(world.administrator, outside_school.pk)
    assert access.school_for_administrator(world.administrator, world.school.pk) == world.school


# The services ------------------------------------------------------------------------


def test_an_administrator_adds_a_school_to_their_board(world, add_school):
    school = add_school()
    assert school.organisation == world.board
    assert (school.brin, school.location, school.postcode) == ("12AB", "00", "9401 AB")
    assert school.sector == School.Sector.PRIMARY


def test_someone_who_does_not_administer_the_board_adds_no_school(world):
    for person, board in (
        (world.leader, world.board),
        (world.administrator, world.outside_board),
        (world.director, world.outside_board),
    ):
        with pytest.raises(PermissionDenied):
            school_services.school_create(
                organisation=board, by=person, **school_data(brin="12AB", postcode="9401 AB")
            )
    assert not School.objects.filter(name="Basisschool De Linde").exists()


def test_the_same_brin_and_location_twice_on_a_board_is_refused(world, add_school):
    add_school()
    with pytest.raises(ValidationError) as caught:
        add_school(name="Basisschool De Eik")
    assert caught.value.message_dict == {
        "brin": ["Dit bestuur heeft al een school met dit BRIN- en vestigingsnummer."]
    }
    # Another location of the same school, and the same numbers at another board, are fine.
    add_school(name="De Linde, dependance", location="01")
    community_services.board_administrator_add(
        organisation=world.outside_board, user=(other := UserFactory())
    )
    school_services.school_create(
        organisation=world.outside_board,
        by=other,
        **school_data(brin="12AB", postcode="9401 AB"),
    )


def test_the_same_name_twice_on_a_board_is_refused(world, add_school):
    add_school()
    with pytest.raises(ValidationError) as caught:
        add_school(brin="34CD")
    assert set(caught.value.message_dict) == {"name"}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("brin", "1AB"),
        ("brin", "AB12"),
        ("brin", "12ABC"),
        ("brin", ""),
        ("location", "1"),
        ("location", "0A"),
        ("sector", "hbo"),
        ("sector", ""),
        ("region", "oost"),
        ("postcode", "0123 AB"),
        ("postcode", "12345"),
        ("name", ""),
    ],
)
def test_bad_input_is_refused_at_its_field(world, field, value):
    data = school_data(brin="12AB", postcode="9401 AB") | {field: value}
    with pytest.raises(ValidationError) as caught:
        school_services.school_create(organisation=world.board, by=world.administrator, **data)
    assert field in caught.value.message_dict
    assert not School.objects.filter(organisation=world.board, name=data["name"]).exists()


def test_the_same_form_sent_twice_adds_the_school_once(world, add_school):
    key = uuid.uuid4()
    first = add_school(client_key=key)
    assert add_school(client_key=key) == first
    assert School.objects.filter(organisation=world.board, name=first.name).count() == 1


def test_an_update_changes_the_details_and_keeps_the_board(world, add_school):
    school = add_school()
    school_services.school_update(
        school=school, by=world.director, name="De Linde", place="Emmen", sector="vo"
    )
    school.refresh_from_db()
    assert (school.name, school.place, school.sector) == ("De Linde", "Emmen", "vo")
    with pytest.raises(TypeError):
        school_services.school_update(
            school=school, by=world.director, organisation=world.outside_board
        )
    assert School.objects.get(pk=school.pk).organisation == world.board


def test_an_update_that_fails_saves_nothing(world, add_school):
    school = add_school()
    other = add_school(name="Basisschool De Eik", brin="34CD")
    with pytest.raises(ValidationError):
        school_services.school_update(
            school=other, by=world.administrator, name="Nieuwe naam", brin="12AB"
        )
    assert School.objects.get(pk=other.pk).name == "Basisschool De Eik"
    assert School.objects.get(pk=school.pk).brin == "12AB"


def test_an_update_of_another_boards_school_is_refused(world):
    outside_school = world.outside_community.schools.get()
    with pytest.raises(PermissionDenied):
        school_services.school_update(school=outside_school, by=world.administrator, name="x")


# The pages ---------------------------------------------------------------------------


def test_the_list_finds_schools_by_name_brin_and_place(world, add_school, client_for):
    add_school()
    add_school(name="Het Kompas", brin="56EF", place="Emmen")
    client = client_for("administrator")
    url = reverse("boards:schools")
    for search, expected in [
        ("linde", {"Basisschool De Linde"}),
        ("56ef", {"Het Kompas"}),
        ("emmen", {"Het Kompas"}),
        ("", {"Basisschool De Linde", "Het Kompas", "De Brug", "De Horizon"}),
    ]:
        page = client.get(url, {"q": search}).context["page"]
        assert {school.name for school in page} == expected, search
    response = client.get(url, {"q": "niets"})
    assert "Geen school gevonden" in response.content.decode()


def test_the_list_comes_in_pages(world, client_for):
    School.objects.bulk_create(
        School(organisation=world.board, name=f"School {n:03d}", region="noord")
        for n in range(SCHOOLS_PER_PAGE + 5)
    )
    client = client_for("director")
    url = reverse("boards:schools")
    first = client.get(url)
    assert len(first.context["page"]) == SCHOOLS_PER_PAGE
    assert 'rel="next"' in first.content.decode()
    second = client.get(url, {"page": 2})
    assert len(second.context["page"]) == 7  # 30 added, and the world's two
    # A page that isn't there shows the last; a word shows the first.
    assert client.get(url, {"page": 99}).context["page"].number == 2
    assert client.get(url, {"page": "abc"}).context["page"].number == 1
    searched = client.get(url, {"q": "School 0", "page": 2}).content.decode()
    assert "?q=School+0&amp;page=1" in searched


def test_a_search_with_control_characters_is_refused_not_a_500(world, client_for):
    response = client_for("administrator").get(reverse("boards:schools"), {"q": "De\x00Brug"})
    assert response.status_code == 200
    assert len(response.context["page"]) == 2


def test_an_administrator_adds_a_school_through_the_form(world, client_for):
    client = client_for("administrator")
    form = client.get(reverse("boards:school_create")).context["form"]
    key = form.initial["client_key"]
    data = school_data(client_key=key)
    first = client.post(reverse("boards:school_create"), data)
    # The second click of a double click: the same form, the same school.
    second = client.post(reverse("boards:school_create"), data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    school = School.objects.get(organisation=world.board, name="Basisschool De Linde")
    assert (school.brin, school.postcode) == ("12AB", "9401 AB")
    listed = client.get(first["Location"])
    assert [s.name for s in listed.context["page"]] == ["Basisschool De Linde"]
    assert "De school Basisschool De Linde is toegevoegd." in listed.content.decode()


def test_the_form_shows_errors_at_their_fields(world, client_for, add_school):
    add_school()
    client = client_for("director")
    response = client.post(reverse("boards:school_create"), school_data(name="De Eik", brin="12ab"))
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "brin": ["Dit bestuur heeft al een school met dit BRIN- en vestigingsnummer."]
    }
    response = client.post(reverse("boards:school_create"), school_data(brin="X", sector=""))
    assert set(response.context["form"].errors) == {"brin", "sector"}


def test_an_administrator_edits_a_school(world, client_for):
    client = client_for("administrator")
    url = reverse("boards:school_edit", args=[world.school.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, school_data(name="De Brug", brin="78gh", postcode="9401 ab"))
    assert response.status_code == 302
    world.school.refresh_from_db()
    assert (world.school.brin, world.school.place) == ("78GH", "Assen")


def test_another_boards_school_answers_404(world, client_for):
    outside_school = world.outside_community.schools.get()
    url = reverse("boards:school_edit", args=[outside_school.pk])
    client = client_for("administrator")
    assert client.get(url).status_code == 404
    assert client.post(url, school_data()).status_code == 404
    outside_school.refresh_from_db()
    assert outside_school.name == "Elders"


def test_the_home_page_links_to_the_board_administration(world, client_for):
    link = reverse("boards:schools")
    for persona in ("director", "administrator"):
        assert link in client_for(persona).get(reverse("home")).content.decode()
    for persona in ("teacher", "facilitator", "leader", "outsider"):
        assert link not in client_for(persona).get(reverse("home")).content.decode()
