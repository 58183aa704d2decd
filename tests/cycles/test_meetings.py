import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from communities import services as community_services
from core.errors import StaleEdit
from cycles import selectors
from cycles.models import ActivityKind, Attendance, Cycle, Meeting, MeetingChange
from cycles.services import meetings as meeting_services
from cycles.services import templates as template_services
from tests.cycles.matrix_cycles import a_meeting
from tests.once import rendered_key, send_twice


def next_monday() -> dt.date:
    today = timezone.localdate()
    return today + dt.timedelta(days=7 - today.weekday())


class TestPlanningThroughThePage:
    def test_the_proposal_is_shown_first_and_nothing_is_saved(self, world, client_for):
        client = client_for("facilitator")
        url = reverse("cycles:plan_new", kwargs={"pk": world.community.pk})
        response = client.post(
            url,
            {
                "template": selectors.template_default().pk,
                "start": next_monday().isoformat(),
                "count": 10,
                "preview": "1",
            },
        )
        assert response.status_code == 200
        assert len(response.context["proposal"].cycles) == 10
        assert not Cycle.objects.exists()

    def test_confirming_makes_the_plan(self, world, client_for):
        client = client_for("facilitator")
        url = reverse("cycles:plan_new", kwargs={"pk": world.community.pk})
        response = client.post(
            url,
            {
                "template": selectors.template_default().pk,
                "start": next_monday().isoformat(),
                "count": 3,
                "confirm": "1",
            },
        )
        assert response.status_code == 302
        assert world.community.cycles.count() == 3
        page = client.get(reverse("cycles:plan", kwargs={"pk": world.community.pk}))
        assert len(page.context["rows"]) == 3

    def test_bad_numbers_are_shown_next_to_the_field(self, world, client_for):
        response = client_for("facilitator").post(
            reverse("cycles:plan_new", kwargs={"pk": world.community.pk}),
            {"template": selectors.template_default().pk, "start": "", "count": 99, "confirm": "1"},
        )
        assert set(response.context["form"].errors) == {"start", "count"}
        assert not Cycle.objects.exists()

    def test_a_template_of_another_board_cannot_be_used(self, world, client_for):
        foreign = template_services.template_copy(
            template=selectors.template_default(), organisation=world.outside_board, name="Theirs"
        )
        response = client_for("facilitator").post(
            reverse("cycles:plan_new", kwargs={"pk": world.community.pk}),
            {
                "template": foreign.pk,
                "start": next_monday().isoformat(),
                "count": 1,
                "confirm": "1",
            },
        )
        assert response.context["form"].errors["template"]


class TestCoachingPrivacy:
    @pytest.fixture
    def session(self, world):
        a_meeting(world)
        return Meeting.objects.get(kind=ActivityKind.COACHING, member=world.teacher, week=1)

    @pytest.mark.parametrize(
        ("persona", "status"),
        [
            ("teacher", 200),
            ("coach", 200),
            ("facilitator", 200),
            ("other_teacher", 404),
            ("leader", 404),
            ("director", 404),
            ("outsider", 404),
        ],
    )
    def test_a_coaching_session_is_seen_by_its_member_coach_and_facilitator(
        self, world, client_for, session, persona, status
    ):
        response = client_for(persona).get(reverse("cycles:meeting", kwargs={"pk": session.pk}))
        assert response.status_code == status

    def test_the_plan_shows_others_only_their_own_sessions(self, world, client_for, session):
        page = client_for("other_teacher").get(
            reverse("cycles:plan", kwargs={"pk": world.community.pk})
        )
        shown = [m for row in page.context["rows"] for m in row.meetings]
        assert all(
            m.kind != ActivityKind.COACHING or m.member == world.other_teacher for m in shown
        )


