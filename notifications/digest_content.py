"""What goes in a person's weekly digest, and `build`, which reads it for many people at
once: this week's meetings and visits, what changed in their communities and what waits on
them. Reads only; the collector (`notifications.collectors.digest`) decides who is due and
queues the mails.

Only what the person can see in the app goes in, and less: everything comes from the
communities they are a member of; of a visit only its time, class and who takes part, and
only of their own visits; of a reflection only the title, author and link, and only when it
is shared with the community (never a private or coach-only one, never a draft).
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import Truncator

from accounts.models import User
from communities.models import Membership, PersonalGoal, ProgressUpdate
from cycles.models import ActivityKind, AgreedAction, Meeting, Product
from notifications import outbox
from observations.access import follows_its_visit_q
from observations.models import (
    Reflection,
    ScanParticipation,
    ScanRound,
    Visibility,
    Visit,
)

DIGEST_TIMEZONE = ZoneInfo("Europe/Amsterdam")
DIGEST_WEEKDAY = 1  # ISO: Monday
DIGEST_TIME = dt.time(7, 0)
# What changed is what changed in the last week.
LOOKBACK = dt.timedelta(days=7)
# Longer lists are cut, with "and N more".
MAX_ITEMS = 10
DECISIONS_LENGTH = 200


# The week ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Week:
    """An ISO week in Amsterdam time: Monday 00:00 to the next Monday 00:00."""

    monday: dt.date

    @classmethod
    def of(cls, moment: dt.datetime) -> "Week":
        local = moment.astimezone(DIGEST_TIMEZONE)
        return cls(local.date() - dt.timedelta(days=local.isoweekday() - 1))

    @classmethod
    def from_label(cls, label: str) -> "Week":
        year, _w, number = label.partition("-W")
        return cls(dt.date.fromisocalendar(int(year), int(number), 1))

    @property
    def label(self) -> str:
        year, number, _day = self.monday.isocalendar()
        return f"{year}-W{number:02d}"

    @property
    def starts_at(self) -> dt.datetime:
        return dt.datetime.combine(self.monday, dt.time(0, 0), tzinfo=DIGEST_TIMEZONE)

    @property
    def ends_at(self) -> dt.datetime:
        return dt.datetime.combine(
            self.monday + dt.timedelta(days=7), dt.time(0, 0), tzinfo=DIGEST_TIMEZONE
        )

    @property
    def sunday(self) -> dt.date:
        return self.monday + dt.timedelta(days=6)

    @property
    def send_from(self) -> dt.datetime:
        day = self.monday + dt.timedelta(days=DIGEST_WEEKDAY - 1)
        return dt.datetime.combine(day, DIGEST_TIME, tzinfo=DIGEST_TIMEZONE)

    def key(self, user_pk: int) -> str:
        return f"digest:{user_pk}:{self.label}"

    @property
    def about(self) -> str:
        return f"digest:{self.label}"


# What goes in a digest ----------------------------------------------------------------------


class Listing(list):
    """A list cut at MAX_ITEMS that remembers how many were left out."""

    def __init__(self, items: Iterable = ()) -> None:
        items = list(items)
        super().__init__(items[:MAX_ITEMS])
        self.more = max(0, len(items) - MAX_ITEMS)


@dataclass
class VisitEntry:
    visit: Visit
    observing: bool  # True: the person observes; False: they are observed


@dataclass
class Digest:
    user: User
    week: Week
    # This week
    meetings: Listing = field(default_factory=Listing)
    visits: Listing = field(default_factory=Listing)
    # What changed in my communities
    products: Listing = field(default_factory=Listing)
    decisions: Listing = field(default_factory=Listing)
    reflections: Listing = field(default_factory=Listing)
    progress: Listing = field(default_factory=Listing)
    # Waiting on me
    actions: Listing = field(default_factory=Listing)
    scans: Listing = field(default_factory=Listing)
    to_reflect: Listing = field(default_factory=Listing)

    @property
    def this_week(self) -> bool:
        return bool(self.meetings or self.visits)

    @property
    def changes(self) -> bool:
        return bool(self.products or self.decisions or self.reflections or self.progress)

    @property
    def waiting(self) -> bool:
        return bool(self.actions or self.scans or self.to_reflect)

    @property
    def is_empty(self) -> bool:
        return not (self.this_week or self.changes or self.waiting)


def _url(name: str, *args, **query) -> str:
    path = reverse(name, args=args)
    return outbox.absolute(path + (f"?{urlencode(query)}" if query else ""))


def _by(rows: Iterable, attribute: str) -> dict[int, list]:
    grouped = defaultdict(list)
    for row in rows:
        grouped[getattr(row, attribute)].append(row)
    return grouped


def build(users: list[User], now: dt.datetime, week: Week | None = None) -> list[Digest]:
    """The digests of `users`, in a fixed number of queries (11) whatever their number or
    the amount of data. Nothing is written."""
    week = week or Week.of(now)
    ids = [user.pk for user in users]
    since = now - LOOKBACK
    today = timezone.localdate(now, DIGEST_TIMEZONE)
    # Every query below is limited to the communities these people are members of.
    mine = Membership.objects.filter(user_id__in=ids).values("community_id")

    # 1. Memberships, with the communities' names.
    communities_of: dict[int, list[int]] = defaultdict(list)
    names: dict[int, str] = {}
    for membership in (
        Membership.objects.filter(user_id__in=ids)
        .select_related("community")
        .only("user", "community__name")
        .order_by("community__name")
    ):
        communities_of[membership.user_id].append(membership.community_id)
        names[membership.community_id] = membership.community.name

    # 2. Meetings: the rest of this week, and those of the last week that took decisions.
    meetings = list(
        Meeting.objects.filter(community_id__in=mine, starts_at__gte=since)
        .filter(
            Q(starts_at__gte=now, starts_at__lt=week.ends_at)
            | (Q(starts_at__lt=now) & ~Q(decisions=""))
        )
        .exclude(status=Meeting.Status.CANCELLED)
        .defer("agenda", "notes")
        .order_by("starts_at")
    )
    for meeting in meetings:
        meeting.url = _url("cycles:meeting", meeting.pk)
        meeting.community_name = names.get(meeting.community_id, "")
        # Members read the decisions in the app; the mail quotes their start.
        meeting.decisions_short = Truncator(" ".join(meeting.decisions.split())).chars(
            DECISIONS_LENGTH
        )
    coming = _by((m for m in meetings if m.starts_at >= now), "community_id")
    decided = _by(
        sorted((m for m in meetings if m.starts_at < now), key=lambda m: m.starts_at, reverse=True),
        "community_id",
    )

    # 3-4. Visits this week the person takes part in (observed or observer), and who of
    # them observes which: time, class and names only.
    observer_rows = Visit.observers.through.objects.filter(
        user_id__in=ids,
        visit__community_id__in=mine,
        visit__starts_at__gte=now,
        visit__starts_at__lt=week.ends_at,
    )
    visits = list(
        Visit.objects.filter(community_id__in=mine, starts_at__gte=now, starts_at__lt=week.ends_at)
        .filter(Q(observed_id__in=ids) | Q(pk__in=observer_rows.values("visit_id")))
        .select_related("observed")
        .only(
            "pk",
            "community",
            "observed__full_name",
            "starts_at",
            "group",
            "status",
        )
        .order_by("starts_at")
    )
    observing: dict[int, set[int]] = defaultdict(set)
    for visit_id, user_id in observer_rows.values_list("visit_id", "user_id"):
        observing[user_id].add(visit_id)
    for visit in visits:
        visit.url = _url("observations:visit", visit.pk)
        visit.community_name = names.get(visit.community_id, "")

    # 5. Products added in the last week.
    products = _by(
        Product.objects.filter(community_id__in=mine, created_at__gte=since, created_at__lte=now)
        .only("pk", "community", "title", "created_at")
        .order_by("-created_at"),
        "community_id",
    )
    for rows in products.values():
        for product in rows:
            product.url = _url("cycles:product", product.pk)
            product.community_name = names.get(product.community_id, "")

    # 6. Reflections shared with the community in the last week: title, author and link,
    # never their text (not even read from the database).
    reflections = _by(
        Reflection.objects.filter(
            follows_its_visit_q(),
            community_id__in=mine,
            visibility=Visibility.COMMUNITY,
            is_draft=False,
            updated_at__gte=since,
            updated_at__lte=now,
        )
        .select_related("author")
        .only("pk", "community", "author__full_name", "title", "created_at")
        .order_by("-created_at"),
        "community_id",
    )
    for rows in reflections.values():
        for reflection in rows:
            reflection.url = _url("observations:reflection", reflection.pk)
            reflection.community_name = names.get(reflection.community_id, "")

    # 7. Progress on the community's goals and on personal goals shared with it.
    updates = list(
        ProgressUpdate.objects.filter(created_at__gte=since, created_at__lte=now)
        .filter(
            Q(community_goal__community_id__in=mine)
            | Q(
                personal_goal__community_id__in=mine,
                personal_goal__visibility=PersonalGoal.Visibility.COMMUNITY,
            )
        )
        .select_related("community_goal", "personal_goal", "personal_goal__owner")
        .only(
            "pk",
            "value",
            "date",
            "created_at",
            "author",
            "community_goal__title",
            "community_goal__community",
            "personal_goal__title",
            "personal_goal__community",
            "personal_goal__owner__full_name",
        )
        .order_by("-created_at", "-pk")
    )
    progress: dict[int, list[ProgressUpdate]] = defaultdict(list)
    seen_goals: set[tuple[str, int]] = set()
    for update in updates:  # newest first: one line per goal, its latest update
        goal = update.community_goal or update.personal_goal
        goal_key = ("c" if update.community_goal else "p", goal.pk)
        if goal_key in seen_goals:
            continue
        seen_goals.add(goal_key)
        update.goal = goal
        update.owner = update.personal_goal.owner if update.personal_goal else None
        update.url = (
            _url("communities:goal", goal.pk)
            if update.community_goal
            else _url("communities:my_goal", goal.pk)
        )
        update.community_name = names.get(goal.community_id, "")
        progress[goal.community_id].append(update)

    # 8. Open actions agreed in a meeting, owned by the person.
    actions = _by(
        AgreedAction.objects.filter(owner_id__in=ids, done=False, meeting__community_id__in=mine)
        .select_related("meeting")
        .only("pk", "description", "owner", "due_date", "meeting__community")
        .order_by("due_date", "pk"),
        "owner_id",
    )
    for rows in actions.values():
        for action in rows:
            action.url = _url("cycles:meeting", action.meeting_id)
            action.community_name = names.get(action.meeting.community_id, "")

    # 9-10. Open scan rounds, and which of them each person answered.
    rounds = _by(
        ScanRound.objects.filter(community_id__in=mine, status=ScanRound.Status.OPEN)
        .filter(Q(closes_on__isnull=True) | Q(closes_on__gte=today))
        .only("pk", "community", "closes_on", "opened_at")
        .order_by("opened_at"),
        "community_id",
    )
    for rows in rounds.values():
        for scan_round in rows:
            scan_round.url = _url("observations:scan_answer", scan_round.pk)
            scan_round.community_name = names.get(scan_round.community_id, "")
    answered = set(
        ScanParticipation.objects.filter(
            respondent_id__in=ids,
            round__community_id__in=mine,
            round__status=ScanRound.Status.OPEN,
        ).values_list("respondent_id", "round_id")
    )

    # 11. Their observed lessons still waiting for their reflection (it closes the visit).
    to_reflect = _by(
        Visit.objects.filter(
            observed_id__in=ids,
            community_id__in=mine,
            status__in=[Visit.Status.OBSERVED, Visit.Status.COACHED],
        )
        .only("pk", "community", "observed", "starts_at", "group")
        .order_by("starts_at"),
        "observed_id",
    )
    for rows in to_reflect.values():
        for visit in rows:
            visit.url = _url(
                "observations:reflection_create", visit=visit.pk, community=visit.community_id
            )
            visit.community_name = names.get(visit.community_id, "")

    digests = []
    for user in users:
        own = communities_of.get(user.pk, [])
        member = set(own)

        def of(grouped: dict[int, list], own=own) -> list:
            return [row for pk in own for row in grouped.get(pk, [])]

        def sees(meeting: Meeting, user=user) -> bool:
            # A coaching session is its member's and coach's; group meetings are everyone's.
            return meeting.kind != ActivityKind.COACHING or user.pk in (
                meeting.member_id,
                meeting.coach_id,
            )

        my_visits = [
            VisitEntry(visit=visit, observing=visit.pk in observing[user.pk])
            for visit in visits
            if visit.community_id in member
            and (visit.observed_id == user.pk or visit.pk in observing[user.pk])
        ]
        digests.append(
            Digest(
                user=user,
                week=week,
                meetings=Listing(
                    sorted((m for m in of(coming) if sees(m)), key=lambda m: (m.starts_at, m.pk))
                ),
                visits=Listing(my_visits),
                products=Listing(of(products)),
                decisions=Listing(m for m in of(decided) if sees(m)),
                reflections=Listing(r for r in of(reflections) if r.author_id != user.pk),
                progress=Listing(
                    u
                    for u in of(progress)
                    if u.author_id != user.pk
                    and not (u.personal_goal and u.personal_goal.owner_id == user.pk)
                ),
                actions=Listing(
                    a for a in actions.get(user.pk, []) if a.meeting.community_id in member
                ),
                scans=Listing(r for r in of(rounds) if (user.pk, r.pk) not in answered),
                to_reflect=Listing(
                    v for v in to_reflect.get(user.pk, []) if v.community_id in member
                ),
            )
        )
    return digests
