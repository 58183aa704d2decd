"""Queries for the PLC scan pages. Results are averages only, never per person."""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, OuterRef, Subquery
from django.utils import timezone

from accounts.models import User
from communities.models import Community
from observations.models import Scan, ScanAnswer, ScanParticipation, ScanRound, ScanTheme

# Results of a scan round are shown only when at least this many members answered.
SCAN_MINIMUM_RESPONSES = 3


def scan_default() -> Scan:
    """The built-in scan (the first one made, by the data migration)."""
    return Scan.objects.filter(organisation=None).order_by("pk").first()


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


# The scan page ------------------------------------------------------------------------
# A round's results are shown once it is closed (by the facilitator, or by its closing
# date) and only from SCAN_MINIMUM_RESPONSES respondents. Not while it is open: averages
# seen before and after one more answer would give away that person's answers.


def scan_round_is_closed(scan_round: ScanRound) -> bool:
    """Closed by the facilitator, or past its closing date (answers are no longer taken)."""
    return scan_round.status == ScanRound.Status.CLOSED or bool(
        scan_round.closes_on and scan_round.closes_on < timezone.localdate()
    )


@dataclass
class ScanRoundRow:
    """A round as the scan page shows it: how many answered, never who."""

    round: ScanRound
    number: int  # 1 for the community's first round
    respondents: int
    answered_on: dt.date | None  # when the viewer answered this round, if they did
    is_closed: bool

    @property
    def shows_results(self) -> bool:
        return self.is_closed and self.respondents >= SCAN_MINIMUM_RESPONSES


@dataclass
class ThemeCell:
    row: ScanRoundRow
    average: Decimal | None  # None: the theme wasn't in that round's scan


@dataclass
class ThemeRow:
    title: str
    cells: list[ThemeCell]  # one per round with results, oldest first


@dataclass
class ScanPage:
    rounds: list[ScanRoundRow]  # oldest first
    open_round: ScanRoundRow | None
    themes: list[ThemeRow]

    @property
    def with_results(self) -> list[ScanRoundRow]:
        return [row for row in self.rounds if row.shows_results]

    @property
    def without_results(self) -> list[ScanRoundRow]:
        return [row for row in self.rounds if not row.shows_results]


def _one_decimal(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def scan_page(community: Community, user: User) -> ScanPage:
    """Rounds with their respondent counts, and per theme the average score of each round
    whose results may be shown. Two queries, whatever the number of rounds and answers."""
    mine = ScanParticipation.objects.filter(round=OuterRef("pk"), respondent_id=user.pk)
    rows = [
        ScanRoundRow(
            round=scan_round,
            number=number,
            respondents=scan_round.respondents,
            answered_on=scan_round.answered_on,
            is_closed=scan_round_is_closed(scan_round),
        )
        for number, scan_round in enumerate(
            ScanRound.objects.filter(community=community)
            .annotate(
                respondents=Count("participations"),
                answered_on=Subquery(mine.values("submitted_on")[:1]),
            )
            .order_by("opened_at", "pk"),
            start=1,
        )
    ]
    open_round = next(
        (row for row in reversed(rows) if row.round.status == ScanRound.Status.OPEN), None
    )
    shown = [row for row in rows if row.shows_results]
    averages: dict[tuple[int, int], Decimal] = {}
    themes: dict[int, tuple[int, int, str]] = {}  # theme id -> (scan id, order, title)
    if shown:
        for answer in (
            ScanAnswer.objects.filter(response__round__in=[row.round.pk for row in shown])
            .values(
                "response__round_id",
                "statement__theme_id",
                "statement__theme__scan_id",
                "statement__theme__order",
                "statement__theme__title",
            )
            .annotate(average=Avg("score"))
            .order_by()
        ):
            theme_id = answer["statement__theme_id"]
            averages[answer["response__round_id"], theme_id] = _one_decimal(answer["average"])
            themes[theme_id] = (
                answer["statement__theme__scan_id"],
                answer["statement__theme__order"],
                answer["statement__theme__title"],
            )
    theme_rows = [
        ThemeRow(
            title=title,
            cells=[ThemeCell(row, averages.get((row.round.pk, theme_id))) for row in shown],
        )
        for theme_id, (_scan, _order, title) in sorted(
            themes.items(), key=lambda item: (*item[1][:2], item[0])
        )
    ]
    return ScanPage(rounds=rows, open_round=open_round, themes=theme_rows)


def scan_answered_on(scan_round: ScanRound, user: User) -> dt.date | None:
    return (
        ScanParticipation.objects.filter(round=scan_round, respondent_id=user.pk)
        .values_list("submitted_on", flat=True)
        .first()
    )


def scan_themes(scan: Scan) -> list[ScanTheme]:
    """The scan's themes with their statements, in order (two queries)."""
    return list(scan.themes.order_by("order", "pk").prefetch_related("statements"))
