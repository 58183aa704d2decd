"""The reads of the cycles app: what its pages and the calendar feed show, each in a fixed
number of queries."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from communities.models import Community, Membership
from cycles import access as cycle_access
from cycles.calendar import public_holidays
from cycles.models import (
    ActivityKind,
    Attendance,
    CalendarFeed,
    Cycle,
    CycleTemplate,
    Meeting,
    Product,
    ProductVersion,
    SchoolHoliday,
    Topic,
    TopicVote,
)

DEFAULT_TEMPLATE_NAME = "Vierwekelijkse cyclus"  # created by migration 0002
# Past meetings stay in a feed this long, so a cancellation still reaches calendars that sync
# late.
PAST = dt.timedelta(days=60)


@dataclass
class CycleRow:
    cycle: Cycle
    meetings: list[Meeting] = field(default_factory=list)
    coaching_planned: int = 0


def plan_page(user: User, community: Community) -> list[CycleRow]:
    cycles = list(community.cycles.select_related("template").order_by("number"))
    rows = {cycle.pk: CycleRow(cycle) for cycle in cycles}
    meetings = (
        Meeting.objects.filter(community=community, cycle__isnull=False)
        .filter(~Q(kind=ActivityKind.COACHING) | Q(member=user) | Q(coach=user))
        .select_related("member", "coach")
        .order_by("starts_at")
    )
    for meeting in meetings:
        rows[meeting.cycle_id].meetings.append(meeting)
    counts = (
        Meeting.objects.filter(community=community, kind=ActivityKind.COACHING)
        .exclude(status=Meeting.Status.CANCELLED)
        .values("cycle_id")
        .annotate(n=Count("pk"))
    )
    for row in counts:
        if row["cycle_id"] in rows:
            rows[row["cycle_id"]].coaching_planned = row["n"]
    return list(rows.values())


def weeks_of(row: CycleRow) -> dict[int, list[Meeting]]:
    weeks: dict[int, list[Meeting]] = defaultdict(list)
    for meeting in row.meetings:
        weeks[meeting.week or 0].append(meeting)
    return dict(sorted(weeks.items()))


@dataclass
class AttendanceRow:
    user: User
    status: str | None


def meeting_page(meeting: Meeting) -> dict:
    recorded = dict(Attendance.objects.filter(meeting=meeting).values_list("user_id", "status"))
    if meeting.kind == ActivityKind.COACHING:
        people = [meeting.member] if meeting.member else []
    else:
        people = [
            m.user
            for m in Membership.objects.filter(community=meeting.community_id)
            .select_related("user")
            .order_by("user__full_name")
        ]
    rows = [AttendanceRow(person, recorded.get(person.pk)) for person in people]
    # As on the attendance overview: present out of those recorded.
    present = sum(1 for row in rows if row.status == "present")
    counted = sum(1 for row in rows if row.status)
    return {
        "attendance": rows,
        "attendance_rate": round(100 * present / counted) if counted else None,
        "actions": list(meeting.actions.select_related("owner")),
        "changes": list(meeting.changes.select_related("changed_by")[:10]),
    }


@dataclass
class MemberRate:
    user: User
    present: int
    recorded: int

    @property
    def rate(self) -> int | None:
        return round(100 * self.present / self.recorded) if self.recorded else None


def attendance_overview(community: Community) -> tuple[list[MemberRate], list[Meeting]]:
    """Attendance per member and per group meeting, counted in the database."""
    per_user = {
        row["user_id"]: row
        for row in Attendance.objects.filter(
            meeting__community=community, meeting__status=Meeting.Status.HELD
        )
        .exclude(meeting__kind=ActivityKind.COACHING)
        .values("user_id")
        .annotate(present=Count("pk", filter=Q(status="present")), recorded=Count("pk"))
    }
    members = [
        MemberRate(
            m.user,
            per_user.get(m.user_id, {}).get("present", 0),
            per_user.get(m.user_id, {}).get("recorded", 0),
        )
        for m in Membership.objects.filter(community=community)
        .select_related("user")
        .order_by("user__full_name")
    ]
    meetings = list(
        Meeting.objects.filter(community=community, status=Meeting.Status.HELD)
        .exclude(kind=ActivityKind.COACHING)
        .annotate(
            present=Count("attendance", filter=Q(attendance__status="present")),
            recorded=Count("attendance"),
        )
        .order_by("-starts_at")[:20]
    )
    return members, meetings


def topics_page(user: User, community: Community) -> list:
    return list(
        Topic.objects.filter(community=community)
        .select_related("proposed_by", "cycle")
        .annotate(
            vote_count=Count("votes"),
            my_vote=Exists(TopicVote.objects.filter(topic=OuterRef("pk"), user=user)),
        )
        .order_by("status", "-vote_count", "-created_at")
    )


def school_calendar(school) -> dict:
    today = timezone.localdate()
    return {
        "holidays": list(
            SchoolHoliday.objects.filter(
                school=school, last_day__gte=today - dt.timedelta(days=365)
            ).order_by("first_day")
        ),
        "public_holidays": sorted(public_holidays(today, today + dt.timedelta(days=365)).items()),
    }


def upcoming_group_meetings(community: Community, limit: int = 30) -> list[Meeting]:
    return list(
        Meeting.objects.filter(community=community, starts_at__gte=timezone.now())
        .exclude(kind=ActivityKind.COACHING)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("starts_at")[:limit]
    )


# Products -------------------------------------------------------------------------


def products_of(community: Community) -> list[Product]:
    """The list page: each product with its authors, links and latest version."""
    return list(
        community.products.select_related("cycle", "goal")
        .prefetch_related(
            Prefetch("authors", queryset=User.objects.order_by("full_name", "email")),
            Prefetch(
                "versions",
                queryset=ProductVersion.objects.order_by("-number")[:1],
                to_attr="latest_versions",
            ),
        )
        .annotate(version_count=Count("versions"))
        .order_by("-created_at", "-pk")
    )


def versions_of(product: Product) -> list[ProductVersion]:
    return list(product.versions.select_related("uploaded_by").order_by("-number"))


# Cycle templates ---------------------------------------------------------------


def templates_page(community: Community) -> list[CycleTemplate]:
    """The templates a community plans with, each with its activities."""
    return list(
        cycle_access.templates_for(community)
        .prefetch_related("activities")
        .order_by("organisation", "name")
    )


def template_copy_name(template: CycleTemplate, organisation_id: int) -> str:
    """A name for a board's copy of `template` that the board's templates don't have yet."""
    name = _("%(name)s (copy)") % {"name": template.name}
    taken = set(
        CycleTemplate.objects.filter(organisation=organisation_id).values_list("name", flat=True)
    )
    number = 2
    while name in taken:
        name = _("%(name)s (copy %(number)s)") % {"name": template.name, "number": number}
        number += 1
    return name[:100]


