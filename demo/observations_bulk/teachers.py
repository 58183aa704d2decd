"""A chunk of bulk teachers' history: three school years of visits (with observers, focus
items and scores) and reflections per teacher, written with bulk inserts."""

import bisect
import datetime as dt
import random
from collections import Counter
from collections.abc import Sequence

from django.db import connection
from django.utils import timezone

from cycles.calendar import local_datetime
from demo.observations.shared import before_summer, lesson, school_day
from demo.observations_bulk.batches import (
    BATCH,
    REFLECTIONS_PER_YEAR,
    VISITS_AHEAD,
    VISITS_PER_YEAR,
    YEARS,
    insert,
)
from demo.observations_bulk.context import ChunkContext, community_for, goal_for
from demo.observations_bulk.reflections import (
    REFLECTION_FIELDS,
    reflection_row,
    reflection_text,
    written_at,
)
from demo.observations_bulk.visits import (
    AGREEMENTS,
    COACHING_AGREEMENTS,
    DATA_COLLECTION,
    EVIDENCE,
    FEED_BACK,
    FEED_FORWARD,
    FEED_UP,
    FOCUS,
    GROUPS,
    STEP,
    SUBJECTS,
    TIMES,
    visit_status,
)
from observations.models import Reflection, Score, Visibility, Visit


