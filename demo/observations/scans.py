"""The small demo's PLC scan rounds: in each community a closed round in the last cycle and
an open round in this one."""

import datetime as dt
import random

from accounts.models import User
from communities.models import Community
from cycles.models import Cycle
from demo.observations.cast import Cast
from demo.observations.shared import lesson
from observations.models import ScanParticipation, ScanRound, ScanStatement
from observations.selectors import scan as scan_selectors
from observations.services import scan as scan_services


def _answers(scan_round: ScanRound, rng: random.Random, lean: float) -> dict[int, int]:
    statements = ScanStatement.objects.filter(theme__scan=scan_round.scan).values_list(
        "pk", flat=True
    )
    return {pk: max(1, min(5, round(rng.gauss(3.2 + lean, 0.8)))) for pk in statements}


def _community_rounds(
    community: Community,
    today: dt.date,
    closed_respondents: list[User],
    open_respondents: list[User],
    rng: random.Random,
) -> int:
    """A closed round in the last cycle and an open round in this one."""
    scan = scan_selectors.scan_default()
    last_cycle = (
        Cycle.objects.filter(community=community, end_date__lt=today).order_by("-end_date").first()
    )
    if last_cycle is not None:
        opened, closes = last_cycle.start_date + dt.timedelta(days=7), last_cycle.end_date
    else:
        opened, closes = today - dt.timedelta(days=42), today - dt.timedelta(days=21)
    closed = scan_services.scan_round_open(community=community, scan=scan)
    for person in closed_respondents:
        scan_services.scan_answer(
            scan_round=closed, respondent=person, scores=_answers(closed, rng, lean=-0.2)
        )
    scan_services.scan_round_close(scan_round=closed)
    # The round was held in the last cycle; the services stamp today, so move it back.
    ScanRound.objects.filter(pk=closed.pk).update(
        opened_at=lesson(opened, 15, 30), closes_on=closes
    )
    ScanParticipation.objects.filter(round=closed).update(
        submitted_on=min(opened + dt.timedelta(days=3), closes)
    )
    current = scan_services.scan_round_open(
        community=community, scan=scan, closes_on=today + dt.timedelta(days=14)
    )
    for person in open_respondents:
        scan_services.scan_answer(
            scan_round=current, respondent=person, scores=_answers(current, rng, lean=0.2)
        )
    return 2


def scan_rounds(cast: Cast) -> int:
    """A closed and an open round in both demo communities, answered by most members.
    Returns how many rounds were opened."""
    rng = random.Random(2026)  # noqa: S311 - demo data
    rounds = _community_rounds(
        cast.reading,
        cast.today,
        closed_respondents=[cast.anouk, cast.bilal, cast.charlotte, cast.daan, cast.coach],
        # Anouk (docent1) can still answer.
        open_respondents=[cast.bilal, cast.charlotte, cast.daan],
        rng=rng,
    )
    rounds += _community_rounds(
        cast.formative,
        cast.today,
        closed_respondents=[cast.eva, cast.fatima, cast.gijs, cast.hanna],
        open_respondents=[cast.fatima, cast.gijs],  # too few to show results yet
        rng=rng,
    )
    return rounds
