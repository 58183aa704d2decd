"""URL x role entries for the personal calendar feed and the single-meeting .ics."""

from django.utils import timezone

from cycles import selectors
from cycles.models import ActivityKind
from cycles.services import cycles as cycle_services
from cycles.services import feeds
from tests.matrix import ANY_SIGNED_IN, MEMBERS_ONLY, POST_ONLY, PUBLIC, Entry, codes


def a_knowledge_meeting(w) -> dict:
    if not w.community.cycles.exists():
        cycle_services.plan_create(
            community=w.community,
            template=selectors.template_default(),
            start=timezone.localdate(),
            count=1,
        )
    meeting = w.community.meetings.filter(kind=ActivityKind.KNOWLEDGE).order_by("pk").first()
    return {"pk": meeting.pk}


def teachers_feed(w) -> dict:
    return {"token": feeds.feed_get_or_create(user=w.teacher).token}


# Signed in: back to the calendar page; anonymous: to the login page.
EVERYONE_POST = codes(302, 302, 302, 302, 302, 302, 302, 302)

ENTRIES: dict[str, Entry] = {
    "cycles:calendar": Entry(get=ANY_SIGNED_IN),
    "cycles:calendar_regenerate": Entry(get=POST_ONLY, post=EVERYONE_POST),
    "cycles:calendar_revoke": Entry(get=POST_ONLY, post=EVERYONE_POST),
    # The token is the key: calendar apps fetch without a session.
    "cycles:calendar_feed": Entry(kwargs=teachers_feed, get=PUBLIC, post=POST_ONLY),
    "cycles:meeting_ics": Entry(kwargs=a_knowledge_meeting, get=MEMBERS_ONLY),
}
