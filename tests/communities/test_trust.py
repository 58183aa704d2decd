"""Nobody grants themselves access; one person, one board; the teacher is told when someone
new can read what they share, and decides whether a coach who leads their school reads what
they share with their coach."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from communities import scope, services
from communities.models import (
    BoardAdministrator,
    BoardDirector,
    CoachAcceptance,
    Membership,
    ReaderNotice,
    SchoolLeader,
    StaffMember,
)
from notifications.models import Kind, Message
from observations.models import Instrument
from observations.services import reflections as reflection_services
from observations.services import visits as visit_services
from tests.factories import UserFactory


def invite_url(w) -> str:
    return reverse("communities:invite", kwargs={"pk": w.community.pk})


# Nobody grants themselves access -------------------------------------------------------


@pytest.mark.parametrize("persona", ["leader", "director", "facilitator"])
def test_nobody_invites_themself(world, client_for, persona):
    person = world.people[persona]
    response = client_for(persona).post(
        invite_url(world), {"email": person.email.upper(), "role": "coach"}
    )
    assert response.status_code == 200
    assert "Je kunt jezelf niet uitnodigen" in response.content.decode()
    assert not world.community.invitations.filter(email=person.email).exists()
    assert Membership.objects.filter(community=world.community, user=person).count() == (
        1 if persona == "facilitator" else 0
    )


def test_nobody_changes_their_own_role(world, client_for):
    facilitator = world.membership("facilitator")
    client = client_for("facilitator")
    members = reverse("communities:members", kwargs={"pk": world.community.pk})
    page = client.get(members).content.decode()
    assert f'id="role-{facilitator.pk}"' not in page  # no role chooser on one's own row
    assert "je kunt je eigen rol niet wijzigen" in page
    url = reverse(
        "communities:member_role",
        kwargs={"pk": world.community.pk, "membership_pk": facilitator.pk},
    )
    response = client.post(url, {"role": "coach"}, follow=True)
    assert "Je kunt je eigen rol niet wijzigen" in response.content.decode()
    facilitator.refresh_from_db()
    assert facilitator.role == Membership.Role.FACILITATOR


# One person, one board -------------------------------------------------------------------


def test_another_boards_facilitator_cannot_invite_a_leader_of_this_board(world, client_for):
    response = client_for("outsider").post(
        reverse("communities:invite", kwargs={"pk": world.outside_community.pk}),
        {"email": world.leader.email, "role": "member"},
    )
    assert "ander schoolbestuur" in response.content.decode()
    assert not world.outside_community.invitations.exists()


def test_a_leader_or_director_cannot_join_another_board(world):
    for person in (world.leader, world.director):
        with pytest.raises(ValidationError):
            services.membership_add(
                community=world.outside_community, user=person, role=Membership.Role.MEMBER
            )
    outside_school = world.outside_community.schools.get()
    with pytest.raises(ValidationError):
        services.school_leader_add(school=outside_school, user=world.teacher)
    with pytest.raises(ValidationError):
        services.board_director_add(organisation=world.outside_board, user=world.leader)
    with pytest.raises(ValidationError):
        services.board_administrator_add(organisation=world.outside_board, user=world.teacher)
    # The same board is fine.
    services.school_leader_add(school=world.other_school, user=world.leader)
    services.board_administrator_add(organisation=world.board, user=world.director)


def test_a_board_administrator_cannot_take_a_role_at_another_board(world):
    outside_school = world.outside_community.schools.get()
    with pytest.raises(ValidationError):
        services.membership_add(
            community=world.outside_community, user=world.administrator, role="member"
        )
    with pytest.raises(ValidationError):
        services.school_leader_add(school=outside_school, user=world.administrator)
    with pytest.raises(ValidationError):
        services.board_director_add(organisation=world.outside_board, user=world.administrator)
    with pytest.raises(ValidationError) as caught:
        BoardAdministrator(organisation=world.outside_board, user=world.administrator).full_clean()
    assert "user" in caught.value.message_dict


@pytest.mark.parametrize(
    "role",
    [
        "membership",
        "leader",
        "director",
        "administrator",
        "member_of_administrator",
        "staff",
        "member_on_other_staff",
    ],
)
def test_the_database_refuses_a_second_board_whoever_writes(world, role):
    outside_school = world.outside_community.schools.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        if role == "membership":
            Membership.objects.create(community=world.outside_community, user=world.leader)
        elif role == "leader":
            SchoolLeader.objects.create(school=outside_school, user=world.director)
        elif role == "director":
            BoardDirector.objects.create(organisation=world.outside_board, user=world.teacher)
        elif role == "administrator":
            BoardAdministrator.objects.create(organisation=world.outside_board, user=world.teacher)
        elif role == "member_of_administrator":
            Membership.objects.create(community=world.outside_community, user=world.administrator)
        elif role == "staff":
            StaffMember.objects.create(organisation=world.outside_board, user=world.teacher)
        else:
            newcomer = UserFactory()
            StaffMember.objects.create(organisation=world.board, user=newcomer)
            Membership.objects.create(community=world.outside_community, user=newcomer)


def test_everyone_given_a_role_is_on_the_boards_staff_list(world):
    newcomer = UserFactory()
    services.membership_add(community=world.community, user=newcomer, role="member")
    services.school_leader_add(school=world.other_school, user=newcomer)
    record = StaffMember.objects.get(user=newcomer)
    assert record.organisation == world.board
    assert list(record.schools.all()) == [world.other_school]
    on_other_staff = UserFactory()
    StaffMember.objects.create(organisation=world.outside_board, user=on_other_staff)
    with pytest.raises(ValidationError):
        services.membership_add(community=world.community, user=on_other_staff, role="member")


def test_the_admin_form_says_one_person_one_board(world):
    leadership = SchoolLeader(school=world.outside_community.schools.get(), user=world.teacher)
    with pytest.raises(ValidationError) as caught:
        leadership.full_clean()
    assert "user" in caught.value.message_dict


# The teacher is told who can now read what they share ----------------------------------------


def accept_invitation(world, email: str, role: str):
    invitation = services.invitation_create(
        community=world.community, email=email, role=role, invited_by=world.facilitator
    )
    person = UserFactory(email=email)
    services.invitation_accept(invitation=invitation, user=person)
    return person


def test_a_new_member_is_announced_to_every_member_by_mail_and_on_their_home_page(
    world, client_for
):
    newcomer = accept_invitation(world, "newbie@example.org", "member")
    told = set(ReaderNotice.objects.filter(reader=newcomer).values_list("recipient", flat=True))
    assert told == {world.teacher.pk, world.other_teacher.pk, world.facilitator.pk, world.coach.pk}
    mail = Message.objects.get(kind=Kind.NEW_READER, recipient=world.teacher)
    assert newcomer.full_name in mail.subject
    home = client_for("teacher").get(reverse("home")).content.decode()
    assert "Iemand nieuw kan lezen wat je deelt" in home
    notice = ReaderNotice.objects.get(recipient=world.teacher)
    client_for("teacher").post(reverse("communities:reader_notice_dismiss", args=[notice.pk]))
    assert (
        "Iemand nieuw kan lezen" not in client_for("teacher").get(reverse("home")).content.decode()
    )


def test_a_new_coach_is_announced_and_a_leading_coach_is_marked(world, client_for):
    # The facilitator makes the school leader coach: the leader joins, then becomes coach.
    services.membership_add(community=world.community, user=world.leader, role="member")
    services.membership_set_role(
        membership=Membership.objects.get(community=world.community, user=world.leader),
        role="coach",
        by=world.facilitator,
    )
    notice = ReaderNotice.objects.get(recipient=world.teacher, reader=world.leader)
    assert (notice.role, notice.leads) == ("coach", True)
    text = Message.objects.get(recipient=world.teacher).text
    assert "leidt je school" in text
    # What a coach who leads reads at once (the community's) and only once accepted.
    assert "pas nadat je Lea Leader op je startpagina als coach accepteert" in text


# A coach who leads reads coach-only content only once the teacher accepts ---------------------


@pytest.fixture
def leading_coach(world):
    services.membership_add(community=world.community, user=world.leader, role="coach")
    return world.leader


def test_a_leading_coach_reads_what_a_member_reads_until_the_teacher_accepts(
    world, client_for, leading_coach
):
    coach_only = reflection_services.reflection_save(
        author=world.teacher, community=world.community, visibility="coach", text="x", publish=True
    )
    shared = reflection_services.reflection_save(
        author=world.teacher,
        community=world.community,
        visibility="community",
        text="y",
        publish=True,
    )
    client = client_for("leader")
    coach_url = reverse("observations:reflection", args=[coach_only.pk])
    goal_url = reverse("communities:my_goal", args=[world.coach_goal.pk])
    assert client.get(coach_url).status_code == 404
    assert client.get(goal_url).status_code == 404
    assert client.get(reverse("observations:reflection", args=[shared.pk])).status_code == 200
    # The ordinary coach reads it without more ado.
    assert client_for("coach").get(coach_url).status_code == 200

    # The teacher sees that this coach leads their school, and accepts.
    teacher = client_for("teacher")
    home = teacher.get(reverse("home")).content.decode()
    assert "leidt je school of bestuur" in home
    accept = reverse(
        "communities:coach_accept", kwargs={"pk": world.community.pk, "coach_pk": world.leader.pk}
    )
    assert teacher.post(accept).status_code == 302
    teacher.post(accept)  # a double click accepts once
    assert CoachAcceptance.objects.count() == 1

    client = client_for("leader")
    assert client.get(coach_url).status_code == 200
    assert client.get(goal_url).status_code == 200
    # Another teacher of the community has not accepted: theirs stays closed.
    other = reflection_services.reflection_save(
        author=world.other_teacher,
        community=world.community,
        visibility="coach",
        text="z",
        publish=True,
    )
    assert client.get(reverse("observations:reflection", args=[other.pk])).status_code == 404

    # And the teacher can take it back at once.
    withdraw = reverse(
        "communities:coach_withdraw",
        kwargs={"pk": world.community.pk, "coach_pk": world.leader.pk},
    )
    client_for("teacher").post(withdraw)
    assert client_for("leader").get(coach_url).status_code == 404


def test_a_leading_coach_sees_unshared_visits_only_after_acceptance(
    world, client_for, leading_coach
):
    visit = visit_services.visit_plan(
        community=world.community,
        observed=world.teacher,
        observers=[world.other_teacher],
        instrument=Instrument.objects.filter(organisation=None, is_current=True).first(),
        starts_at=timezone.now() + dt.timedelta(days=2),
        group="5B",
    )
    url = reverse("observations:visit", args=[visit.pk])
    listing = reverse("observations:community_visits", args=[world.community.pk])
    assert client_for("leader").get(url).status_code == 404
    assert f'href="{url}"' not in client_for("leader").get(listing).content.decode()
    services.coach_accept(teacher=world.teacher, coach=world.leader, community=world.community)
    assert client_for("leader").get(url).status_code == 200
    assert f'href="{url}"' in client_for("leader").get(listing).content.decode()


def test_nobody_accepts_for_someone_else_or_accepts_themself(world, client_for, leading_coach):
    # A leader who is not a member of the community can't accept anyone there.
    accept = reverse(
        "communities:coach_accept", kwargs={"pk": world.community.pk, "coach_pk": world.coach.pk}
    )
    assert client_for("director").post(accept).status_code == 404
    own = reverse(
        "communities:coach_accept", kwargs={"pk": world.community.pk, "coach_pk": world.leader.pk}
    )
    assert client_for("leader").post(own).status_code == 404
    assert not CoachAcceptance.objects.exists()


def test_a_board_administrator_holds_the_board_but_opens_no_community(world):
    held = scope.scope_of(world.administrator)
    assert held.administered_organisation_ids == {world.board.pk}
    assert not held.directed_organisation_ids and not held.is_leader and not held.roles
    assert not scope.visible_communities(world.administrator).exists()
    director = scope.scope_of(world.director)
    assert director.directed_organisation_ids == {world.board.pk}
    assert not director.administered_organisation_ids
