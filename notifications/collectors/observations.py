"""Collectors of due mail about classroom visits, reflections and goals (see
notifications.collectors.meetings).

- A reminder of a classroom visit to its observers and the observed teacher, as many hours
  before as each of them chose. It says who, when, which class and subject, and links to the
  visit; never a score or what was said in a conversation.
- A prompt to write the reflection after a visit (to the observed teacher) or a knowledge
  community or training meeting (to its members who weren't absent), the same afternoon;
  it stops once the reflection is written.
- A nudge to the owner of a goal past its target date without progress since then.

Each collector reads in a fixed number of queries, whatever the data; the outbox key keeps
every mail single, and the checks in STILL_NEEDED run just before a mail goes out.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Callable

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from communities.models import CommunityGoal, GoalStatus, Membership, PersonalGoal, ProgressUpdate
from cycles.calendar import local_datetime
from cycles.models import ActivityKind, Attendance, Meeting
from notifications import outbox, registry
from notifications.collectors.meetings import LONGEST_REMINDER
from notifications.models import Kind, Message
from notifications.preferences import preferences_for
from observations.models import Reflection, Visit

# A visit has a start time only; a lesson is taken to last this long.
VISIT_LENGTH = dt.timedelta(hours=1)
# A reflection prompt comes the same afternoon, or this long after the end if that is later…
PROMPT_AT = dt.time(16, 0)
PROMPT_AFTER_END = dt.timedelta(hours=1)
# …and not at all once the visit or meeting is longer ago than this.
PROMPT_WINDOW = dt.timedelta(days=2)
# A goal nudge comes the morning after the target date, up to this many days after it.
NUDGE_AT = dt.time(7, 0)
NUDGE_WINDOW_DAYS = 14
# Goals that need no nudge whatever their date.
GOAL_DONE = [GoalStatus.ACHIEVED, GoalStatus.DROPPED]


def _queue_new(candidates: list[tuple[str, User, dict]], *, kind: str, template: str) -> int:
    """Queue the candidates (key, recipient, context + about) whose key isn't in the outbox."""
    existing = outbox.existing_keys([key for key, _user, _context in candidates])
    queued = 0
    for key, user, context in candidates:
        if key in existing:
            continue
        context = dict(context)
        about = context.pop("about")
        queued += bool(
            outbox.message_queue(
                key=key, kind=kind, template=template, context=context, recipient=user, about=about
            )
        )
    return queued


def _stamp(moment: dt.datetime) -> int:
    return int(moment.timestamp())


def _names(users) -> str:
    return ", ".join(user.get_full_name() or user.email for user in users)


# Visit reminders ---------------------------------------------------------------------------


def visit_reminders(now: dt.datetime) -> int:
    """4 queries: visits, their observers, preferences, existing keys."""
    visits = list(
        Visit.objects.filter(starts_at__gt=now, starts_at__lte=now + LONGEST_REMINDER)
        .select_related("community", "observed")
        .prefetch_related("observers")
        .order_by("starts_at", "pk")
    )
    if not visits:
        return 0
    people = {v.observed_id for v in visits} | {o.pk for v in visits for o in v.observers.all()}
    preferences = preferences_for(people)
    candidates = []
    for visit in visits:
        observers = [o for o in visit.observers.all() if o.is_active]
        stamp = _stamp(visit.starts_at)
        involved = [(visit.observed, True)] if visit.observed.is_active else []
        involved += [(observer, False) for observer in observers]
        for user, is_observed in involved:
            preference = preferences[user.pk]
            lead = dt.timedelta(hours=preference.reminder_hours)
            if not preference.visit_reminder or visit.starts_at - lead > now:
                continue
            # The start time is in the key: a rescheduled visit is reminded of again.
            candidates.append(
                (
                    f"visit_reminder:{user.pk}:{visit.pk}:{stamp}",
                    user,
                    {
                        "about": f"visit:{visit.pk}:{stamp}",
                        "visit": visit,
                        "is_observed": is_observed,
                        "observers": _names(observers),
                        "co_observers": _names(o for o in observers if o.pk != user.pk),
                        "url": outbox.absolute(reverse("observations:visit", args=[visit.pk])),
                    },
                )
            )
    return _queue_new(candidates, kind=Kind.VISIT_REMINDER, template="visit_reminder")


