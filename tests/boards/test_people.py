"""The board's people in the board administration: the staff list (search, current or
left, pages, roles at a glance), a new person (an account without a password, e-mail
addresses compared without regard to case, one board per person, a double click adds one)
and a person's details changed; another board's people are not there."""

import datetime as dt
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from boards import access
from boards.selectors.people import PEOPLE_PER_PAGE
from boards.services import people as people_services
from communities import services as community_services
from communities.models import StaffMember
from tests.factories import UserFactory
from tests.once import rendered_key, send_twice


@pytest.fixture
def add_person(world):
    """Put someone on the world's board's list as its administrator would."""

    def _add(**fields) -> StaffMember:
        data = {"full_name": "Nina Nieuw", "email": "nina@example.org", "function": "leerkracht"}
        return people_services.person_create(
            organisation=world.board, by=world.administrator, **(data | fields)
        )

    return _add


# The services ------------------------------------------------------------------------


def test_a_new_person_gets_an_account_without_a_password_and_a_staff_record(world, add_person):
    staff = add_person(email=" Nina@Example.ORG ", schools=[world.school])
    assert staff.organisation == world.board
    assert staff.user.email == "nina@example.org"
    assert staff.user.full_name == "Nina Nieuw"
    assert not staff.user.has_usable_password()
    assert staff.function == "leerkracht"
    assert list(staff.schools.all()) == [world.school]
    assert staff.invited_at is None and staff.left_at is None


def test_an_address_on_the_list_is_refused_with_the_person_named(world, add_person):
    first = add_person()
    with pytest.raises(ValidationError) as caught:
        add_person(full_name="Nina Anders", email="NINA@example.org")
    [error] = caught.value.error_dict["email"]
    assert error.code == people_services.ON_THIS_BOARD
    assert error.params["pk"] == first.pk
    assert User.objects.filter(email__iexact="nina@example.org").count() == 1


def test_an_address_of_another_board_is_refused(world, add_person):
    with pytest.raises(ValidationError) as caught:
        add_person(email="Outsider@example.org")
    assert caught.value.message_dict == {
        "email": ["Dit adres hoort bij iemand van een ander schoolbestuur."]
    }
    assert world.outsider.staff_record.organisation == world.outside_board


def test_someone_with_an_account_and_no_board_joins_the_list(world, add_person):
    loner = UserFactory(email="loner@example.org", full_name="Lone Ranger")
    staff = add_person(email="LONER@example.org", full_name="Another Name")
    assert staff.user == loner
    assert loner.has_usable_password()  # their own password stays


def test_the_same_form_sent_twice_adds_the_person_once(world, add_person):
    key = uuid.uuid4()
    first = add_person(client_key=key)
    assert add_person(client_key=key) == first
    assert StaffMember.objects.filter(user__email="nina@example.org").count() == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [("full_name", "  "), ("email", "not-an-address"), ("full_name", "x" * 151)],
)
def test_bad_input_is_refused_at_its_field_and_nothing_is_saved(world, add_person, field, value):
    with pytest.raises(ValidationError) as caught:
        add_person(**{field: value})
    assert set(caught.value.message_dict) == {field}
    assert not StaffMember.objects.filter(user__full_name="Nina Nieuw").exists()
    assert not User.objects.filter(email="nina@example.org").exists()


def test_schools_of_another_board_are_refused(world, add_person):
    with pytest.raises(ValidationError) as caught:
        add_person(schools=[world.outside_community.schools.get()])
    assert set(caught.value.message_dict) == {"schools"}
    assert not User.objects.filter(email="nina@example.org").exists()


def test_someone_who_does_not_administer_the_board_adds_nobody(world):
    for person, board in (
        (world.leader, world.board),
        (world.teacher, world.board),
        (world.administrator, world.outside_board),
    ):
        with pytest.raises(PermissionDenied):
            people_services.person_create(
                organisation=board, by=person, full_name="X", email="x@example.org"
            )
    assert not User.objects.filter(email="x@example.org").exists()


def test_an_update_changes_name_address_function_and_schools(world, add_person):
    staff = add_person(schools=[world.school])
    people_services.person_update(
        staff=staff,
        by=world.director,
        full_name="Nina de Nieuw",
        email="N.deNieuw@example.org",
        function="intern begeleider",
        schools=[world.other_school],
    )
    staff = StaffMember.objects.get(pk=staff.pk)
    assert (staff.user.full_name, staff.user.email) == ("Nina de Nieuw", "n.denieuw@example.org")
    assert staff.function == "intern begeleider"
    assert list(staff.schools.all()) == [world.other_school]


