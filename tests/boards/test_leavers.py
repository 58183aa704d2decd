"""Leavers: the board administration marks a person as left. They can no longer sign in and
get no mail; they leave their communities, future coaching and visits; what they wrote stays
theirs; the facilitators see who left."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from boards.access import keeps_a_director_or_administrator
from boards.services import leavers
from communities import services as community_services
from communities.models import BoardAdministrator, BoardDirector, Departure, StaffMember
from cycles.models import ActivityKind, Meeting
from notifications import outbox
from notifications.models import Kind, Message
from observations.models import Instrument, Reflection, Visit
from observations.services import reflections as reflection_services
from observations.services import visits as visit_services
from tests.factories import OrganisationFactory, UserFactory

PASSWORD = "a sound passphrase 42"


@pytest.fixture
def teacher_record(world) -> StaffMember:
    world.teacher.set_password(PASSWORD)
    world.teacher.save()
    return StaffMember.objects.get(user=world.teacher)


def _coaching(world, *, member, coach, days: int) -> Meeting:
    starts = timezone.now() + dt.timedelta(days=days)
    return Meeting.objects.create(
        community=world.community,
        kind=ActivityKind.COACHING,
        member=member,
        coach=coach,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=1),
    )


def _visit(world, *, observed, observers, days: int) -> Visit:
    return visit_services.visit_plan(
        community=world.community,
        observed=observed,
        observers=observers,
        instrument=Instrument.objects.filter(is_current=True).first(),
        starts_at=timezone.now() + dt.timedelta(days=days),
    )


def _signs_in(client, email: str) -> bool:
    response = client.post(reverse("accounts:login"), {"username": email, "password": PASSWORD})
    return response.status_code == 302


def _reminder(world, key: str) -> Message:
    meeting = Meeting.objects.create(
        community=world.community,
        kind=ActivityKind.KNOWLEDGE,
        starts_at=timezone.now() + dt.timedelta(days=2),
        ends_at=timezone.now() + dt.timedelta(days=2, hours=1),
    )
    return outbox.message_queue(
        key=key,
        kind=Kind.MEETING_REMINDER,
        template="meeting_reminder",
        context={"meeting": meeting, "url": "x"},
        recipient=world.teacher,
    )


def _leave(client, record: StaffMember):
    return client.post(
        reverse("boards:person_leave", kwargs={"pk": record.pk}), {"confirm": "on"}, follow=True
    )


def test_the_page_says_what_changes_before_anything_does(world, client_for, teacher_record):
    _coaching(world, member=world.teacher, coach=world.coach, days=3)
    _visit(world, observed=world.teacher, observers=[world.other_teacher], days=4)
    page = client_for("administrator").get(
        reverse("boards:person_leave", kwargs={"pk": teacher_record.pk})
    )
    text = page.content.decode()
    assert "PLG Lezen" in text
    assert "1 coachingsgesprek voor hen wordt geannuleerd" in text
    assert "1 gepland bezoek aan hun lessen wordt geannuleerd" in text
    teacher_record.refresh_from_db()
    assert teacher_record.left_at is None


def test_sent_without_confirming_changes_nothing(world, client_for, teacher_record):
    response = client_for("administrator").post(
        reverse("boards:person_leave", kwargs={"pk": teacher_record.pk}), {}
    )
    assert response.status_code == 200
    assert "Dit veld is verplicht" in response.content.decode()
    teacher_record.refresh_from_db()
    assert teacher_record.left_at is None


def test_a_leaver_can_no_longer_sign_in_and_their_session_ends(world, client_for, teacher_record):
    client = Client()  # the teacher's browser; client_for is the administrator's
    assert _signs_in(client, world.teacher.email)
    _leave(client_for("administrator"), teacher_record)
    assert not client.get(reverse("home")).wsgi_request.user.is_authenticated
    assert not _signs_in(client, world.teacher.email)


def test_a_leaver_leaves_communities_and_the_facilitator_sees_who_left(
    world, client_for, teacher_record
):
    reflection = reflection_services.reflection_save(
        author=world.teacher,
        community=world.community,
        visibility="community",
        text="Mijn les over samenvatten.",
        publish=True,
    )
    _leave(client_for("administrator"), teacher_record)
    assert not world.community.memberships.filter(user=world.teacher).exists()
    members = client_for("facilitator").get(
        reverse("communities:members", kwargs={"pk": world.community.pk})
    )
    text = members.content.decode()
    assert "Uit het schoolbestuur vertrokken" in text
    assert "Tess Teacher" in text.split("Uit het schoolbestuur vertrokken")[1]
    # What they wrote stays theirs.
    assert Reflection.objects.filter(pk=reflection.pk, author=world.teacher).exists()


def test_future_coaching_and_visits_are_called_off_and_the_past_stays(
    world, client_for, teacher_record
):
    coached = _coaching(world, member=world.teacher, coach=world.coach, days=3)
    coaching_given = _coaching(world, member=world.other_teacher, coach=world.teacher, days=5)
    past = _coaching(world, member=world.teacher, coach=world.coach, days=-3)
    their_lesson = _visit(world, observed=world.teacher, observers=[world.other_teacher], days=4)
    observing = _visit(
        world, observed=world.other_teacher, observers=[world.teacher, world.coach], days=6
    )
    _leave(client_for("administrator"), teacher_record)
    coached.refresh_from_db()
    coaching_given.refresh_from_db()
    past.refresh_from_db()
    assert coached.status == Meeting.Status.CANCELLED
    assert coaching_given.status == Meeting.Status.PLANNED and coaching_given.coach is None
    assert past.status == Meeting.Status.PLANNED
    assert not Visit.objects.filter(pk=their_lesson.pk).exists()
    assert list(observing.observers.all()) == [world.coach]


def test_a_leaver_gets_no_mail_waiting_or_later(world, client_for, teacher_record):
    waiting = _reminder(world, "test:waiting")
    _leave(client_for("administrator"), teacher_record)
    waiting.refresh_from_db()
    assert waiting.status == Message.Status.SKIPPED
    later = _reminder(world, "test:later")
    assert outbox.message_send(later.pk) == "skipped"


def test_marking_twice_changes_nothing_the_second_time(world, client_for, teacher_record):
    client = client_for("administrator")
    _leave(client, teacher_record)
    teacher_record.refresh_from_db()
    first = teacher_record.left_at
    _leave(client, teacher_record)
    teacher_record.refresh_from_db()
    assert teacher_record.left_at == first
    assert Departure.objects.filter(user=world.teacher).count() == 1


def test_nobody_marks_themselves_as_left(world, client_for):
    record = world.administrator.staff_record  # the world's roles come with their records
    response = _leave(client_for("administrator"), record)
    assert "Je kunt jezelf niet als vertrokken markeren" in response.content.decode()
    record.refresh_from_db()
    assert record.left_at is None


def test_the_board_keeps_a_director_or_administrator(world):
    director = world.director.staff_record
    administrator = world.administrator.staff_record
    leavers.staff_leave(record=director, by=world.administrator)
    assert not BoardDirector.objects.filter(organisation=world.board).exists()
    # The administrator alone runs the board now: without them, nobody would.
    assert not keeps_a_director_or_administrator(world.board, without=world.administrator)
    second = UserFactory()
    community_services.board_administrator_add(organisation=world.board, user=second)
    assert keeps_a_director_or_administrator(world.board, without=world.administrator)
    leavers.staff_leave(record=administrator, by=second)
    assert BoardAdministrator.objects.get(organisation=world.board).user == second


def test_a_leaver_is_not_given_a_role_or_invited_until_taken_back(
    world, client_for, teacher_record
):
    client = Client()
    _leave(client_for("administrator"), teacher_record)
    with pytest.raises(ValidationError):
        community_services.membership_add(
            community=world.other_community, user=world.teacher, role="member"
        )
    with pytest.raises(ValidationError) as caught:
        community_services.invitation_create(
            community=world.other_community,
            email=world.teacher.email,
            role="member",
            invited_by=world.facilitator,
        )
    assert "email" in caught.value.message_dict
    client_for("administrator").post(
        reverse("boards:person_return", kwargs={"pk": teacher_record.pk})
    )
    assert _signs_in(client, world.teacher.email)
    community_services.membership_add(
        community=world.other_community, user=world.teacher, role="member"
    )


def test_another_boards_person_is_not_found(world, client_for):
    elsewhere = StaffMember.objects.create(
        organisation=OrganisationFactory(name="Ergens"), user=UserFactory()
    )
    client = client_for("administrator")
    assert (
        client.get(reverse("boards:person_leave", kwargs={"pk": elsewhere.pk})).status_code == 404
    )
    response = client.post(reverse("boards:person_return", kwargs={"pk": elsewhere.pk}))
    assert response.status_code == 404


def test_the_leave_page_runs_a_pinned_number_of_queries_whatever_they_hold(
    world, client_for, teacher_record, queries
):
    client_for("administrator")
    url = reverse("boards:person_leave", kwargs={"pk": teacher_record.pk})
    queries.assert_count(url, 18)
    community_services.membership_add(
        community=world.other_community, user=world.teacher, role="member"
    )
    community_services.school_leader_add(school=world.school, user=world.teacher)
    community_services.school_leader_add(school=world.other_school, user=world.teacher)
    for days in range(1, 6):
        _coaching(world, member=world.teacher, coach=world.coach, days=days)
        _visit(world, observed=world.teacher, observers=[world.other_teacher], days=days)
    queries.assert_count(url, 18)