def _visit_reminder_needed(message: Message) -> bool:
    """The visit still exists, still starts at that time (and hasn't begun), and the
    recipient still takes part in it."""
    parts = message.about.split(":")
    if len(parts) != 3 or not parts[1].isdigit() or not parts[2].lstrip("-").isdigit():
        return True
    starts_at = dt.datetime.fromtimestamp(int(parts[2]), tz=dt.UTC)
    if starts_at <= timezone.now():
        return False
    return Visit.objects.filter(
        Q(observed_id=message.recipient_id) | Q(observers__pk=message.recipient_id),
        pk=int(parts[1]),
        starts_at__gte=starts_at,
        starts_at__lt=starts_at + dt.timedelta(seconds=1),
    ).exists()


# Reflection prompts ------------------------------------------------------------------------


def prompt_due(starts_at: dt.datetime, ends_at: dt.datetime) -> dt.datetime:
    """At 16:00 (Amsterdam) on the day it happened, or an hour after its end if later."""
    afternoon = local_datetime(timezone.localtime(starts_at).date(), PROMPT_AT)
    return max(afternoon, ends_at + PROMPT_AFTER_END)


def _reflected(*, visit_ids=(), meeting_ids=()) -> set[tuple[int, str, int]]:
    """(author, "visit"/"meeting", pk) of every reflection, draft or not, on these."""
    rows = Reflection.objects.filter(
        Q(visit_id__in=list(visit_ids)) | Q(meeting_id__in=list(meeting_ids))
    ).values_list("author_id", "visit_id", "meeting_id")
    result = set()
    for author_id, visit_id, meeting_id in rows:
        if visit_id is not None:
            result.add((author_id, "visit", visit_id))
        if meeting_id is not None:
            result.add((author_id, "meeting", meeting_id))
    return result


def _reflection_url(what: str, pk: int, community_id: int) -> str:
    path = reverse("observations:reflection_create")
    return outbox.absolute(f"{path}?{what}={pk}&community={community_id}")


def reflection_prompts_after_visits(now: dt.datetime) -> int:
    """4 queries: visits, preferences, reflections, existing keys."""
    visits = [
        visit
        for visit in Visit.objects.filter(
            starts_at__lte=now, starts_at__gte=now - PROMPT_WINDOW - VISIT_LENGTH
        )
        .select_related("community", "observed")
        .order_by("starts_at", "pk")
        if visit.observed.is_active
        and prompt_due(visit.starts_at, visit.starts_at + VISIT_LENGTH) <= now
    ]
    if not visits:
        return 0
    preferences = preferences_for({v.observed_id for v in visits})
    reflected = _reflected(visit_ids=[v.pk for v in visits])
    candidates = [
        (
            f"reflection_prompt:{visit.observed_id}:visit:{visit.pk}",
            visit.observed,
            {
                "about": f"visit:{visit.pk}",
                "visit": visit,
                "url": _reflection_url("visit", visit.pk, visit.community_id),
            },
        )
        for visit in visits
        if preferences[visit.observed_id].reflection_prompt
        and (visit.observed_id, "visit", visit.pk) not in reflected
    ]
    return _queue_new(candidates, kind=Kind.REFLECTION_PROMPT, template="reflection_prompt")


def reflection_prompts_after_meetings(now: dt.datetime) -> int:
    """6 queries: meetings, memberships, absences, preferences, reflections, existing keys."""
    meetings = [
        meeting
        for meeting in Meeting.objects.filter(starts_at__lte=now, ends_at__gte=now - PROMPT_WINDOW)
        .exclude(kind=ActivityKind.COACHING)
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("community")
        .order_by("starts_at", "pk")
        if prompt_due(meeting.starts_at, meeting.ends_at) <= now
    ]
    if not meetings:
        return 0
    members = defaultdict(list)
    for membership in Membership.objects.filter(
        community_id__in={m.community_id for m in meetings}, user__is_active=True
    ).select_related("user"):
        members[membership.community_id].append(membership.user)
    absent = set(
        Attendance.objects.filter(
            meeting__in=meetings,
            status__in=[Attendance.Status.ABSENT, Attendance.Status.EXCUSED],
        ).values_list("meeting_id", "user_id")
    )
    people = {user.pk for users in members.values() for user in users}
    preferences = preferences_for(people)
    reflected = _reflected(meeting_ids=[m.pk for m in meetings])
    candidates = [
        (
            f"reflection_prompt:{user.pk}:meeting:{meeting.pk}",
            user,
            {
                "about": f"meeting:{meeting.pk}",
                "meeting": meeting,
                "url": _reflection_url("meeting", meeting.pk, meeting.community_id),
            },
        )
        for meeting in meetings
        for user in members[meeting.community_id]
        if (meeting.pk, user.pk) not in absent
        and preferences[user.pk].reflection_prompt
        and (user.pk, "meeting", meeting.pk) not in reflected
    ]
    return _queue_new(candidates, kind=Kind.REFLECTION_PROMPT, template="reflection_prompt")