def test_an_update_to_someone_elses_address_is_refused_and_saves_nothing(world, add_person):
    staff = add_person()
    data = {"full_name": "Changed", "function": "", "schools": []}
    for email, code in [
        ("teacher@example.org", people_services.ON_THIS_BOARD),
        ("outsider@example.org", None),
        (UserFactory().email, None),
    ]:
        with pytest.raises(ValidationError) as caught:
            people_services.person_update(
                staff=staff, by=world.administrator, email=email.upper(), **data
            )
        [error] = caught.value.error_dict["email"]
        assert error.code == code
    staff = StaffMember.objects.get(pk=staff.pk)
    assert (staff.user.full_name, staff.user.email) == ("Nina Nieuw", "nina@example.org")
    # Their own address, typed in capitals, is theirs.
    people_services.person_update(
        staff=staff, by=world.administrator, email="NINA@example.org", **data
    )


def test_another_boards_person_is_not_there(world):
    with pytest.raises(Http404):
        access.staff_record_for_administrator(world.administrator, world.outsider.staff_record.pk)
    with pytest.raises(Http404):
        access.staff_record_for_administrator(world.leader, world.teacher.staff_record.pk)
    staff = access.staff_record_for_administrator(world.director, world.teacher.staff_record.pk)
    assert staff.user == world.teacher


# The pages ---------------------------------------------------------------------------


def _names(response) -> list[str]:
    return [staff.user.full_name for staff in response.context["page"]]


def test_the_list_shows_the_boards_staff_with_their_roles(world, client_for, add_person):
    add_person(schools=[world.school, world.other_school])
    response = client_for("administrator").get(reverse("boards:people"))
    assert _names(response) == [
        "Bea Beheerder",
        "Cas Coach",
        "Dirk Director",
        "Fay Facilitator",
        "Lea Leader",
        "Nina Nieuw",
        "Otto Other",
        "Tess Teacher",
    ]
    page = response.content.decode()
    assert "Oona Outsider" not in page
    assert "schoolleider van De Brug" in page
    assert "bovenschools directeur" in page
    assert "functioneel beheerder" in page
    assert "begeleider van 1 leergemeenschap" in page
    assert "De Brug, De Horizon" in page  # Nina's schools


def test_the_list_finds_people_by_name_address_function_and_school(world, client_for, add_person):
    add_person(schools=[world.other_school], function="intern begeleider")
    client = client_for("director")
    url = reverse("boards:people")
    for search, expected in [
        ("nieuw", ["Nina Nieuw"]),
        ("TEACHER@", ["Tess Teacher"]),
        ("intern", ["Nina Nieuw"]),
        ("horizon", ["Nina Nieuw"]),
        ("niemand", []),
    ]:
        assert _names(client.get(url, {"q": search})) == expected, search
    assert "Niemand gevonden" in client.get(url, {"q": "niemand"}).content.decode()


def test_the_list_shows_current_staff_unless_asked_for_leavers(world, client_for, add_person):
    left = add_person()
    StaffMember.objects.filter(pk=left.pk).update(
        left_at=dt.datetime(2026, 3, 31, 12, tzinfo=dt.UTC)
    )
    client = client_for("administrator")
    url = reverse("boards:people")
    assert "Nina Nieuw" not in _names(client.get(url))
    response = client.get(url, {"status": "left"})
    assert _names(response) == ["Nina Nieuw"]
    assert "31 maart 2026" in response.content.decode()
    assert len(_names(client.get(url, {"status": "all"}))) == 8
    # Something else than the three: the current staff.
    assert "Nina Nieuw" not in _names(client.get(url, {"status": "gone"}))


def test_the_list_comes_in_pages(world, client_for):
    for n in range(PEOPLE_PER_PAGE):
        people_services.person_create(
            organisation=world.board,
            by=world.administrator,
            full_name=f"Zz Person {n:02d}",
            email=f"zz{n}@example.org",
        )
    client = client_for("administrator")
    url = reverse("boards:people")
    first = client.get(url)
    assert len(first.context["page"]) == PEOPLE_PER_PAGE
    assert len(client.get(url, {"page": 2}).context["page"]) == 7
    assert len(client.get(url, {"q": "Zz"}).context["page"]) == PEOPLE_PER_PAGE
    searched = client.get(url, {"q": "e", "status": "all"})
    assert "?q=e&amp;status=all&amp;page=2" in searched.content.decode()


def test_an_administrator_adds_a_person_through_the_form_once(world, client_for):
    client = client_for("administrator")
    url = reverse("boards:person_create")
    data = {
        "full_name": "Nina Nieuw",
        "email": "Nina@Example.org",
        "function": "leerkracht",
        "schools": [world.school.pk],
        "client_key": rendered_key(client, url),
    }
    location = send_twice(client, url, data)
    staff = StaffMember.objects.get(user__email="nina@example.org")
    assert list(staff.schools.all()) == [world.school]
    listed = client.get(location)
    assert _names(listed) == ["Nina Nieuw"]
    assert "Nina Nieuw is toegevoegd." in listed.content.decode()