def template_default() -> CycleTemplate | None:
    """The four-week Dordrecht rhythm (seed 002), for every board (None if an admin removed
    it)."""
    return CycleTemplate.objects.filter(organisation=None, name=DEFAULT_TEMPLATE_NAME).first()


# The calendar feed ---------------------------------------------------------------


def feed_of(user: User) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user).first()


def feed_by_token(token: str) -> CalendarFeed | None:
    """The active feed behind an address, with its owner (one query)."""
    return (
        CalendarFeed.objects.select_related("user")
        .filter(token=token, user__is_active=True)
        .first()
    )


def feed_meetings(user: User) -> list[Meeting]:
    """Everything in a person's feed, in one query.

    Group meetings of the communities they are a member of (any role) and coaching
    sessions where they are the member or the coach; from PAST ago on, cancelled ones
    included (calendars need to see STATUS:CANCELLED to remove them). A leader or
    director who is not a member gets no group meetings.
    """
    communities = Membership.objects.filter(user=user).values("community_id")
    return list(
        Meeting.objects.filter(
            ~Q(kind=ActivityKind.COACHING)
            | Q(kind=ActivityKind.COACHING) & (Q(member=user) | Q(coach=user)),
            # Someone who left a community no longer gets any of its meetings.
            community_id__in=communities,
            ends_at__gte=timezone.now() - PAST,
        )
        .select_related("community", "member", "coach")
        .order_by("starts_at", "pk")
    )
