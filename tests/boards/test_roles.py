"""A person's roles in the board administration: school leader, board director, board
administrator given and taken away; nobody changes their own roles, a leaver gets no new
one, the board keeps a director or administrator, only this board's people; giving a role
opens nothing to the administrator who gives it."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from boards.services import roles as role_services
from boards.services.roles import Role
from communities.models import BoardAdministrator, BoardDirector, SchoolLeader, StaffMember
from communities.scope import forget_scope, scope_of

LEFT = dt.datetime(2026, 3, 31, 12, tzinfo=dt.UTC)


def _staff(user) -> StaffMember:
    return StaffMember.objects.select_related("user", "organisation").get(user=user)


# The services ------------------------------------------------------------------------


def test_an_administrator_gives_and_takes_away_each_role(world):
    teacher = _staff(world.teacher)
    by = world.administrator
    role_services.role_grant(staff=teacher, role=Role.SCHOOL_LEADER, school=world.school, by=by)
    role_services.role_grant(staff=teacher, role=Role.SCHOOL_LEADER, school=world.school, by=by)
    role_services.role_grant(staff=teacher, role=Role.BOARD_DIRECTOR, by=by)
    role_services.role_grant(staff=teacher, role=Role.BOARD_ADMINISTRATOR, by=by)
    assert SchoolLeader.objects.filter(user=world.teacher, school=world.school).count() == 1
    scope = scope_of(world.teacher)
    assert scope.led_school_ids == {world.school.pk}
    assert (
        scope.directed_organisation_ids == scope.administered_organisation_ids == {world.board.pk}
    )
    for role in Role.values:
        role_services.role_revoke(staff=teacher, role=role, school=world.school, by=by)
    forget_scope(world.teacher)
    scope = scope_of(world.teacher)
    assert not (scope.is_leader or scope.administered_organisation_ids)
    # Their membership stays: a role taken away takes nothing else.
    assert world.community.pk in scope.roles


def test_nobody_changes_their_own_roles(world):
    for persona in ("administrator", "director"):
        own = _staff(world.people[persona])
        for change in (role_services.role_grant, role_services.role_revoke):
            with pytest.raises(ValidationError) as caught:
                change(staff=own, role=Role.SCHOOL_LEADER, school=world.school, by=own.user)
            assert caught.value.messages == [
                "Je kunt je eigen rollen niet veranderen; vraag het iemand anders."
            ]
    assert not SchoolLeader.objects.filter(user__in=[world.administrator, world.director]).exists()
    assert BoardAdministrator.objects.filter(user=world.administrator).exists()


def test_someone_who_has_left_gets_no_new_role_but_loses_one(world):
    leader = _staff(world.leader)
    StaffMember.objects.filter(pk=leader.pk).update(left_at=LEFT)
    leader.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        role_services.role_grant(staff=leader, role=Role.BOARD_DIRECTOR, by=world.administrator)
    assert "Lea Leader" in caught.value.messages[0]
    assert not BoardDirector.objects.filter(user=world.leader).exists()
    role_services.role_revoke(
        staff=leader, role=Role.SCHOOL_LEADER, school=world.school, by=world.administrator
    )
    assert not SchoolLeader.objects.filter(user=world.leader).exists()


def test_the_board_keeps_a_director_or_administrator_who_has_not_left(world):
    director = _staff(world.director)
    administrator = _staff(world.administrator)
    # The administrator has left (and is still signed in somewhere): taking away the one
    # director would leave the board without anyone to administer it.
    StaffMember.objects.filter(pk=administrator.pk).update(left_at=LEFT)
    with pytest.raises(ValidationError) as caught:
        role_services.role_revoke(staff=director, role=Role.BOARD_DIRECTOR, by=world.administrator)
    assert "Dirk Director" in caught.value.messages[0]
    assert BoardDirector.objects.filter(user=world.director).exists()
    # With the administrator back, the director's role can go.
    StaffMember.objects.filter(pk=administrator.pk).update(left_at=None)
    role_services.role_revoke(staff=director, role=Role.BOARD_DIRECTOR, by=world.administrator)
    assert not BoardDirector.objects.filter(organisation=world.board).exists()


def test_a_role_at_a_school_of_another_board_is_refused(world):
    outside_school = world.outside_community.schools.get()
    with pytest.raises(ValidationError) as caught:
        role_services.role_grant(
            staff=_staff(world.teacher),
            role=Role.SCHOOL_LEADER,
            school=outside_school,
            by=world.administrator,
        )
    assert set(caught.value.message_dict) == {"school"}
    assert not SchoolLeader.objects.filter(user=world.teacher).exists()


def test_only_the_boards_own_administrators_change_its_roles(world):
    for by, staff in (
        (world.administrator, _staff(world.outsider)),
        (world.leader, _staff(world.teacher)),
        (world.outsider, _staff(world.teacher)),
    ):
        with pytest.raises(PermissionDenied):
            role_services.role_grant(staff=staff, role=Role.BOARD_DIRECTOR, by=by)
    assert not BoardDirector.objects.filter(user__in=[world.outsider, world.teacher]).exists()


def test_giving_a_role_opens_nothing_to_the_administrator(world, client_for):
    role_services.role_grant(
        staff=_staff(world.teacher), role=Role.BOARD_DIRECTOR, by=world.administrator
    )
    scope = scope_of(world.administrator)
    assert not (scope.roles or scope.is_leader)
    client = client_for("administrator")
    assert client.get(reverse("communities:detail", args=[world.community.pk])).status_code == 404


# The page ----------------------------------------------------------------------------


def test_an_administrator_makes_someone_school_leader_on_the_page(world, client_for):
    client = client_for("administrator")
    url = reverse("boards:person_roles", args=[world.teacher.staff_record.pk])
    page = client.get(url)
    assert [s.name for s in page.context["other_schools"]] == ["De Brug", "De Horizon"]
    response = client.post(
        url, {"role": "school_leader", "school": world.other_school.pk, "action": "grant"}
    )
    assert response.status_code == 302
    assert SchoolLeader.objects.filter(user=world.teacher, school=world.other_school).exists()
    page = client.get(url)
    assert [s.name for s in page.context["led_schools"]] == ["De Horizon"]
    assert "Schoolleider van De Horizon" in page.content.decode()
    response = client.post(url, {"role": "board_administrator", "action": "grant"})
    assert BoardAdministrator.objects.filter(user=world.teacher).exists()
    client.post(url, {"role": "board_administrator", "action": "revoke"})
    assert not BoardAdministrator.objects.filter(user=world.teacher).exists()


def test_ones_own_roles_page_shows_them_and_changes_nothing(world, client_for):
    client = client_for("director")
    url = reverse("boards:person_roles", args=[world.director.staff_record.pk])
    page = client.get(url).content.decode()
    assert "Je kunt je eigen rollen niet veranderen" in page
    assert 'value="revoke"' not in page and 'value="grant"' not in page
    response = client.post(url, {"role": "board_director", "action": "revoke"})
    assert response.status_code == 200
    assert "Je kunt je eigen rollen niet veranderen" in response.content.decode()
    assert BoardDirector.objects.filter(user=world.director).exists()


def test_bad_input_gets_a_message_not_a_500(world, client_for):
    client = client_for("administrator")
    url = reverse("boards:person_roles", args=[world.teacher.staff_record.pk])
    outside_school = world.outside_community.schools.get()
    for data in (
        {},
        {"role": "king", "action": "grant"},
        {"role": "school_leader", "action": "grant"},
        {"role": "school_leader", "school": outside_school.pk, "action": "grant"},
        {"role": "school_leader", "school": "x", "action": "grant"},
        {"role": "board_director", "action": "crown"},
    ):
        response = client.post(url, data)
        assert response.status_code == 200, data
        assert 'id="role-errors"' in response.content.decode(), data
    assert not SchoolLeader.objects.filter(user=world.teacher).exists()
    assert not BoardDirector.objects.filter(user=world.teacher).exists()


def test_another_boards_person_has_no_roles_page(world, client_for):
    url = reverse("boards:person_roles", args=[world.outsider.staff_record.pk])
    client = client_for("administrator")
    assert client.get(url).status_code == 404
    assert client.post(url, {"role": "board_director", "action": "grant"}).status_code == 404
    assert not BoardDirector.objects.filter(user=world.outsider).exists()


def test_the_list_links_to_each_persons_roles(world, client_for):
    page = client_for("administrator").get(reverse("boards:people")).content.decode()
    assert reverse("boards:person_roles", args=[world.teacher.staff_record.pk]) in page
