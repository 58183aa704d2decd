"""The queries the cycle pages need, each a fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q

from accounts.models import User
from communities.models import Community
from cycles.models import ActivityKind, Cycle, Meeting


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
