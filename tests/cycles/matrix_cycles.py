"""URL x role entries for the year plan, meetings, school calendars and topics."""

from django.utils import timezone

from cycles import selectors
from cycles.models import ActivityKind, Meeting
from cycles.services import cycles as cycle_services
from cycles.services import meetings as meeting_services
from cycles.services import templates as template_services
from tests.matrix import (
    FACILITATOR_ONLY,
    FACILITATOR_POST,
    MEMBERS_ONLY,
    POST_ONLY,
    Entry,
    codes,
)


def community(w) -> dict:
    return {"pk": w.community.pk}


def a_meeting(w, kind: str = ActivityKind.KNOWLEDGE) -> Meeting:
    if not w.community.cycles.exists():
        cycle_services.plan_create(
            community=w.community,
            template=selectors.template_default(),
            start=timezone.localdate(),
            count=1,
        )
    return w.community.meetings.filter(kind=kind).order_by("starts_at").first()


def meeting(w) -> dict:
    return {"pk": a_meeting(w).pk}


def an_action(w) -> dict:
    action = meeting_services.action_add(
        meeting=a_meeting(w), description="Bring a lesson", owner=w.teacher, due_date=None
    )
    return {"pk": action.pk}


def a_holiday(w) -> dict:
    from cycles.services import school_calendars

    holiday = school_calendars.holiday_add(
        school=w.school, name="Studiedag", first_day=timezone.localdate()
    )
    return {"pk": holiday.pk}


def a_topic(w) -> dict:
    from cycles.services import topics

    return {"pk": topics.topic_propose(community=w.community, by=w.teacher, title="Feedback").pk}


def board_template(w):
    return template_services.template_copy(
        template=selectors.template_default(), organisation=w.board, name="Lesson study"
    )


TEMPLATE_EDITORS = codes(302, 403, 403, 200, 403, 200, 200, 404)
TEMPLATE_EDITORS_POST = codes(302, 403, 403, 302, 403, 302, 302, 404)

CALENDAR_EDITORS = codes(302, 404, 404, 200, 404, 200, 200, 404)
MEMBERS_POST = codes(302, 302, 302, 302, 302, 403, 403, 404)

ENTRIES: dict[str, Entry] = {
    "cycles:plan": Entry(kwargs=community, get=MEMBERS_ONLY),
    "cycles:plan_new": Entry(kwargs=community, get=FACILITATOR_ONLY),
    "cycles:attendance": Entry(kwargs=community, get=codes(302, 403, 403, 200, 403, 200, 200, 404)),
    "cycles:meeting": Entry(kwargs=meeting, get=MEMBERS_ONLY),
    "cycles:meeting_edit": Entry(kwargs=meeting, get=FACILITATOR_ONLY),
    "cycles:meeting_cancel": Entry(kwargs=meeting, get=POST_ONLY, post=FACILITATOR_POST),
    "cycles:meeting_notes": Entry(
        kwargs=meeting,
        get=POST_ONLY,
        post=codes(302, 302, 302, 302, 302, 403, 403, 404),
        data=lambda w: {"notes": "We read aloud.", "version": 1},
    ),
    "cycles:attendance_set": Entry(
        kwargs=lambda w: {"pk": a_meeting(w).pk, "user_pk": w.teacher.pk},
        get=POST_ONLY,
        post=FACILITATOR_POST,
        data=lambda w: {"status": "present"},
    ),
    "cycles:action_add": Entry(
        kwargs=meeting,
        get=POST_ONLY,
        # Empty data: the facilitator gets the page back with the errors.
        post=codes(302, 403, 403, 200, 403, 403, 403, 404),
    ),
    "cycles:action_toggle": Entry(
        kwargs=an_action,
        get=POST_ONLY,
        post=codes(302, 302, 403, 302, 403, 403, 403, 404),
    ),
    "cycles:school_calendar": Entry(kwargs=lambda w: {"pk": w.school.pk}, get=CALENDAR_EDITORS),
    "cycles:school_calendar_import": Entry(
        kwargs=lambda w: {"pk": w.school.pk}, get=POST_ONLY, post=CALENDAR_EDITORS
    ),
    # The leader, the board's director and the community's facilitator fill it in (back to
    # the calendar page); nobody else learns the school exists.
    "cycles:school_calendar_fill": Entry(
        kwargs=lambda w: {"pk": w.school.pk},
        get=POST_ONLY,
        post=codes(302, 404, 404, 302, 404, 302, 302, 404),
    ),
    "cycles:holiday_delete": Entry(
        kwargs=a_holiday, get=POST_ONLY, post=codes(302, 404, 404, 302, 404, 302, 302, 404)
    ),
    "cycles:topics": Entry(kwargs=community, get=MEMBERS_ONLY),
    "cycles:topic_propose": Entry(
        kwargs=community,
        get=POST_ONLY,
        post=codes(302, 302, 302, 302, 302, 403, 403, 404),
        data=lambda w: {"title": "Questioning", "description": ""},
    ),
    "cycles:topic_vote": Entry(
        kwargs=a_topic, get=POST_ONLY, post=MEMBERS_POST, data=lambda w: {"vote": "1"}
    ),
    "cycles:topic_choose": Entry(kwargs=a_topic, get=POST_ONLY, post=FACILITATOR_POST),
    "cycles:topic_decline": Entry(kwargs=a_topic, get=POST_ONLY, post=FACILITATOR_POST),
    "cycles:templates": Entry(kwargs=community, get=FACILITATOR_ONLY),
    "cycles:template_copy": Entry(
        kwargs=lambda w: {"pk": w.community.pk, "template_pk": selectors.template_default().pk},
        get=POST_ONLY,
        post=FACILITATOR_POST,
    ),
    "cycles:template": Entry(kwargs=lambda w: {"pk": board_template(w).pk}, get=TEMPLATE_EDITORS),
    "cycles:template_activity_delete": Entry(
        kwargs=lambda w: {"pk": board_template(w).activities.first().pk},
        get=POST_ONLY,
        post=TEMPLATE_EDITORS_POST,
    ),
    "cycles:cycle_edit": Entry(
        kwargs=lambda w: {"pk": a_meeting(w).cycle_id}, get=FACILITATOR_ONLY
    ),
}
