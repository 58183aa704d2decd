import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from cycles import selectors
from cycles.models import SchoolHoliday, Topic, TopicVote
from cycles.services import school_calendars, topics
from tests.cycles.matrix_cycles import a_meeting
from tests.once import rendered_key, send_twice

D = dt.date

PASTED = """Herfstvakantie; 17-10-2026; 25-10-2026
Kerstvakantie\t19-12-2026\t03-01-2027
Studiedag, 2026-11-12
# a comment line

Voorjaarsvakantie; 20/02/2027; 28/02/2027
"""


class TestSchoolCalendar:
    @pytest.fixture(autouse=True)
    def bare(self, world):
        """These tests are about what a leader types or pastes: the calendars start empty,
        without the region's holidays."""
        SchoolHoliday.objects.all().delete()

    def test_a_pasted_list_is_read_in_every_usual_format(self, world):
        added, skipped = school_calendars.holidays_import(school=world.school, text=PASTED)
        assert (added, skipped) == (4, 0)
        study = SchoolHoliday.objects.get(name="Studiedag")
        assert (study.kind, study.first_day, study.last_day) == (
            "study_day",
            D(2026, 11, 12),
            D(2026, 11, 12),
        )
        christmas = SchoolHoliday.objects.get(name="Kerstvakantie")
        assert christmas.last_day == D(2027, 1, 3)

    def test_pasting_the_same_list_twice_adds_nothing_new(self, world):
        school_calendars.holidays_import(school=world.school, text=PASTED)
        assert school_calendars.holidays_import(school=world.school, text=PASTED) == (0, 4)

    def test_one_bad_line_saves_nothing_and_names_the_line(self, world):
        with pytest.raises(ValidationError) as caught:
            school_calendars.holidays_import(
                school=world.school, text="Herfst; 17-10-2026; 25-10-2026\nKerst; 31-02-2026"
            )
        assert "2" in caught.value.messages[0]
        assert not SchoolHoliday.objects.exists()

    def test_the_import_form_shows_errors_in_place(self, world, client_for):
        response = client_for("leader").post(
            reverse("cycles:school_calendar_import", kwargs={"pk": world.school.pk}),
            {"lines": "Herfst; 25-10-2026; 17-10-2026"},
        )
        assert response.status_code == 200
        assert response.context["import_form"].errors["lines"]

    def test_a_leader_adds_a_study_day(self, world, client_for):
        response = client_for("leader").post(
            reverse("cycles:school_calendar", kwargs={"pk": world.school.pk}),
            {
                "name": "Studiedag",
                "kind": "study_day",
                "first_day": "2026-11-12",
                "last_day": "2026-11-12",
            },
        )
        assert response.status_code == 302
        assert SchoolHoliday.objects.filter(school=world.school).count() == 1

    def test_a_last_day_before_the_first_is_shown_next_to_the_field(self, world, client_for):
        response = client_for("leader").post(
            reverse("cycles:school_calendar", kwargs={"pk": world.school.pk}),
            {"name": "x", "kind": "holiday", "first_day": "2026-11-12", "last_day": "2026-11-01"},
        )
        assert response.context["form"].errors["last_day"]
        assert not SchoolHoliday.objects.exists()

    def test_the_database_refuses_a_holiday_that_ends_before_it_starts(self, world):
        from django.db import IntegrityError, transaction

        with pytest.raises(IntegrityError), transaction.atomic():
            SchoolHoliday.objects.create(
                school=world.school, name="x", first_day=D(2026, 1, 2), last_day=D(2026, 1, 1)
            )

    def test_the_page_lists_public_holidays(self, world, client_for):
        response = client_for("leader").get(
            reverse("cycles:school_calendar", kwargs={"pk": world.school.pk})
        )
        names = [name for _, name in response.context["public_holidays"]]
        assert any("Koningsdag" in name for name in names)


