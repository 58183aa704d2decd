"""The cycle report: what it shows, read in a fixed number of queries whatever the cycle's
size, and its PDF; and the page that lists a cycle's reports.

The report is read by everyone who sees the community (leaders included), so it holds only
what they may see: figures, group meetings, and what members shared. Never a private or
coach-only reflection, nor the content of a visit that was not shared with the community.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation

from communities.models import Community, CommunityGoal, Membership
from cycles.calendar import local_datetime
from cycles.models import ActivityKind, AgreedAction, Attendance, Cycle, Meeting, Product, Topic
from observations.access import follows_its_visit_q
from observations.models import (
    Reflection,
    ScanAnswer,
    ScanRound,
    Visibility,
    Visit,
)
from observations.selectors.scan import SCAN_MINIMUM_RESPONSES, scan_round_is_closed
from reports.models import Report
from reports.pdf.document import write_pdf

SCAN_MAX_SCORE = 5


@dataclass
class MeetingRow:
    meeting: Meeting
    present: int
    absent: int
    excused: int
    actions: list[AgreedAction] = field(default_factory=list)

    @property
    def recorded(self) -> int:
        return self.present + self.absent + self.excused


@dataclass
class ScanBar:
    title: str
    average: Decimal
    y: int  # position in the chart, in SVG units
    width: int  # bar length in SVG units


@dataclass
class ScanRoundColumn:
    number: int
    round: ScanRound
    respondents: int


@dataclass
class ScanThemeRow:
    title: str
    averages: list[Decimal | None]  # one per shown round, oldest first


@dataclass
class ScanSummary:
    rounds: list[ScanRoundColumn]  # rounds whose results may be shown, oldest first
    themes: list[ScanThemeRow]
    hidden_rounds: int  # rounds still open or with too few respondents
    bars: list[ScanBar]  # the latest shown round, for the chart
    chart_height: int

    @property
    def latest(self) -> ScanRoundColumn | None:
        return self.rounds[-1] if self.rounds else None


@dataclass
class CycleReport:
    cycle: Cycle
    community: Community
    schools: list[str]
    member_count: int
    chosen_topics: list[Topic]
    plan: list[Meeting]  # every meeting of the cycle, coaching sessions included (no content)
    meetings: list[MeetingRow]  # group meetings with their content
    coaching_planned: int
    coaching_held: int
    actions: list[AgreedAction]
    products: list[Product]
    goals: list[CommunityGoal]
    visit_counts: list[tuple[str, int]]  # (status label, count), in the order of the statuses
    visit_total: int
    shared_visits: list[Visit]
    reflections: list[Reflection]
    scan: ScanSummary
    generated_at: dt.datetime
    with_content: bool = True

    @property
    def held_meetings(self) -> int:
        return sum(1 for row in self.meetings if row.meeting.status == Meeting.Status.HELD)

    @property
    def attendance_rate(self) -> int | None:
        present = sum(row.present for row in self.meetings)
        recorded = sum(row.recorded for row in self.meetings)
        return round(100 * present / recorded) if recorded else None


def _one_decimal(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _scan_summary(community: Community, until: dt.date) -> ScanSummary:
    """Scan rounds opened up to the end of the cycle. Results only of closed rounds with
    enough respondents (as on the scan page): averages, never a person's answers."""
    rounds = list(
        ScanRound.objects.filter(community=community, opened_at__date__lte=until)
        .annotate(respondents=Count("participations"))
        .order_by("opened_at", "pk")
    )
    shown = [
        ScanRoundColumn(number, r, r.respondents)
        for number, r in enumerate(rounds, start=1)
        if scan_round_is_closed(r) and r.respondents >= SCAN_MINIMUM_RESPONSES
    ]
    averages: dict[tuple[int, int], Decimal] = {}
    themes: dict[int, tuple[int, int, str]] = {}
    if shown:
        for row in (
            ScanAnswer.objects.filter(response__round__in=[c.round.pk for c in shown])
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
            theme_id = row["statement__theme_id"]
            averages[row["response__round_id"], theme_id] = _one_decimal(row["average"])
            themes[theme_id] = (
                row["statement__theme__scan_id"],
                row["statement__theme__order"],
                row["statement__theme__title"],
            )
    ordered = sorted(themes.items(), key=lambda item: (*item[1][:2], item[0]))
    theme_rows = [
        ScanThemeRow(title, [averages.get((c.round.pk, theme_id)) for c in shown])
        for theme_id, (_scan, _order, title) in ordered
    ]
    bars: list[ScanBar] = []
    if shown:
        latest = shown[-1].round.pk
        for theme_id, (_scan, _order, title) in ordered:
            average = averages.get((latest, theme_id))
            if average is not None:
                bars.append(
                    ScanBar(
                        title=title,
                        average=average,
                        y=len(bars) * 28,
                        width=int(average / SCAN_MAX_SCORE * 300),
                    )
                )
    return ScanSummary(
        rounds=shown,
        themes=theme_rows,
        hidden_rounds=len(rounds) - len(shown),
        bars=bars,
        chart_height=len(bars) * 28 + 24,
    )


def cycle_report(cycle: Cycle, *, now: dt.datetime, with_content: bool = True) -> CycleReport:
    """Everything the cycle report shows. 15 queries, whatever the number of rows.
    Without content (for leaders who are not members): figures only, no shared visits or
    reflections (13 queries)."""
    cycle = Cycle.objects.select_related("community__organisation", "template").get(pk=cycle.pk)
    community = cycle.community
    schools = list(community.schools.order_by("name").values_list("name", flat=True))
    member_count = Membership.objects.filter(
        community=community, role=Membership.Role.MEMBER
    ).count()
    chosen_topics = list(
        Topic.objects.filter(cycle=cycle, status=Topic.Status.CHOSEN).order_by("title")
    )
    plan = list(
        Meeting.objects.filter(cycle=cycle)
        .exclude(kind=ActivityKind.COACHING)
        .annotate(
            present=Count("attendance", filter=Q(attendance__status=Attendance.Status.PRESENT)),
            absent=Count("attendance", filter=Q(attendance__status=Attendance.Status.ABSENT)),
            excused=Count("attendance", filter=Q(attendance__status=Attendance.Status.EXCUSED)),
        )
        .order_by("starts_at", "pk")
    )
    coaching = Meeting.objects.filter(cycle=cycle, kind=ActivityKind.COACHING).aggregate(
        planned=Count("pk", filter=~Q(status=Meeting.Status.CANCELLED)),
        held=Count("pk", filter=Q(status=Meeting.Status.HELD)),
    )
    actions = list(
        AgreedAction.objects.filter(meeting__cycle=cycle)
        .exclude(meeting__kind=ActivityKind.COACHING)
        .select_related("owner", "meeting")
        .order_by("meeting__starts_at", "pk")
    )
    by_meeting: dict[int, list[AgreedAction]] = {}
    for action in actions:
        by_meeting.setdefault(action.meeting_id, []).append(action)
    rows = [
        MeetingRow(m, m.present, m.absent, m.excused, by_meeting.get(m.pk, []))
        for m in plan
        if m.status != Meeting.Status.CANCELLED
    ]
    products = list(
        Product.objects.filter(cycle=cycle)
        .select_related("goal")
        .prefetch_related("authors")
        .order_by("created_at", "pk")
    )
    goals = list(
        CommunityGoal.objects.filter(community=community)
        .select_related("owner")
        .order_by("target_date", "title")
    )
    counted = dict(
        _visits_in(cycle)
        .values("status")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("status", "n")
    )
    visit_counts = [(label, counted.get(value, 0)) for value, label in Visit.Status.choices]
    shared_visits = (
        list(
            _visits_in(cycle)
            .filter(shared_with_community=True)
            .select_related("observed")
            .order_by("starts_at", "pk")
        )
        if with_content
        else []
    )
    reflections = (
        list(_shared_reflections(cycle).select_related("author").order_by("created_at", "pk"))
        if with_content
        else []
    )
    return CycleReport(
        cycle=cycle,
        community=community,
        schools=schools,
        member_count=member_count,
        chosen_topics=chosen_topics,
        plan=plan,
        meetings=rows,
        coaching_planned=coaching["planned"],
        coaching_held=coaching["held"],
        actions=actions,
        products=products,
        goals=goals,
        visit_counts=visit_counts,
        visit_total=sum(counted.values()),
        shared_visits=shared_visits,
        reflections=reflections,
        scan=_scan_summary(community, cycle.end_date),
        generated_at=now,
        with_content=with_content,
    )


def _visits_in(cycle: Cycle) -> QuerySet[Visit]:
    """The visits of a cycle: those of its rotation, and the community's other visits that
    take place from its first to its last day (a visit planned on its own has no cycle)."""
    first = local_datetime(cycle.start_date, dt.time())
    after = local_datetime(cycle.end_date + dt.timedelta(days=1), dt.time())
    return Visit.objects.filter(
        Q(cycle=cycle)
        | Q(
            cycle__isnull=True,
            community=cycle.community_id,
            starts_at__gte=first,
            starts_at__lt=after,
        )
    )


def _shared_reflections(cycle: Cycle) -> QuerySet[Reflection]:
    """Finished reflections shared with the whole community, written for the cycle (about
    one of its meetings or visits) or during it. An observer's reflection about a visit
    only while the visit is shared."""
    return Reflection.objects.filter(
        Q(meeting__cycle=cycle)
        | Q(visit__in=_visits_in(cycle))
        | Q(created_at__date__gte=cycle.start_date, created_at__date__lte=cycle.end_date),
        follows_its_visit_q(),
        community=cycle.community_id,
        visibility=Visibility.COMMUNITY,
        is_draft=False,
    )


# The document ----------------------------------------------------------------------------


def cycle_report_html(
    cycle: Cycle, language: str, *, now: dt.datetime | None = None, with_content: bool = True
) -> str:
    with translation.override(language):
        report = cycle_report(cycle, now=now or timezone.now(), with_content=with_content)
        return render_to_string("reports/pdf/cycle.html", {"report": report, "language": language})


def cycle_report_pdf(
    cycle: Cycle, language: str, *, now: dt.datetime | None = None, with_content: bool = True
) -> bytes:
    """The cycle report as a tagged PDF/UA-1 document in `language` ("nl" or "en")."""
    return write_pdf(cycle_report_html(cycle, language, now=now, with_content=with_content))


# The report page ------------------------------------------------------------------------


@dataclass
class ReportPage:
    cycle: Cycle
    reports: list[Report]

    @property
    def in_progress(self) -> Report | None:
        return next((r for r in self.reports if r.in_progress), None)


def report_page(cycle: Cycle, *, with_content: bool, limit: int = 10) -> ReportPage:
    """The latest reports of a cycle (one query); with content only for its members."""
    reports = Report.objects.filter(cycle=cycle)
    if not with_content:
        reports = reports.filter(with_content=False)
    reports = list(reports.select_related("requested_by").order_by("-created_at", "-pk")[:limit])
    for report in reports:
        report.cycle = cycle  # for its file name, without a query per row
    return ReportPage(cycle=cycle, reports=reports)
