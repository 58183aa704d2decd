"""Mail about classroom visits, reflections and goals: a visit reminder to the people in the
visit, a prompt to write the reflection the same afternoon that stops once it is written,
and a nudge for a goal past its date without progress. Each once, on time, in the reader's
language, only to the right people (and read in a fixed number of queries:
tests/notifications/test_queries.py)."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core import mail

from accounts.models import User
from communities import services as community_services
from communities.models import CommunityGoal, GoalStatus, PersonalGoal
from cycles.models import ActivityKind, Attendance, Meeting
from cycles.services import meetings as meeting_services
from notifications import outbox, preferences
from notifications.models import Kind, Message
from notifications.scan import queue_due
from observations.models import Instrument, Item, Visit
from observations.services import reflections as reflection_services
from observations.services import visits as visit_services
from tests.conftest import World, build_world

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
UTC = dt.UTC


def local(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=AMSTERDAM)


def utc(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


@pytest.fixture
def world(db) -> World:
    """The test world as made on 1 November 2026, a month before the mail below. Its goals
    are due 100 days after it was made: on another day they could fall due just when a test
    below expects no nudge (on 5 December, the community goal was due on 15 March 2027)."""
    with time_machine.travel(local(2026, 11, 1, 12, 0)):
        return build_world()


@pytest.fixture(autouse=True)
def _english(world):
    """The texts asserted below are the English msgids, whatever is translated later; the
    language test sets a Dutch reader itself."""
    User.objects.update(language="en")
    for user in world.people.values():
        if user is not None:
            user.refresh_from_db()


def sent(kind: str) -> list:
    """The mails of one kind (other collectors may send their own mail in the same scan)."""
    return [m for m in mail.outbox if m.extra_headers.get("X-PLC-Message", "").startswith(kind)]


def sent_to(kind: str) -> list[str]:
    return sorted(m.to[0] for m in sent(kind))


def html_of(message) -> str:
    (html, mimetype), *_rest = message.alternatives
    assert mimetype == "text/html"
    return html


def links(text: str) -> list[str]:
    return re.findall(r"https?://[^\s\"<>]+", text)


def scan(when: dt.datetime, times: int = 1) -> None:
    with time_machine.travel(when, tick=False):
        for _time in range(times):
            outbox.send_due()


def queue_only(when: dt.datetime) -> int:
    """Queue what is due without handing it over (the worker is slow today)."""
    with time_machine.travel(when, tick=False):
        return queue_due(when)


def instrument() -> Instrument:
    return Instrument.objects.get(name="Algemene lesobservatie")


def plan_visit(world, when: dt.datetime, observed=None, observers=None, **fields) -> Visit:
    return visit_services.visit_plan(
        community=world.community,
        observed=observed or world.teacher,
        observers=observers or [world.other_teacher],
        instrument=instrument(),
        starts_at=when,
        group=fields.pop("group", "groep 6b"),
        subject=fields.pop("subject", "begrijpend lezen"),
        **fields,
    )


def meeting_at(world, when: dt.datetime, kind: str = ActivityKind.KNOWLEDGE, **fields) -> Meeting:
    return Meeting.objects.create(
        community=world.community,
        kind=kind,
        starts_at=when,
        ends_at=when + fields.pop("length", dt.timedelta(hours=1, minutes=30)),
        location="Lokaal 12",
        **fields,
    )


def reflect(user, **fields) -> None:
    reflection_services.reflection_save(
        author=user, community=fields.pop("community", None), title="Mijn reflectie", **fields
    )


def set_target(goal, day: dt.date):
    if isinstance(goal, CommunityGoal):
        return community_services.community_goal_update(goal=goal, target_date=day)
    return community_services.personal_goal_update(goal=goal, target_date=day)


# Visit reminders ---------------------------------------------------------------------------


class TestVisitReminders:
    def test_the_observers_and_the_observed_teacher_get_one_reminder_a_day_before(self, world):
        visit = plan_visit(
            world, local(2026, 12, 3, 10, 0), observers=[world.other_teacher, world.coach]
        )
        scan(local(2026, 12, 2, 9, 59))
        assert sent(Kind.VISIT_REMINDER) == []  # 24 hours and a minute before: not yet
        scan(local(2026, 12, 2, 10, 0), times=2)  # a second scan adds nothing
        scan(local(2026, 12, 2, 14, 0))  # nor does a later one
        # The leader, the director and the facilitator are not in the visit.
        assert sent_to(Kind.VISIT_REMINDER) == [
            "coach@example.org",
            "other@example.org",
            "teacher@example.org",
        ]
        assert Message.objects.filter(kind=Kind.VISIT_REMINDER).count() == 3
        assert set(
            Message.objects.filter(kind=Kind.VISIT_REMINDER).values_list("status", flat=True)
        ) == {Message.Status.SENT}

        observed = next(m for m in sent(Kind.VISIT_REMINDER) if m.to == ["teacher@example.org"])
        assert observed.subject == "Reminder: classroom visit on Thursday 3 December, 10:00"
        assert "Cas Coach, Otto Other will visit your lesson" in observed.body
        observer = next(m for m in sent(Kind.VISIT_REMINDER) if m.to == ["other@example.org"])
        assert "you will visit the lesson of Tess Teacher" in observer.body
        assert "Together with Cas Coach." in observer.body
        for message in sent(Kind.VISIT_REMINDER):
            html = html_of(message)
            for part in (message.body, html):
                assert "groep 6b" in part and "begrijpend lezen" in part and "PLG Lezen" in part
                assert "10:00" in part
            visit_url = f"{settings.SITE_URL}/visits/{visit.pk}/"
            assert visit_url in message.body and f'href="{visit_url}"' in html
            assert links(message.body) and all(
                link.startswith(settings.SITE_URL) for link in links(message.body)
            )
            assert all(link.startswith(settings.SITE_URL) for link in links(html))
            assert message.extra_headers["List-Unsubscribe"].startswith(f"<{settings.SITE_URL}")

    def test_says_nothing_of_scores_or_conversations(self, world):
        visit = plan_visit(world, local(2026, 12, 3, 10, 0))
        visit = visit_services.visit_record_contract(
            visit=visit,
            version=visit.version,
            focus="FOCUS-SECRET",
            data_collection="DATA-SECRET",
            agreements="AGREEMENT-SECRET",
            focus_items=[],
        )
        item = Item.objects.filter(domain__instrument=visit.instrument).first()
        visit_services.score_save(
            visit=visit, item=item, level=visit.instrument.levels.first(), evidence="SCORE-SECRET"
        )
        scan(local(2026, 12, 2, 10, 1))
        assert len(sent(Kind.VISIT_REMINDER)) == 2
        for message in sent(Kind.VISIT_REMINDER):
            for part in (message.subject, message.body, html_of(message)):
                assert "SECRET" not in part

    def test_the_chosen_lead_time_and_turning_reminders_off(self, world):
        plan_visit(world, local(2026, 12, 3, 10, 0), observers=[world.other_teacher, world.coach])
        preferences.preference_update(user=world.teacher, reminder_hours=2)
        preferences.preference_update(user=world.other_teacher, visit_reminder=False)
        scan(local(2026, 12, 2, 10, 1))
        assert sent_to(Kind.VISIT_REMINDER) == ["coach@example.org"]
        scan(local(2026, 12, 3, 7, 59))
        assert sent_to(Kind.VISIT_REMINDER) == ["coach@example.org"]
        scan(local(2026, 12, 3, 8, 0))
        assert sent_to(Kind.VISIT_REMINDER) == ["coach@example.org", "teacher@example.org"]

    def test_not_for_a_visit_that_has_started(self, world):
        plan_visit(world, local(2026, 12, 3, 10, 0))
        scan(local(2026, 12, 3, 10, 0))  # the scanner was down until the lesson began
        scan(local(2026, 12, 3, 10, 5))
        assert sent(Kind.VISIT_REMINDER) == []

    def test_turning_reminders_off_after_they_were_queued(self, world):
        plan_visit(world, local(2026, 12, 3, 10, 0))
        assert queue_only(local(2026, 12, 2, 10, 1)) >= 2
        preferences.preference_update(user=world.teacher, visit_reminder=False)
        scan(local(2026, 12, 2, 10, 2))
        assert sent_to(Kind.VISIT_REMINDER) == ["other@example.org"]

    def test_a_rescheduled_visit_is_reminded_at_its_new_time_not_its_old_one(self, world):
        visit = plan_visit(world, local(2026, 12, 3, 10, 0))
        assert queue_only(local(2026, 12, 2, 10, 1)) >= 2  # queued, not yet sent…
        visit = visit_services.visit_update(
            visit=visit,
            version=visit.version,
            by=world.other_teacher,
            starts_at=local(2026, 12, 10, 11, 0),
            group=visit.group,
            subject=visit.subject,
        )
        scan(local(2026, 12, 2, 10, 2))  # …and moved: the old reminders are not sent
        assert sent(Kind.VISIT_REMINDER) == []
        assert (
            Message.objects.filter(kind=Kind.VISIT_REMINDER, status=Message.Status.SKIPPED).count()
            == 2
        )
        scan(local(2026, 12, 9, 10, 59))
        assert sent(Kind.VISIT_REMINDER) == []
        scan(local(2026, 12, 9, 11, 0))
        assert sent_to(Kind.VISIT_REMINDER) == ["other@example.org", "teacher@example.org"]
        assert all("10 December" in m.subject for m in sent(Kind.VISIT_REMINDER))

    def test_a_sent_reminder_comes_again_for_the_new_time(self, world):
        visit = plan_visit(world, local(2026, 12, 3, 10, 0))
        scan(local(2026, 12, 2, 10, 1))
        assert len(sent(Kind.VISIT_REMINDER)) == 2
        visit_services.visit_update(
            visit=visit,
            version=visit.version,
            by=world.other_teacher,
            starts_at=local(2026, 12, 3, 14, 0),
            group=visit.group,
            subject=visit.subject,
        )
        scan(local(2026, 12, 2, 14, 1), times=2)
        assert len(sent(Kind.VISIT_REMINDER)) == 4

    def test_a_cancelled_visit_is_not_reminded(self, world):
        visit = plan_visit(world, local(2026, 12, 3, 10, 0))
        queue_only(local(2026, 12, 2, 10, 1))
        visit_services.visit_cancel(visit=visit, by=world.other_teacher)
        scan(local(2026, 12, 2, 10, 2))
        assert sent(Kind.VISIT_REMINDER) == []

    def test_a_replaced_observer_is_not_reminded(self, world):
        visit = plan_visit(world, local(2026, 12, 3, 10, 0))
        queue_only(local(2026, 12, 2, 10, 1))
        visit_services.visit_update(
            visit=visit,
            version=visit.version,
            by=world.facilitator,
            starts_at=visit.starts_at,
            group=visit.group,
            subject=visit.subject,
            observers=[world.coach],
        )
        scan(local(2026, 12, 2, 10, 2))
        assert sent_to(Kind.VISIT_REMINDER) == ["coach@example.org", "teacher@example.org"]

    def test_in_the_readers_language(self, world):
        plan_visit(world, local(2026, 12, 3, 10, 0))
        User.objects.filter(pk=world.other_teacher.pk).update(language="nl")
        scan(local(2026, 12, 2, 10, 1))
        english = next(m for m in sent(Kind.VISIT_REMINDER) if m.to == ["teacher@example.org"])
        dutch = next(m for m in sent(Kind.VISIT_REMINDER) if m.to == ["other@example.org"])
        assert english.subject.startswith("Reminder:")
        assert "Hello Tess," in english.body
        assert "Thursday 3 December 2026, 10:00" in english.body
        assert "donderdag 3 december 2026, 10:00" in dutch.body
        assert '<html lang="en">' in html_of(english) and '<html lang="nl">' in html_of(dutch)
        assert (
            Message.objects.get(recipient=world.other_teacher, kind=Kind.VISIT_REMINDER).language
            == "nl"
        )


# Reflection prompts ------------------------------------------------------------------------


class TestReflectionPromptsAfterAVisit:
    def test_the_observed_teacher_is_asked_the_same_afternoon(self, world):
        visit = plan_visit(world, local(2026, 12, 1, 10, 0), observers=[world.other_teacher])
        scan(local(2026, 12, 1, 15, 59))
        assert sent(Kind.REFLECTION_PROMPT) == []
        scan(local(2026, 12, 1, 16, 0), times=2)
        scan(local(2026, 12, 2, 9, 0))
        # Only the observed teacher: the observers are not asked, nor anyone else.
        assert sent_to(Kind.REFLECTION_PROMPT) == ["teacher@example.org"]
        (message,) = sent(Kind.REFLECTION_PROMPT)
        assert message.subject == "Your reflection on the classroom visit of Tuesday 1 December"
        create = (
            f"{settings.SITE_URL}/my/reflections/new/"
            f"?visit={visit.pk}&community={world.community.pk}"
        )
        assert create in message.body
        assert f'href="{create.replace("&", "&amp;")}"' in html_of(message)
        assert all(link.startswith(settings.SITE_URL) for link in links(message.body))
        assert all(link.startswith(settings.SITE_URL) for link in links(html_of(message)))

    def test_a_late_lesson_is_followed_an_hour_after_its_end(self, world):
        plan_visit(world, local(2026, 12, 1, 15, 30))  # ends 16:30: asked at 17:30
        scan(local(2026, 12, 1, 17, 29))
        assert sent(Kind.REFLECTION_PROMPT) == []
        scan(local(2026, 12, 1, 17, 30))
        assert sent_to(Kind.REFLECTION_PROMPT) == ["teacher@example.org"]

    def test_no_prompt_once_a_reflection_is_begun(self, world):
        visit = plan_visit(world, local(2026, 12, 1, 10, 0))
        with time_machine.travel(local(2026, 12, 1, 12, 0)):
            reflect(world.teacher, visit=visit)  # a draft is enough
        scan(local(2026, 12, 1, 16, 1))
        assert sent(Kind.REFLECTION_PROMPT) == []
        assert not Message.objects.filter(kind=Kind.REFLECTION_PROMPT).exists()

    def test_a_queued_prompt_stops_once_the_reflection_is_written(self, world):
        visit = plan_visit(world, local(2026, 12, 1, 10, 0))
        assert queue_only(local(2026, 12, 1, 16, 1)) >= 1
        with time_machine.travel(local(2026, 12, 1, 16, 2)):
            reflect(world.teacher, visit=visit, text="Het ging goed.", publish=True)
        scan(local(2026, 12, 1, 16, 3))
        assert sent(Kind.REFLECTION_PROMPT) == []
        assert Message.objects.get(kind=Kind.REFLECTION_PROMPT).status == Message.Status.SKIPPED

    def test_another_persons_reflection_does_not_count(self, world):
        visit = plan_visit(world, local(2026, 12, 1, 10, 0))
        with time_machine.travel(local(2026, 12, 1, 12, 0)):
            reflect(world.other_teacher, visit=visit)  # the observer's own reflection
        scan(local(2026, 12, 1, 16, 1))
        assert sent_to(Kind.REFLECTION_PROMPT) == ["teacher@example.org"]

    def test_not_about_old_visits(self, world):
        plan_visit(world, local(2026, 11, 27, 10, 0))
        scan(local(2026, 11, 30, 9, 0))  # the first scan in three days
        assert sent(Kind.REFLECTION_PROMPT) == []

    def test_turned_off(self, world):
        plan_visit(world, local(2026, 12, 1, 10, 0))
        preferences.preference_update(user=world.teacher, reflection_prompt=False)
        scan(local(2026, 12, 1, 16, 1))
        assert sent(Kind.REFLECTION_PROMPT) == []


class TestReflectionPromptsAfterAMeeting:
    def test_members_who_were_there_are_asked(self, world):
        meeting = meeting_at(world, local(2026, 12, 1, 13, 30))  # until 15:00
        with time_machine.travel(local(2026, 12, 1, 15, 15)):
            meeting_services.attendance_set(
                meeting=meeting, user=world.teacher, status=Attendance.Status.PRESENT
            )
            meeting_services.attendance_set(
                meeting=meeting, user=world.other_teacher, status=Attendance.Status.ABSENT
            )
            meeting_services.attendance_set(
                meeting=meeting, user=world.coach, status=Attendance.Status.EXCUSED
            )
        scan(local(2026, 12, 1, 15, 59))
        assert sent(Kind.REFLECTION_PROMPT) == []
        scan(local(2026, 12, 1, 16, 0), times=2)
        # Not the absent or excused, not the leader; the facilitator was not recorded absent.
        assert sent_to(Kind.REFLECTION_PROMPT) == [
            "facilitator@example.org",
            "teacher@example.org",
        ]
        message = next(m for m in sent(Kind.REFLECTION_PROMPT) if m.to == ["teacher@example.org"])
        assert message.subject == (
            "Your reflection on the knowledge community of Tuesday 1 December"
        )
        create = (
            f"{settings.SITE_URL}/my/reflections/new/"
            f"?meeting={meeting.pk}&community={world.community.pk}"
        )
        assert create in message.body
        assert f'href="{create.replace("&", "&amp;")}"' in html_of(message)

    def test_an_evening_meeting_an_hour_after_its_end(self, world):
        meeting_at(world, local(2026, 12, 1, 19, 0), kind=ActivityKind.TRAINING)  # until 20:30
        scan(local(2026, 12, 1, 21, 29))
        assert sent(Kind.REFLECTION_PROMPT) == []
        scan(local(2026, 12, 1, 21, 30))
        assert len(sent(Kind.REFLECTION_PROMPT)) == 4

    def test_not_after_coaching_or_a_cancelled_meeting(self, world):
        meeting_at(
            world,
            local(2026, 12, 1, 13, 0),
            kind=ActivityKind.COACHING,
            member=world.teacher,
            coach=world.coach,
        )
        cancelled = meeting_at(world, local(2026, 12, 1, 14, 0))
        meeting_services.meeting_cancel(meeting=cancelled, by=world.facilitator)
        scan(local(2026, 12, 1, 16, 30))
        assert sent(Kind.REFLECTION_PROMPT) == []

    def test_stops_once_written_and_for_who_turns_out_absent(self, world):
        meeting = meeting_at(world, local(2026, 12, 1, 13, 30))
        preferences.preference_update(user=world.facilitator, reflection_prompt=False)
        with time_machine.travel(local(2026, 12, 1, 15, 40)):
            reflect(world.coach, meeting=meeting, community=world.community)
        assert queue_only(local(2026, 12, 1, 16, 0)) >= 2  # teacher and other_teacher
        assert set(
            Message.objects.filter(kind=Kind.REFLECTION_PROMPT).values_list(
                "recipient__email", flat=True
            )
        ) == {"teacher@example.org", "other@example.org"}
        with time_machine.travel(local(2026, 12, 1, 16, 1)):
            reflect(world.teacher, meeting=meeting, community=world.community)
            meeting_services.attendance_set(
                meeting=meeting, user=world.other_teacher, status=Attendance.Status.EXCUSED
            )
        scan(local(2026, 12, 1, 16, 2), times=2)
        assert sent(Kind.REFLECTION_PROMPT) == []
        assert set(
            Message.objects.filter(kind=Kind.REFLECTION_PROMPT).values_list("status", flat=True)
        ) == {Message.Status.SKIPPED}

    def test_not_about_old_meetings(self, world):
        meeting_at(world, local(2026, 11, 27, 14, 0))
        scan(local(2026, 11, 29, 16, 0))  # ended 15:30 two days ago and a half hour
        assert sent(Kind.REFLECTION_PROMPT) == []
        meeting_at(world, local(2026, 11, 27, 15, 0))
        scan(local(2026, 11, 29, 16, 0))  # ended 16:30 two days ago: still within the window
        assert len(sent(Kind.REFLECTION_PROMPT)) == 4


# Goal nudges -------------------------------------------------------------------------------


class TestGoalNudges:
    def test_the_owner_is_nudged_the_morning_after_the_target_date(self, world):
        goal = set_target(world.goal, dt.date(2026, 12, 1))
        personal = set_target(world.private_goal, dt.date(2026, 12, 1))
        scan(local(2026, 12, 1, 23, 0))
        scan(local(2026, 12, 2, 6, 59))
        assert sent(Kind.GOAL_NUDGE) == []
        scan(local(2026, 12, 2, 7, 0), times=2)
        scan(local(2026, 12, 5, 7, 0))
        assert sent_to(Kind.GOAL_NUDGE) == ["facilitator@example.org", "teacher@example.org"]
        owner = next(m for m in sent(Kind.GOAL_NUDGE) if m.to == ["facilitator@example.org"])
        assert "Pupils summarise a text" in owner.body and "1 December 2026" in owner.body
        assert f"{settings.SITE_URL}/goals/{goal.pk}/" in owner.body
        teacher = next(m for m in sent(Kind.GOAL_NUDGE) if m.to == ["teacher@example.org"])
        assert "PRIVATE-MARKER" in teacher.body  # their own goal, to them only
        assert f"{settings.SITE_URL}/my/goals/{personal.pk}/" in teacher.body
        assert f'href="{settings.SITE_URL}/my/goals/{personal.pk}/"' in html_of(teacher)
        for message in sent(Kind.GOAL_NUDGE):
            assert all(link.startswith(settings.SITE_URL) for link in links(message.body))
            assert all(link.startswith(settings.SITE_URL) for link in links(html_of(message)))

    def test_progress_since_the_target_date_means_no_nudge(self, world):
        set_target(world.goal, dt.date(2026, 12, 1))
        set_target(world.private_goal, dt.date(2026, 12, 1))
        with time_machine.travel(local(2026, 12, 1, 12, 0)):
            community_services.goal_progress_add(
                goal=world.goal,
                author=world.facilitator,
                date=dt.date(2026, 12, 1),
                done="Half the lessons observed",
                value=60,
            )
            # Progress dated before the target date doesn't count.
            community_services.goal_progress_add(
                goal=world.private_goal,
                author=world.teacher,
                date=dt.date(2026, 11, 30),
                done="Tried it twice",
                value=40,
            )
        scan(local(2026, 12, 2, 7, 1))
        assert sent_to(Kind.GOAL_NUDGE) == ["teacher@example.org"]

    def test_not_for_goals_done_dropped_or_without_owner(self, world):
        set_target(world.goal, dt.date(2026, 12, 1))
        community_services.community_goal_update(goal=world.goal, owner=None)
        for goal, status in [
            (world.private_goal, GoalStatus.ACHIEVED),
            (world.coach_goal, GoalStatus.DROPPED),
        ]:
            community_services.personal_goal_update(
                goal=goal, target_date=dt.date(2026, 12, 1), status=status
            )
        scan(local(2026, 12, 2, 7, 1))
        assert sent(Kind.GOAL_NUDGE) == []

    def test_within_two_weeks_after_the_date_only(self, world):
        set_target(world.goal, dt.date(2026, 11, 1))
        set_target(world.private_goal, dt.date(2026, 11, 2))
        scan(local(2026, 11, 16, 9, 0))  # 15 and 14 days after
        assert sent_to(Kind.GOAL_NUDGE) == ["teacher@example.org"]

    def test_a_queued_nudge_is_not_sent_after_progress_is_recorded(self, world):
        set_target(world.private_goal, dt.date(2026, 12, 1))
        assert queue_only(local(2026, 12, 2, 7, 1)) >= 1
        with time_machine.travel(local(2026, 12, 2, 7, 2)):
            community_services.goal_progress_add(
                goal=world.private_goal,
                author=world.teacher,
                date=dt.date(2026, 12, 2),
                done="Calmer starts most days",
                value=80,
            )
        scan(local(2026, 12, 2, 7, 3))
        assert sent(Kind.GOAL_NUDGE) == []
        assert Message.objects.get(kind=Kind.GOAL_NUDGE).status == Message.Status.SKIPPED

    def test_once_per_target_date(self, world):
        goal = set_target(world.private_goal, dt.date(2026, 12, 1))
        scan(local(2026, 12, 2, 7, 1))
        goal = set_target(PersonalGoal.objects.get(pk=goal.pk), dt.date(2026, 12, 4))
        scan(local(2026, 12, 4, 12, 0))  # the new date has not passed yet
        assert len(sent(Kind.GOAL_NUDGE)) == 1
        scan(local(2026, 12, 5, 7, 1), times=2)
        assert len(sent(Kind.GOAL_NUDGE)) == 2

    def test_turned_off(self, world):
        set_target(world.private_goal, dt.date(2026, 12, 1))
        preferences.preference_update(user=world.teacher, goal_nudge=False)
        scan(local(2026, 12, 2, 7, 1))
        assert sent(Kind.GOAL_NUDGE) == []

    def test_in_the_readers_language(self, world):
        set_target(world.private_goal, dt.date(2026, 12, 1))
        set_target(world.goal, dt.date(2026, 12, 1))
        User.objects.filter(pk=world.facilitator.pk).update(language="nl")
        scan(local(2026, 12, 2, 7, 1))
        english = next(m for m in sent(Kind.GOAL_NUDGE) if m.to == ["teacher@example.org"])
        dutch = next(m for m in sent(Kind.GOAL_NUDGE) if m.to == ["facilitator@example.org"])
        assert english.subject == "A goal has passed its target date: how did it go?"
        assert "1 December 2026" in english.body
        assert "1 december 2026" in dutch.body


# Across the start of summer time -----------------------------------------------------------


class TestAcrossTheDstWeekend:
    """Summer time starts on Sunday 28 March 2027 at 02:00 in Amsterdam."""

    def test_a_visit_reminder_keeps_to_the_wall_clock(self, world):
        # 08:30 on Monday is 07:30 UTC in winter, 06:30 UTC in summer time.
        plan_visit(world, local(2027, 3, 22, 8, 30), group="week before")
        plan_visit(world, local(2027, 3, 29, 8, 30), group="after the change")
        scan(utc(2027, 3, 21, 7, 29))
        assert sent(Kind.VISIT_REMINDER) == []
        scan(utc(2027, 3, 21, 7, 30))  # Sunday 08:30 CET
        assert len(sent(Kind.VISIT_REMINDER)) == 2
        scan(utc(2027, 3, 28, 6, 29))
        assert len(sent(Kind.VISIT_REMINDER)) == 2
        scan(utc(2027, 3, 28, 6, 30))  # Sunday 08:30 CEST: an hour earlier in UTC
        assert len(sent(Kind.VISIT_REMINDER)) == 4
        latest = sent(Kind.VISIT_REMINDER)[-1]
        assert "after the change" in latest.body and "Monday 29 March 2027, 08:30" in latest.body

    def test_a_reflection_prompt_comes_at_16_00_local(self, world):
        plan_visit(world, local(2027, 3, 22, 10, 0))
        plan_visit(world, local(2027, 3, 29, 10, 0))
        scan(utc(2027, 3, 22, 14, 59))
        assert sent(Kind.REFLECTION_PROMPT) == []
        scan(utc(2027, 3, 22, 15, 0))  # 16:00 CET
        assert len(sent(Kind.REFLECTION_PROMPT)) == 1
        scan(utc(2027, 3, 29, 13, 59))
        assert len(sent(Kind.REFLECTION_PROMPT)) == 1
        scan(utc(2027, 3, 29, 14, 0))  # 16:00 CEST
        assert len(sent(Kind.REFLECTION_PROMPT)) == 2

    def test_a_goal_nudge_comes_at_07_00_local(self, world):
        set_target(world.private_goal, dt.date(2027, 3, 27))
        scan(utc(2027, 3, 28, 4, 59))
        assert sent(Kind.GOAL_NUDGE) == []
        scan(utc(2027, 3, 28, 5, 0))  # 07:00 CEST on the Sunday of the change
        assert sent_to(Kind.GOAL_NUDGE) == ["teacher@example.org"]