def test_the_form_links_to_the_person_who_has_the_address(world, client_for):
    client = client_for("administrator")
    url = reverse("boards:person_create")
    response = client.post(url, {"full_name": "Tess T", "email": "TEACHER@example.org"})
    assert response.status_code == 200
    page = response.content.decode()
    edit = reverse("boards:person_edit", args=[world.teacher.staff_record.pk])
    assert f'<a href="{edit}">Naar Tess Teacher</a>' in page
    assert "Tess Teacher staat met dit e-mailadres op de lijst van dit bestuur." in page
    response = client.post(url, {"full_name": "Oona", "email": "outsider@example.org"})
    assert response.context["form"].errors == {
        "email": ["Dit adres hoort bij iemand van een ander schoolbestuur."]
    }
    response = client.post(url, {"full_name": "", "email": "x", "schools": ["abc"]})
    assert set(response.context["form"].errors) == {"full_name", "email", "schools"}
    assert not StaffMember.objects.filter(user__full_name="Tess T").exists()


def test_the_form_offers_this_boards_schools_only(world, client_for):
    client = client_for("administrator")
    response = client.get(reverse("boards:person_create"))
    choices = list(response.context["form"].fields["schools"].queryset)
    assert choices == [world.school, world.other_school]
    outside_school = world.outside_community.schools.get()
    response = client.post(
        reverse("boards:person_create"),
        {"full_name": "X", "email": "x@example.org", "schools": [outside_school.pk]},
    )
    assert set(response.context["form"].errors) == {"schools"}


def test_an_administrator_edits_a_person(world, client_for):
    client = client_for("administrator")
    staff = world.teacher.staff_record
    url = reverse("boards:person_edit", args=[staff.pk])
    form = client.get(url).context["form"]
    assert form.initial["email"] == "teacher@example.org"
    assert "client_key" not in form.fields
    response = client.post(
        url,
        {
            "full_name": "Tess de Leerkracht",
            "email": "teacher@example.org",
            "function": "leerkracht groep 5",
            "schools": [world.school.pk, world.other_school.pk],
        },
    )
    assert response.status_code == 302
    staff.refresh_from_db()
    world.teacher.refresh_from_db()
    assert world.teacher.full_name == "Tess de Leerkracht"
    assert staff.function == "leerkracht groep 5"
    assert staff.schools.count() == 2


def test_the_address_of_someone_who_signed_in_is_not_changed_here(world, client_for):
    """Changing it would hand their account (a password reset, the school account's first
    match) to whoever holds the new address."""
    client = client_for("administrator")
    url = reverse("boards:person_edit", args=[world.teacher.staff_record.pk])
    data = {"full_name": "Tess Teacher", "email": "mine@example.org", "function": ""}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "heeft al eens ingelogd" in str(response.context["form"].errors["email"])
    world.teacher.refresh_from_db()
    assert world.teacher.email == "teacher@example.org"
    # Someone who never signed in (imported, not yet invited) can have a typo put right.
    newcomer = people_services.person_create(
        organisation=world.board, by=world.administrator, full_name="Nel", email="nel@exampel.org"
    )
    url = reverse("boards:person_edit", args=[newcomer.pk])
    assert (
        client.post(url, {**data, "full_name": "Nel", "email": "nel@example.org"}).status_code
        == 302
    )
    newcomer.user.refresh_from_db()
    assert newcomer.user.email == "nel@example.org"


def test_an_administrator_of_the_application_cant_be_put_on_a_board(world):
    root = User.objects.create_superuser(
        "root@example.org", "a sound passphrase 42", full_name="Root"
    )
    with pytest.raises(ValidationError) as caught:
        people_services.person_create(
            organisation=world.board, by=world.administrator, full_name="Root", email=root.email
        )
    assert "beheerder van de applicatie" in str(caught.value.message_dict["email"])
    assert not StaffMember.objects.filter(user=root).exists()


def test_another_boards_person_answers_404(world, client_for):
    url = reverse("boards:person_edit", args=[world.outsider.staff_record.pk])
    client = client_for("administrator")
    assert client.get(url).status_code == 404
    assert client.post(url, {"full_name": "Taken", "email": "o@example.org"}).status_code == 404
    world.outsider.refresh_from_db()
    assert world.outsider.full_name == "Oona Outsider"


def test_the_people_list_is_in_the_section_menu(world, client_for):
    page = client_for("director").get(reverse("boards:schools")).content.decode()
    assert f'href="{reverse("boards:people")}"' in page


def test_staff_records_come_with_roles_given_through_the_services(world):
    newcomer = UserFactory()
    community_services.school_leader_add(school=world.other_school, user=newcomer)
    assert newcomer.staff_record.organisation == world.board
    assert timezone.now() >= newcomer.staff_record.created_at