def _reflection_prompt_needed(message: Message) -> bool:
    """Not once the reflection has been written (or begun), nor for a visit that was called
    off, a meeting that was cancelled, or a meeting the person turned out to miss."""
    what, _colon, pk = message.about.partition(":")
    if what not in ("visit", "meeting") or not pk.isdigit():
        return True
    written = Reflection.objects.filter(author_id=message.recipient_id, **{f"{what}_id": pk})
    if what == "visit":
        return (
            Visit.objects.filter(pk=pk, observed_id=message.recipient_id)
            .filter(~Exists(written))
            .exists()
        )
    missed = Attendance.objects.filter(
        meeting_id=pk,
        user_id=message.recipient_id,
        status__in=[Attendance.Status.ABSENT, Attendance.Status.EXCUSED],
    )
    return (
        Meeting.objects.filter(pk=pk)
        .exclude(status=Meeting.Status.CANCELLED)
        .filter(~Exists(written), ~Exists(missed))
        .exists()
    )


# Goal nudges -------------------------------------------------------------------------------


def _nudge_candidates(model, what: str, now: dt.datetime):
    """Goals of `model` whose target date passed 1–14 days ago, not achieved or dropped,
    with an active owner and no progress update dated on or after the target date."""
    today = timezone.localtime(now).date()
    since = ProgressUpdate.objects.filter(
        **{what: OuterRef("pk")}, date__gte=OuterRef("target_date")
    )
    return (
        model.objects.filter(
            target_date__lt=today,
            target_date__gte=today - dt.timedelta(days=NUDGE_WINDOW_DAYS),
            owner__isnull=False,
            owner__is_active=True,
        )
        .exclude(status__in=GOAL_DONE)
        .filter(~Exists(since))
        .select_related("owner", "community")
        .order_by("target_date", "pk")
    )


def goal_nudges(now: dt.datetime) -> int:
    """4 queries: community goals, personal goals, preferences, existing keys."""
    goals = [
        (goal, "community_goal", "communities:goal")
        for goal in _nudge_candidates(CommunityGoal, "community_goal", now)
    ] + [
        (goal, "personal_goal", "communities:my_goal")
        for goal in _nudge_candidates(PersonalGoal, "personal_goal", now)
    ]
    # In the morning after the target date, not at midnight.
    goals = [
        entry
        for entry in goals
        if local_datetime(entry[0].target_date + dt.timedelta(days=1), NUDGE_AT) <= now
    ]
    if not goals:
        return 0
    preferences = preferences_for({goal.owner_id for goal, _what, _url in goals})
    candidates = [
        (
            f"goal_nudge:{goal.owner_id}:{what}:{goal.pk}:{goal.target_date.isoformat()}",
            goal.owner,
            {
                "about": f"{what}:{goal.pk}:{goal.target_date.isoformat()}",
                "goal": goal,
                "is_personal": what == "personal_goal",
                "url": outbox.absolute(reverse(url, args=[goal.pk])),
            },
        )
        for goal, what, url in goals
        if preferences[goal.owner_id].goal_nudge
    ]
    return _queue_new(candidates, kind=Kind.GOAL_NUDGE, template="goal_nudge")


def _goal_nudge_needed(message: Message) -> bool:
    """The goal still has that target date and owner, isn't achieved or dropped, and still
    has no progress update since its target date."""
    parts = message.about.split(":")
    if len(parts) != 3 or parts[0] not in ("community_goal", "personal_goal"):
        return True
    what, pk, target = parts
    try:
        target_date = dt.date.fromisoformat(target)
    except ValueError:
        return True
    model = CommunityGoal if what == "community_goal" else PersonalGoal
    since = ProgressUpdate.objects.filter(**{f"{what}_id": pk}, date__gte=target_date)
    return (
        model.objects.filter(pk=pk, target_date=target_date, owner_id=message.recipient_id)
        .exclude(status__in=GOAL_DONE)
        .filter(~Exists(since))
        .exists()
    )


COLLECTORS: list[Callable[[dt.datetime], int]] = [
    visit_reminders,
    reflection_prompts_after_visits,
    reflection_prompts_after_meetings,
    goal_nudges,
]
STILL_NEEDED: dict[str, Callable[[Message], bool]] = {
    Kind.VISIT_REMINDER: _visit_reminder_needed,
    Kind.REFLECTION_PROMPT: _reflection_prompt_needed,
    Kind.GOAL_NUDGE: _goal_nudge_needed,
}

registry.register(COLLECTORS, STILL_NEEDED)
