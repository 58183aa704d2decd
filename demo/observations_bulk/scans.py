"""A chunk of bulk communities' PLC scan rounds: twice a school year, with answers from
most members, written with bulk inserts."""

import datetime as dt
import random
from collections import Counter, defaultdict
from collections.abc import Sequence

from django.db import connection

from communities.models import Membership
from cycles.calendar import local_datetime
from demo.observations.shared import school_day
from demo.observations_bulk.batches import BATCH, SCAN_ROUNDS_PER_YEAR, YEARS, insert
from observations.models import (
    ScanAnswer,
    ScanParticipation,
    ScanResponse,
    ScanRound,
)
from observations.models.scan import random_key
from observations.services.scan import scan_round_count


def scan_chunk(
    communities: Sequence[tuple[int, str]],
    today: dt.date,
    seed_value: int,
    scan_id: int,
    statements: list[tuple[int, int]],
) -> Counter:
    """Rounds twice a year with answers from most members, for (community pk, name)."""
    members: dict[int, list[int]] = defaultdict(list)
    for community_id, user_id in (
        Membership.objects.filter(community_id__in=[c for c, _n in communities])
        .order_by("community_id", "user__email")
        .values_list("community_id", "user_id")
    ):
        members[community_id].append(user_id)
    rounds: list[ScanRound] = []
    plans: list[tuple[int, str, list[int], dt.date, float]] = []
    for community_id, name in communities:
        rng = random.Random(f"{seed_value}:scan:{name}")  # noqa: S311 - demo data
        lean = rng.gauss(0, 0.3)
        for year in range(YEARS):
            year_start = today - dt.timedelta(days=365 * (YEARS - year))
            for offset in (60, 340)[:SCAN_ROUNDS_PER_YEAR]:
                opened = school_day(year_start + dt.timedelta(days=offset))
                if opened > today:
                    continue
                closes = opened + dt.timedelta(days=35)
                is_open = closes >= today
                rounds.append(
                    ScanRound(
                        community_id=community_id,
                        scan_id=scan_id,
                        opened_at=local_datetime(opened, dt.time(15, 30)),
                        closes_on=closes,
                        status=ScanRound.Status.OPEN if is_open else ScanRound.Status.CLOSED,
                    )
                )
                share = 0.7 if is_open else 0.85
                who = [m for m in members[community_id] if rng.random() < share]
                plans.append((len(rounds) - 1, name, who, opened, lean + 0.2 * year))
    ScanRound.objects.bulk_create(rounds, batch_size=BATCH)
    participations, responses, scores = [], [], []
    for index, name, who, opened, lean in plans:
        scan_round = rounds[index]
        rng = random.Random(f"{seed_value}:scan-round:{name}:{opened}")  # noqa: S311 - demo
        last = min(opened + dt.timedelta(days=35), today)
        participations.extend(
            (
                scan_round.pk,
                user_id,
                connection.ops.adapt_datefield_value(
                    opened + dt.timedelta(days=rng.randint(0, (last - opened).days))
                ),
            )
            for user_id in who
        )
        # The answers are drawn apart from who answered: a response names nobody.
        for _person in who:
            responses.append(ScanResponse(round_id=scan_round.pk))
            theme_lean = {}
            answers = []
            for statement, theme in statements:
                if theme not in theme_lean:
                    theme_lean[theme] = rng.gauss(0, 0.4)
                score = round(rng.gauss(3.1 + lean + theme_lean[theme], 0.8))
                answers.append((statement, max(1, min(5, score))))
            scores.append(answers)
    insert(ScanParticipation, ["round", "respondent", "submitted_on"], participations)
    ScanResponse.objects.bulk_create(responses, batch_size=BATCH)
    insert(
        ScanAnswer,
        ["id", "response", "statement", "score"],
        (
            (random_key(), response.pk, statement, score)
            for response, answers in zip(responses, scores, strict=True)
            for statement, score in answers
        ),
    )
    scan_round_count([r.pk for r in rounds if r.status == ScanRound.Status.CLOSED])
    return Counter(
        {
            "scan rounds": len(rounds),
            "scan responses": len(responses),
            "scan answers": len(responses) * len(statements),
        }
    )