class TestAttendance:
    def test_one_tap_records_attendance_in_place(self, world, client_for):
        meeting = a_meeting(world)
        response = client_for("facilitator").post(
            reverse(
                "cycles:attendance_set", kwargs={"pk": meeting.pk, "user_pk": world.teacher.pk}
            ),
            {"status": "present"},
            HTTP_HX_REQUEST="true",
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert html.lstrip().startswith('<section id="attendance"')
        assert 'aria-pressed="true"' in html
        assert Attendance.objects.get(meeting=meeting, user=world.teacher).status == "present"

    def test_tapping_again_replaces_the_status(self, world):
        meeting = a_meeting(world)
        meeting_services.attendance_set(meeting=meeting, user=world.teacher, status="present")
        meeting_services.attendance_set(meeting=meeting, user=world.teacher, status="excused")
        assert Attendance.objects.get(meeting=meeting, user=world.teacher).status == "excused"

    def test_only_members_can_be_recorded(self, world, client_for):
        meeting = a_meeting(world)
        response = client_for("facilitator").post(
            reverse(
                "cycles:attendance_set", kwargs={"pk": meeting.pk, "user_pk": world.outsider.pk}
            ),
            {"status": "present"},
        )
        assert response.status_code == 404
        assert not Attendance.objects.exists()

    def test_rates_per_member_and_per_meeting(self, world, client_for):
        meeting = a_meeting(world)
        meeting.starts_at = timezone.now() - dt.timedelta(days=1)
        meeting.ends_at = meeting.starts_at + dt.timedelta(hours=1)
        meeting.save()
        meeting_services.attendance_set(meeting=meeting, user=world.teacher, status="present")
        meeting_services.attendance_set(meeting=meeting, user=world.other_teacher, status="absent")
        response = client_for("leader").get(
            reverse("cycles:attendance", kwargs={"pk": world.community.pk})
        )
        rates = {row.user.email: row.rate for row in response.context["members"]}
        assert rates["teacher@example.org"] == 100
        assert rates["other@example.org"] == 0
        held = response.context["meetings"][0]
        assert (held.present, held.recorded) == (1, 2)


class TestEditing:
    def form_data(self, meeting, **changes):
        local = timezone.localtime(meeting.starts_at)
        data = {
            "date": local.date().isoformat(),
            "start": "15:30",
            "end": "17:00",
            "version": meeting.version,
            "reason": "",
            "location": "Lokaal 12",
            "online_url": "",
            "topic": "",
            "agenda": "",
            "notes": "",
            "decisions": "",
        }
        data.update(changes)
        return data

    def test_the_second_of_two_concurrent_edits_is_refused_and_keeps_its_text(
        self, world, client_for
    ):
        meeting = a_meeting(world)
        url = reverse("cycles:meeting_edit", kwargs={"pk": meeting.pk})
        client = client_for("facilitator")
        first = client.post(url, self.form_data(meeting, agenda="First agenda"))
        assert first.status_code == 302
        second = client.post(url, self.form_data(meeting, agenda="My careful second agenda"))
        assert second.status_code == 200
        assert second.context["form"].non_field_errors()
        assert "My careful second agenda" in second.content.decode()
        meeting.refresh_from_db()
        assert meeting.agenda == "First agenda"

    def test_moving_through_the_form_is_recorded(self, world, client_for):
        meeting = a_meeting(world)
        later = timezone.localtime(meeting.starts_at).date() + dt.timedelta(days=1)
        client_for("facilitator").post(
            reverse("cycles:meeting_edit", kwargs={"pk": meeting.pk}),
            self.form_data(meeting, date=later.isoformat(), reason="Sports day"),
        )
        change = MeetingChange.objects.get(meeting=meeting)
        assert change.reason == "Sports day"
        assert timezone.localtime(change.new_starts_at).date() == later

    def test_an_end_before_the_start_is_shown_next_to_the_field(self, world, client_for):
        meeting = a_meeting(world)
        response = client_for("facilitator").post(
            reverse("cycles:meeting_edit", kwargs={"pk": meeting.pk}),
            self.form_data(meeting, start="17:00", end="16:00"),
        )
        assert response.context["form"].errors["end"]

    def test_members_add_to_the_notes_but_cannot_edit_the_meeting(self, world, client_for):
        meeting = a_meeting(world)
        client = client_for("teacher")
        response = client.post(
            reverse("cycles:meeting_notes", kwargs={"pk": meeting.pk}),
            {"notes": "We tried think-aloud.", "version": meeting.version},
        )
        assert response.status_code == 302
        meeting.refresh_from_db()
        assert meeting.notes == "We tried think-aloud."
        assert (
            client.get(reverse("cycles:meeting_edit", kwargs={"pk": meeting.pk})).status_code == 403
        )


def test_two_facilitators_editing_one_cycle_do_not_overwrite_each_other(world, client_for):
    cycle = a_meeting(world).cycle
    url = reverse("cycles:cycle_edit", kwargs={"pk": cycle.pk})
    client = client_for("facilitator")
    assert client.post(url, {"topic": "Reading aloud", "version": 1}).status_code == 302
    second = client.post(url, {"topic": "Something else entirely", "version": 1})
    assert second.status_code == 200
    assert second.context["form"].non_field_errors()
    assert "Something else entirely" in second.content.decode()
    cycle.refresh_from_db()
    assert cycle.topic == "Reading aloud"


def test_members_of_another_community_of_the_same_board_see_nothing(world, client_for):
    from tests.factories import UserFactory as Factory

    neighbour = Factory(email="neighbour@example.org")
    community_services.membership_add(
        community=world.other_community, user=neighbour, role="facilitator"
    )
    meeting = a_meeting(world)
    client = client_for("anonymous")
    client.force_login(neighbour)
    for url in [
        reverse("cycles:plan", kwargs={"pk": world.community.pk}),
        reverse("cycles:meeting", kwargs={"pk": meeting.pk}),
        reverse("cycles:topics", kwargs={"pk": world.community.pk}),
        reverse("cycles:meeting_ics", kwargs={"pk": meeting.pk}),
        reverse("cycles:cycle_edit", kwargs={"pk": meeting.cycle_id}),
    ]:
        assert client.get(url).status_code == 404, url


def test_someone_who_left_gets_none_of_the_communitys_meetings_in_their_feed(world):
    from communities.models import Membership
    from cycles.selectors import feed_meetings

    a_meeting(world)
    assert any(m.kind == ActivityKind.COACHING for m in feed_meetings(world.coach))
    community_services.membership_remove(
        membership=Membership.objects.get(community=world.community, user=world.coach)
    )
    assert feed_meetings(world.coach) == []


def test_choosing_a_topic_for_a_meeting_tells_calendars_and_open_forms(world):
    from cycles.services import topics

    meeting = a_meeting(world)
    topic = topics.topic_propose(community=world.community, by=world.teacher, title="Feedback")
    topics.topic_choose(topic=topic, cycle=None, meeting=meeting, reason="why")
    fresh = Meeting.objects.get(pk=meeting.pk)
    assert (fresh.sequence, fresh.version) == (meeting.sequence + 1, meeting.version + 1)
    with pytest.raises(StaleEdit):
        meeting_services.meeting_update(
            meeting=meeting, version=meeting.version, by=world.facilitator, topic="Old text"
        )


@pytest.mark.parametrize("start", ["9999-06-01", "0001-01-01", "2020-01-06"])
def test_an_impossible_start_is_shown_on_the_form(world, client_for, start):
    response = client_for("facilitator").post(
        reverse("cycles:plan_new", kwargs={"pk": world.community.pk}),
        {"template": selectors.template_default().pk, "start": start, "count": 1, "preview": "1"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["start"]


def test_an_impossible_meeting_date_is_shown_on_the_form(world, client_for):
    meeting = a_meeting(world)
    response = client_for("facilitator").post(
        reverse("cycles:meeting_edit", kwargs={"pk": meeting.pk}),
        {
            "date": "0001-01-01",
            "start": "15:30",
            "end": "17:00",
            "version": meeting.version,
            "reason": "",
            "location": "",
            "online_url": "",
            "topic": "",
            "agenda": "",
            "notes": "",
            "decisions": "",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["date"]


def test_an_action_added_twice_by_a_double_click_is_added_once(world, client_for):
    meeting = a_meeting(world)
    client = client_for("facilitator")
    page = reverse("cycles:meeting", kwargs={"pk": meeting.pk})
    data = {
        "description": "Try the reading routine",
        "owner": world.teacher.pk,
        "client_key": rendered_key(client, page),
    }
    location = send_twice(client, reverse("cycles:action_add", kwargs={"pk": meeting.pk}), data)
    assert location == page
    assert meeting.actions.filter(description="Try the reading routine").count() == 1