class TestTopics:
    def test_members_propose_and_vote_once(self, world, client_for):
        client = client_for("teacher")
        client.post(
            reverse("cycles:topic_propose", kwargs={"pk": world.community.pk}),
            {"title": "Feedback that helps", "description": "Pupils ignore comments"},
        )
        topic = Topic.objects.get(title="Feedback that helps")
        url = reverse("cycles:topic_vote", kwargs={"pk": topic.pk})
        client.post(url, {"vote": "1"})
        client.post(url, {"vote": "1"})  # a double click
        client_for("other_teacher").post(url, {"vote": "1"}, HTTP_HX_REQUEST="true")
        assert TopicVote.objects.filter(topic=topic).count() == 2
        page = client_for("teacher").get(
            reverse("cycles:topics", kwargs={"pk": world.community.pk})
        )
        shown = page.context["topics"][0]
        assert (shown.vote_count, shown.my_vote) == (2, True)

    def test_withdrawing_a_vote(self, world):
        topic = topics.topic_propose(community=world.community, by=world.teacher, title="x")
        topics.topic_vote(topic=topic, user=world.teacher, vote=True)
        topics.topic_vote(topic=topic, user=world.teacher, vote=False)
        assert not TopicVote.objects.exists()

    def test_the_facilitator_chooses_and_members_see_what_and_why(self, world, client_for):
        meeting = a_meeting(world)
        topic = topics.topic_propose(community=world.community, by=world.teacher, title="Feedback")
        response = client_for("facilitator").post(
            reverse("cycles:topic_choose", kwargs={"pk": topic.pk}),
            {"cycle": meeting.cycle_id, "reason": "Most votes and fits our goal."},
        )
        assert response.status_code == 302
        html = (
            client_for("other_teacher")
            .get(reverse("cycles:topics", kwargs={"pk": world.community.pk}))
            .content.decode()
        )
        assert "Most votes and fits our goal." in html
        meeting.cycle.refresh_from_db()
        assert meeting.cycle.topic == "Feedback"

    def test_voting_closes_once_chosen(self, world):
        meeting = a_meeting(world)
        topic = topics.topic_propose(community=world.community, by=world.teacher, title="x")
        topics.topic_choose(topic=topic, cycle=meeting.cycle, meeting=None, reason="why")
        with pytest.raises(ValidationError):
            topics.topic_vote(topic=topic, user=world.teacher, vote=True)

    def test_a_cycle_of_another_community_cannot_be_chosen(self, world):
        from cycles.services import cycles as cycle_services

        cycle_services.plan_create(
            community=world.outside_community,
            template=selectors.template_default(),
            start=timezone.localdate(),
            count=1,
        )
        foreign = world.outside_community.cycles.first()
        topic = topics.topic_propose(community=world.community, by=world.teacher, title="x")
        with pytest.raises(ValidationError):
            topics.topic_choose(topic=topic, cycle=foreign, meeting=None, reason="why")

    def test_a_reason_is_required(self, world):
        meeting = a_meeting(world)
        topic = topics.topic_propose(community=world.community, by=world.teacher, title="x")
        with pytest.raises(ValidationError):
            topics.topic_choose(topic=topic, cycle=meeting.cycle, meeting=None, reason=" ")


def test_a_topic_can_be_chosen_for_one_meeting(world, client_for):
    meeting = a_meeting(world)
    topic = topics.topic_propose(community=world.community, by=world.teacher, title="Feedback")
    response = client_for("facilitator").post(
        reverse("cycles:topic_choose", kwargs={"pk": topic.pk}),
        {"cycle": "", "meeting": meeting.pk, "reason": "Fits this meeting."},
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.topic == "Feedback"
    topic.refresh_from_db()
    assert (topic.status, topic.meeting_id) == ("chosen", meeting.pk)


def test_neither_cycle_nor_meeting_chooses_nothing(world, client_for):
    topic = topics.topic_propose(community=world.community, by=world.teacher, title="Feedback")
    client_for("facilitator").post(
        reverse("cycles:topic_choose", kwargs={"pk": topic.pk}),
        {"cycle": "", "meeting": "", "reason": "Why not."},
    )
    topic.refresh_from_db()
    assert topic.status == "proposed"


def test_a_topic_proposed_twice_by_a_double_click_is_proposed_once(world, client_for):
    client = client_for("teacher")
    page = reverse("cycles:topics", kwargs={"pk": world.community.pk})
    data = {"title": "Feedback that helps", "client_key": rendered_key(client, page)}
    location = send_twice(
        client, reverse("cycles:topic_propose", kwargs={"pk": world.community.pk}), data
    )
    assert location == page
    assert Topic.objects.filter(title="Feedback that helps").count() == 1


def control_characters_message(user) -> str:
    with translation.override(user.language):
        return escape(
            gettext(
                "This text contains invisible control characters. Remove them (typing the "
                "text again helps) and try again."
            )
        )


@pytest.mark.parametrize("character", ["\x00", "\x0b"])
def test_a_decline_reason_with_a_control_character_is_refused_at_the_field(
    world, client_for, character
):
    topic = topics.topic_propose(community=world.community, by=world.teacher, title="Feedback")
    response = client_for("facilitator").post(
        reverse("cycles:topic_decline", kwargs={"pk": topic.pk}),
        {"reason": f"Not now{character}, later"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    error = html[html.index(f'id="decline-{topic.pk}-error"') :]
    assert control_characters_message(world.facilitator) in error[: error.index("</ul>")]
    topic.refresh_from_db()
    assert (topic.status, topic.reason) == ("proposed", "")


def test_a_chosen_topics_reason_with_a_nul_is_refused_at_the_field(world, client_for):
    meeting = a_meeting(world)
    topic = topics.topic_propose(community=world.community, by=world.teacher, title="Feedback")
    response = client_for("facilitator").post(
        reverse("cycles:topic_choose", kwargs={"pk": topic.pk}),
        {"cycle": meeting.cycle_id, "meeting": "", "reason": "Fits\x00 us"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    error = html[html.index(f'id="reason-{topic.pk}-error"') :]
    assert control_characters_message(world.facilitator) in error[: error.index("</ul>")]
    topic.refresh_from_db()
    assert topic.status == "proposed"


def test_a_proposed_topic_with_a_control_character_is_refused_at_the_field(world, client_for):
    response = client_for("teacher").post(
        reverse("cycles:topic_propose", kwargs={"pk": world.community.pk}),
        {"title": "Feedback\x1b[31m that helps"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    error = html[html.index('id="id_title_error"') :]
    assert control_characters_message(world.teacher) in error[: error.index("</ul>")]
    assert not Topic.objects.exists()
