"""What a chunk of bulk teachers needs, looked up once per chunk (a few rows per community
or member), and the choices made from it: a community and a goal for a day."""

import bisect
import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from accounts.models import User
from communities.models import Community, CommunityGoal, Membership, PersonalGoal
from cycles.models import ActivityKind, Meeting, Product
from demo.observations.shared import GENERAL, checklist
from observations.models import Item, ScaleLevel


@dataclass
class ChunkContext:
    """What a chunk of teachers needs, looked up once per chunk: a few rows per community
    or member."""

    seed_value: int
    today: dt.date
    instrument_id: int
    item_ids: list[int]
    level_ids: dict[int, int]  # value 1..4 -> pk
    email: dict[int, str] = field(default_factory=dict)
    communities_of: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    members: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    starts: dict[int, dt.date] = field(default_factory=dict)
    goals: dict[int, list[tuple[dt.date, int]]] = field(default_factory=lambda: defaultdict(list))
    personal_goal: dict[tuple[int, int], int] = field(default_factory=dict)
    meetings: dict[int, list[tuple[dt.date, int]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    products: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))


def chunk_context(seed_value: int, today: dt.date, teacher_ids: list[int]) -> ChunkContext:
    general = checklist(GENERAL)
    ctx = ChunkContext(
        seed_value=seed_value,
        today=today,
        instrument_id=general.pk,
        item_ids=list(
            Item.objects.filter(domain__instrument=general)
            .order_by("domain__order", "order")
            .values_list("pk", flat=True)
        ),
        level_ids=dict(
            ScaleLevel.objects.filter(instrument=general, value__isnull=False).values_list(
                "value", "pk"
            )
        ),
    )
    ctx.email = dict(User.objects.filter(pk__in=teacher_ids).values_list("pk", "email"))
    community_ids = set()
    for user_id, community_id in (
        Membership.objects.filter(user_id__in=teacher_ids)
        .order_by("community_id")
        .values_list("user_id", "community_id")
    ):
        ctx.communities_of[user_id].append(community_id)
        community_ids.add(community_id)
    for community_id, user_id in (
        Membership.objects.filter(community_id__in=community_ids)
        .order_by("community_id", "user__email")
        .values_list("community_id", "user_id")
    ):
        ctx.members[community_id].append(user_id)
    ctx.starts = dict(
        Community.objects.filter(pk__in=community_ids).values_list("pk", "start_date")
    )
    for community_id, target, pk in (
        CommunityGoal.objects.filter(community_id__in=community_ids)
        .order_by("community_id", "target_date", "pk")
        .values_list("community_id", "target_date", "pk")
    ):
        ctx.goals[community_id].append((target, pk))
    for owner_id, community_id, pk in (
        PersonalGoal.objects.filter(owner_id__in=teacher_ids, community_id__in=community_ids)
        .order_by("pk")
        .values_list("owner_id", "community_id", "pk")
    ):
        ctx.personal_goal.setdefault((owner_id, community_id), pk)
    for community_id, starts_at, pk in (
        Meeting.objects.filter(community_id__in=community_ids, status=Meeting.Status.HELD)
        .exclude(kind=ActivityKind.COACHING)
        .order_by("community_id", "starts_at")
        .values_list("community_id", "starts_at", "pk")
    ):
        ctx.meetings[community_id].append((timezone.localtime(starts_at).date(), pk))
    for community_id, pk in (
        Product.objects.filter(community_id__in=community_ids)
        .order_by("pk")
        .values_list("community_id", "pk")
    ):
        ctx.products[community_id].append(pk)
    return ctx


def community_for(ctx: ChunkContext, teacher: int, day: dt.date, rng: random.Random) -> int:
    """One of the teacher's communities that had started by `day` (else the oldest)."""
    mine = ctx.communities_of[teacher]
    started = [c for c in mine if ctx.starts[c] <= day]
    return rng.choice(started) if started else min(mine, key=lambda c: ctx.starts[c])


def goal_for(ctx: ChunkContext, community: int, day: dt.date) -> int | None:
    """The community's first goal due on or after `day`."""
    goals = ctx.goals.get(community, [])
    index = bisect.bisect_left(goals, (day, 0))
    return goals[index][1] if index < len(goals) else None
