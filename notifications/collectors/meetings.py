"""Collectors of due mail about meetings: reminders before a meeting and notices of a moved
or cancelled one. Each collector finds the mail that should exist by now and queues what is
missing, in a fixed number of queries per run, whatever the data."""

import datetime as dt
from collections import defaultdict
from collections.abc import Callable

from django.db.models import Q
from django.urls import reverse

from accounts.models import User
from communities.models import Membership
from cycles.models import ActivityKind, Meeting, MeetingChange
from notifications import outbox, registry
from notifications.models import Kind, Message
from notifications.preferences import preferences_for

# The longest reminder a person can choose, so one query finds every meeting to remind of.
LONGEST_REMINDER = dt.timedelta(hours=168)
# Changes older than this are not announced any more (a scan that was down for a day still
# announces yesterday's move).
CHANGE_WINDOW = dt.timedelta(days=2)


def _attendees(meetings: list[Meeting]) -> dict[int, list[User]]:
    """Who is expected at each meeting: the current members (any role) for a group meeting,
    the member and the coach for a coaching session."""
    community_ids = {m.community_id for m in meetings}
    members = defaultdict(list)
    for membership in Membership.objects.filter(community_id__in=community_ids).select_related(
        "user"
    ):
        if membership.user.is_active:
            members[membership.community_id].append(membership.user)
    result = {}
    for meeting in meetings:
        people = members[meeting.community_id]
        if meeting.kind == ActivityKind.COACHING:
            wanted = {meeting.member_id, meeting.coach_id}
            people = [u for u in people if u.pk in wanted]
        result[meeting.pk] = people
    return result


def meeting_reminders(now: dt.datetime) -> int:
    meetings = list(
        Meeting.objects.filter(
            starts_at__gt=now,
            starts_at__lte=now + LONGEST_REMINDER,
        )
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("community", "member", "coach")
    )
    attendees = _attendees(meetings)
    people = {u.pk for users in attendees.values() for u in users}
    preferences = preferences_for(people)
    candidates = []
    for meeting in meetings:
        for user in attendees[meeting.pk]:
            preference = preferences[user.pk]
            lead = dt.timedelta(hours=preference.reminder_hours)
            if preference.meeting_reminder and meeting.starts_at - lead <= now:
                # A moved meeting (new sequence) gets a reminder for its new time.
                key = f"meeting_reminder:{user.pk}:{meeting.pk}:{meeting.sequence}"
                candidates.append((key, user, meeting))
    existing = outbox.existing_keys([key for key, _u, _m in candidates])
    queued = 0
    for key, user, meeting in candidates:
        if key in existing:
            continue
        queued += bool(
            outbox.message_queue(
                key=key,
                kind=Kind.MEETING_REMINDER,
                template="meeting_reminder",
                context={
                    "meeting": meeting,
                    "url": outbox.absolute(reverse("cycles:meeting", args=[meeting.pk])),
                },
                recipient=user,
                about=f"meeting:{meeting.pk}:{meeting.sequence}",
            )
        )
    return queued


def meeting_changes(now: dt.datetime) -> int:
    changes = list(
        MeetingChange.objects.filter(
            kind__in=[MeetingChange.Kind.MOVED, MeetingChange.Kind.CANCELLED],
            changed_at__gte=now - CHANGE_WINDOW,
            changed_at__lte=now,
            meeting__ends_at__gte=now - CHANGE_WINDOW,
        ).select_related("meeting", "meeting__community", "changed_by")
    )
    attendees = _attendees([change.meeting for change in changes])
    people = {u.pk for users in attendees.values() for u in users}
    preferences = preferences_for(people)
    candidates = [
        (f"meeting_change:{user.pk}:{change.pk}", user, change)
        for change in changes
        for user in attendees[change.meeting_id]
        if preferences[user.pk].meeting_change and user.pk != change.changed_by_id
    ]
    existing = outbox.existing_keys([key for key, _u, _c in candidates])
    queued = 0
    for key, user, change in candidates:
        if key in existing:
            continue
        queued += bool(
            outbox.message_queue(
                key=key,
                kind=Kind.MEETING_CHANGE,
                template="meeting_change",
                context={
                    "change": change,
                    "meeting": change.meeting,
                    "url": outbox.absolute(reverse("cycles:meeting", args=[change.meeting_id])),
                },
                recipient=user,
                about=f"meeting:{change.meeting_id}",
            )
        )
    return queued


COLLECTORS: list[Callable[[dt.datetime], int]] = [meeting_reminders, meeting_changes]


# Checked just before a mail goes out -------------------------------------------------------


def _meeting_reminder_needed(message: Message) -> bool:
    parts = message.about.split(":")
    if len(parts) != 3:
        return True
    _kind, meeting_pk, sequence = parts
    return Meeting.objects.filter(
        ~Q(status=Meeting.Status.CANCELLED), pk=meeting_pk, sequence=sequence
    ).exists()


STILL_NEEDED: dict[str, Callable[[Message], bool]] = {
    Kind.MEETING_REMINDER: _meeting_reminder_needed,
}

registry.register(COLLECTORS, STILL_NEEDED)
