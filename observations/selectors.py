"""Queries for observation pages. Scan results are averages only, never per person."""

from dataclasses import dataclass

from django.db.models import Avg, Count

from communities.models import Community
from observations.models import ScanAnswer, ScanParticipation, ScanRound
from observations.services import SCAN_MINIMUM_RESPONSES


@dataclass
class RoundResult:
    round: ScanRound
    respondents: int
    themes: dict[str, float] | None  # None: too few answers to show


def scan_results(community: Community) -> list[RoundResult]:
    rounds = list(ScanRound.objects.filter(community=community).order_by("opened_at"))
    counts = dict(
        ScanParticipation.objects.filter(round__community=community)
        .values("round_id")
        .annotate(n=Count("pk"))
        .values_list("round_id", "n")
    )
    averages: dict[int, dict[str, float]] = {}
    for row in (
        ScanAnswer.objects.filter(response__round__community=community)
        .values("response__round_id", "statement__theme__title", "statement__theme__order")
        .annotate(average=Avg("score"))
        .order_by("response__round_id", "statement__theme__order")
    ):
        averages.setdefault(row["response__round_id"], {})[row["statement__theme__title"]] = round(
            row["average"], 1
        )
    return [
        RoundResult(
            r,
            counts.get(r.pk, 0),
            averages.get(r.pk) if counts.get(r.pk, 0) >= SCAN_MINIMUM_RESPONSES else None,
        )
        for r in rounds
    ]