def teachers_chunk(ctx: ChunkContext, teacher_ids: Sequence[int]) -> Counter:
    """Visits (with observers, focus items and scores) and reflections for some teachers."""
    today = ctx.today
    visits: list[Visit] = []
    plans: list[tuple[list[int], list[int], list[int | None], str | None]] = []
    reflections: list[dict] = []
    # Reflections on a visit need its pk: kept apart until the visits are saved.
    visit_reflections: list[tuple[int, dict]] = []
    for teacher in teacher_ids:
        if not ctx.communities_of.get(teacher):
            continue
        rng = random.Random(f"{ctx.seed_value}:{ctx.email[teacher]}")  # noqa: S311 - demo
        skill = rng.gauss(2.4, 0.35)
        for year in range(YEARS):
            year_end = today - dt.timedelta(days=365 * (YEARS - 1 - year))
            year_start = year_end - dt.timedelta(days=365)
            group = rng.choice(GROUPS)
            closed_visits: list[tuple[dt.date, int, bool, int]] = []
            for v in range(VISITS_PER_YEAR):
                day = year_start + dt.timedelta(
                    days=VISITS_AHEAD + int((v + rng.random()) * 365 / VISITS_PER_YEAR)
                )
                day = school_day(before_summer(day))
                community = community_for(ctx, teacher, day, rng)
                others = [m for m in ctx.members[community] if m != teacher]
                if not others:
                    continue
                observers = rng.sample(others, 2 if len(others) > 1 and rng.random() < 0.25 else 1)
                status = visit_status(day, today, rng)
                step = STEP[status]
                shared = status == Visit.Status.CLOSED and rng.random() < 0.25
                visit = Visit(
                    community_id=community,
                    observed_id=teacher,
                    instrument_id=ctx.instrument_id,
                    starts_at=lesson(day, *rng.choice(TIMES)),
                    group=group,
                    subject=rng.choice(SUBJECTS),
                    community_goal_id=goal_for(ctx, community, day) if rng.random() < 0.5 else None,
                    personal_goal_id=ctx.personal_goal.get((teacher, community))
                    if rng.random() < 0.3
                    else None,
                    status=status,
                    shared_with_community=shared,
                    version=1 + min(step, 3),
                    created_at=min(
                        local_datetime(day - dt.timedelta(days=21), dt.time(15, 30)),
                        timezone.now(),
                    ),
                )
                if step >= STEP[Visit.Status.CONTRACTED]:
                    visit.focus = rng.choice(FOCUS)
                    visit.data_collection = rng.choice(DATA_COLLECTION)
                    visit.agreements = rng.choice(AGREEMENTS)
                if step >= STEP[Visit.Status.COACHED]:
                    visit.feed_up = rng.choice(FEED_UP)
                    visit.feed_back = rng.choice(FEED_BACK)
                    visit.feed_forward = rng.choice(FEED_FORWARD)
                    visit.coaching_agreements = rng.choice(COACHING_AGREEMENTS)
                focus_items = (
                    rng.sample(ctx.item_ids, rng.randint(2, 3))
                    if step >= STEP[Visit.Status.CONTRACTED]
                    else []
                )
                levels: list[int | None] = []
                if step >= STEP[Visit.Status.OBSERVED]:
                    # Teachers grow a little every year; items differ lesson to lesson.
                    mean = skill + 0.25 * year
                    levels = [
                        ctx.level_ids[max(1, min(4, round(rng.gauss(mean, 0.6))))]
                        for _item in ctx.item_ids
                    ]
                evidence = rng.choice(EVIDENCE) if levels else None
                visits.append(visit)
                plans.append((observers, focus_items, levels, evidence))
                if status == Visit.Status.CLOSED:
                    closed_visits.append((day, community, shared, len(visits) - 1))

            # The observed teacher's reflection closes each closed visit; they count
            # towards the year's reflections.
            for day, community, shared, index in closed_visits:
                written = min(day + dt.timedelta(days=rng.randint(1, 4)), today)
                visibility = (
                    Visibility.COMMUNITY
                    if shared
                    else rng.choice([Visibility.PRIVATE, Visibility.COACH, Visibility.COACH])
                )
                reflection = {
                    **reflection_text(rng),
                    "author": teacher,
                    "community": community,
                    "visibility": visibility,
                    "is_draft": False,
                    "created_at": written_at(written, rng),
                    "title": "Na het lesbezoek",
                }
                visit_reflections.append((index, reflection))
            for _r in range(REFLECTIONS_PER_YEAR - len(closed_visits)):
                day = before_summer(year_start + dt.timedelta(days=rng.randint(1, 365)))
                community = community_for(ctx, teacher, day, rng)
                links: dict[str, int | None] = {}
                meetings = ctx.meetings.get(community, [])
                if meetings and rng.random() < 0.3:
                    low = bisect.bisect_left(meetings, (year_start, 0))
                    high = bisect.bisect_right(meetings, (year_end, 2**62))
                    if low < high:
                        met, links["meeting"] = meetings[rng.randrange(low, high)]
                        day = min(met + dt.timedelta(days=rng.randint(0, 2)), today)
                roll = rng.random()
                if roll < 0.15:
                    links["community_goal"] = goal_for(ctx, community, day)
                elif roll < 0.35:
                    links["personal_goal"] = ctx.personal_goal.get((teacher, community))
                elif roll < 0.40 and ctx.products.get(community):
                    links["product"] = rng.choice(ctx.products[community])
                reflections.append(
                    {
                        "author": teacher,
                        "community": community,
                        "visibility": rng.choices(
                            [Visibility.PRIVATE, Visibility.COACH, Visibility.COMMUNITY],
                            weights=[45, 30, 25],
                        )[0],
                        "is_draft": rng.random() < 0.1,
                        "created_at": written_at(day, rng),
                        **reflection_text(rng),
                        **links,
                    }
                )

    Visit.objects.bulk_create(visits, batch_size=BATCH)
    observers_through = Visit.observers.through
    focus_through = Visit.focus_items.through
    observer_rows, focus_rows, score_rows = [], [], []
    for visit, (observers, focus_items, levels, evidence) in zip(visits, plans, strict=True):
        observer_rows.extend((visit.pk, o) for o in observers)
        focus_rows.extend((visit.pk, i) for i in focus_items)
        score_rows.extend(
            (
                visit.pk,
                item,
                level,
                # A line of evidence on the first focus item, as observers write.
                evidence if focus_items and item == focus_items[0] else "",
            )
            for item, level in zip(ctx.item_ids, levels, strict=False)
        )
    insert(observers_through, ["visit", "user"], observer_rows)
    insert(focus_through, ["visit", "item"], focus_rows)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    insert(
        Score,
        ["visit", "item", "level", "evidence", "updated_at"],
        (row + (now,) for row in score_rows),
    )
    for index, reflection in visit_reflections:
        reflection["visit"] = visits[index].pk
        reflections.append(reflection)
    insert(Reflection, REFLECTION_FIELDS, map(reflection_row, reflections))
    return Counter(
        {
            "visits": len(visits),
            "observers": len(observer_rows),
            "scores": len(score_rows),
            "reflections": len(reflections),
        }
    )
