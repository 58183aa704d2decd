"""The figures the dashboards add up, per community: one aggregate query per kind of row,
grouped by community (and month), whatever the number of communities or rows behind it.

Figures only, never anyone's text. `per_community` reads a period's rows for all of them;
the functions below say what is counted, once for every dashboard.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Avg, Count, DateField, Exists, F, Max, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from communities.models import CommunityGoal, GoalStatus, Membership, ProgressUpdate
from cycles.models import ActivityKind, AgreedAction, Attendance, Meeting
from observations.models import Reflection, ScanAnswer, ScanRound, Visit
from observations.selectors.scan import SCAN_MINIMUM_RESPONSES
from reports.periods import Period, in_period, whole

VISITS_DONE = [Visit.Status.OBSERVED, Visit.Status.COACHED, Visit.Status.CLOSED]
LOW_ATTENDANCE = 70  # percent: below this a community needs attention


def per_community(
    rows: QuerySet,
    date: str,
    period: Period,
    *,
    where: Q | None = None,
    community: str = "community",
    months: bool = False,
    **aggregates,
) -> dict[int, dict]:
    """The `aggregates` of the period's `rows` per community (`date`: the rows' date and
    time; `community`: the path to their community; `where`: conditions on the same
    related rows as `date`), with `months` per month too ("months": {first day: figures}).
    A figure whose name starts with "most" is the largest of its rows, any other the sum.

    For the n-th cycle of a year, the rows are read for the days from the first
    community's to the last one's, per community and day, and each community keeps the
    days of its own n-th cycle (a condition per community in SQL costs more to build than
    the rows cost to add up)."""
    key = f"{community}_id"
    own = None
    if period.span is None:
        unit = {"month": TruncMonth(date, output_field=DateField())} if months else {}
        rows = rows.filter(where or Q(), in_period(date, period))
    else:
        own = {community_id: (first, last) for community_id, first, last in period.span.ranges}
        unit = {"day": TruncDate(date)}
        rows = rows.filter(where or Q(), in_period(date, whole(period)))
    result: dict[int, dict] = {}
    for row in rows.annotate(**unit).values(key, *unit).annotate(**aggregates).order_by():
        community_id = row.pop(key)
        month = row.pop("month", None)
        if own is not None:
            day = row.pop("day")
            first, last = own.get(community_id, (None, None))
            if first is None or not first <= day <= last:
                continue
            month = day.replace(day=1)
        figures = result.setdefault(community_id, dict.fromkeys(aggregates, 0))
        _add(figures, row)
        if months:
            by_month = figures.setdefault("months", {})
            _add(by_month.setdefault(month, dict.fromkeys(aggregates, 0)), row)
    return result


def _add(into: dict, row: dict) -> None:
    for name, value in row.items():
        if name.startswith("most"):
            into[name] = max(into[name], value or 0)
        else:
            into[name] += value or 0


# Meetings and attendance -------------------------------------------------------------------


def meetings(ids, period: Period, now: dt.datetime, *, months: bool = False) -> dict[int, dict]:
    """Per community its group meetings: planned, held (begun), behind plan (begun, neither
    marked held nor with attendance), and present and recorded at those not cancelled (the
    most at one meeting too). From the meetings' own attendance counts, never the
    attendance rows."""
    kept = ~Q(status=Meeting.Status.CANCELLED)
    begun = kept & Q(starts_at__lte=now)
    return per_community(
        Meeting.objects.filter(community_id__in=ids).exclude(kind=ActivityKind.COACHING),
        "starts_at",
        period,
        months=months,
        planned=Count("pk", filter=kept),
        held=Count("pk", filter=begun),
        behind=Count("pk", filter=begun & ~Q(status=Meeting.Status.HELD) & Q(recorded_count=0)),
        present=Sum("present_count", filter=kept, default=0),
        recorded=Sum("recorded_count", filter=kept, default=0),
        most_recorded=Max("recorded_count", filter=kept, default=0),
    )


def attendance(ids, period: Period) -> dict[int, dict]:
    """Per community and month: present and recorded at group meetings not cancelled, from
    the attendance rows."""
    return per_community(
        Attendance.objects.filter(meeting__community__in=ids)
        .exclude(meeting__kind=ActivityKind.COACHING)
        .exclude(meeting__status=Meeting.Status.CANCELLED),
        "meeting__starts_at",
        period,
        community="meeting__community",
        months=True,
        present=Count("pk", filter=Q(status=Attendance.Status.PRESENT)),
        recorded=Count("pk"),
    )


def open_actions(ids, period: Period) -> dict[int, int]:
    """Per community the agreed actions not done yet, of its meetings in the period."""
    counted = per_community(
        AgreedAction.objects.filter(meeting__community__in=ids, done=False),
        "meeting__starts_at",
        period,
        community="meeting__community",
        n=Count("pk"),
    )
    return {community_id: figures["n"] for community_id, figures in counted.items()}


# Visits and reflections --------------------------------------------------------------------


@dataclass(frozen=True)
class VisitCounts:
    counts: dict[str, int]  # status -> visits
    months: dict[dt.date, int] = field(default_factory=dict)  # first day -> visits done

    @property
    def by_status(self) -> list[tuple[str, int]]:
        """(status label, count), in the order of the process."""
        return [(str(label), self.counts.get(value, 0)) for value, label in Visit.Status.choices]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def done(self) -> int:
        """Observed or further."""
        return sum(self.counts.get(status, 0) for status in VISITS_DONE)

    @property
    def planned(self) -> int:
        return self.total - self.done


def visits(ids, period: Period, *, months: bool = False) -> dict[int, VisitCounts]:
    """Per community the classroom visits of the period by status; with `months`, those
    done per month."""
    counted = per_community(
        Visit.objects.filter(community_id__in=ids),
        "starts_at",
        period,
        months=months,
        **{f"status_{value}": Count("pk", filter=Q(status=value)) for value in Visit.Status.values},
    )

    def by_status(figures: dict) -> dict[str, int]:
        return {value: figures[f"status_{value}"] for value in Visit.Status.values}

    return {
        community_id: VisitCounts(
            by_status(figures),
            {
                month: sum(by_status(in_month)[status] for status in VISITS_DONE)
                for month, in_month in figures.get("months", {}).items()
            },
        )
        for community_id, figures in counted.items()
    }


def member_reflections(ids, period: Period) -> dict[int, dict]:
    """Reflections the community's members wrote in the period, for the community or for
    none, in total and per month; counted, never read. Drafts don't count."""
    mine = (
        Q(user__reflections__community=F("community"))
        | Q(user__reflections__community__isnull=True)
    ) & Q(user__reflections__is_draft=False)
    return per_community(
        Membership.objects.filter(community__in=ids),
        "user__reflections__created_at",
        period,  # for a cycle of the year: the dates of the membership's community
        where=mine,
        months=True,
        reflections=Count("user__reflections"),
    )


def community_reflections(ids, period: Period) -> dict[int, dict]:
    """Reflections written for a community in the period: counted, never read. Drafts
    don't count."""
    return per_community(
        Reflection.objects.filter(community_id__in=ids, is_draft=False),
        "created_at",
        period,
        reflections=Count("*"),  # count(*): read from the index alone
    )


# Goals and scans ---------------------------------------------------------------------------


def goal_is_overdue(today: dt.date) -> Q:
    """A community goal past its target date, not achieved or dropped, without a progress
    update since (the school and the board dashboards' rule of what needs attention)."""
    update_since = ProgressUpdate.objects.filter(
        community_goal=OuterRef("pk"), date__gte=OuterRef("target_date")
    )
    return (
        Q(target_date__lt=today)
        & ~Q(status__in=[GoalStatus.ACHIEVED, GoalStatus.DROPPED])
        & ~Q(Exists(update_since))
    )


def goals(ids, today: dt.date) -> dict[int, dict]:
    """Community goals (not dropped), the sum of their progress; and how many passed their
    target date without being achieved or updated since."""
    rows = (
        CommunityGoal.objects.filter(community_id__in=ids)
        .exclude(status=GoalStatus.DROPPED)
        .values("community_id")
        .annotate(
            goals=Count("pk"),
            progress_sum=Sum("progress"),
            overdue_goals=Count("pk", filter=goal_is_overdue(today)),
        )
        .order_by()
    )
    return {row.pop("community_id"): row for row in rows}


def latest_scans(ids, period: Period) -> dict[int, tuple[float, dt.date]]:
    """Per community the average score of its latest closed round opened in the period
    with enough respondents (as the scan page shows them: never from fewer)."""
    respondents = (
        ScanRound.objects.filter(pk=OuterRef("round_id"))
        .annotate(n=Count("participations"))
        .values("n")
    )
    rows = (
        ScanAnswer.objects.filter(
            in_period("response__round__opened_at", period, "response__round__community"),
            response__round__community__in=ids,
            response__round__status=ScanRound.Status.CLOSED,
        )
        .annotate(round_id=F("response__round_id"))
        .values("response__round__community_id", "response__round_id", "response__round__opened_at")
        .annotate(average=Avg("score"), respondents=respondents)
        .order_by("response__round__opened_at", "response__round_id")
    )
    latest: dict[int, tuple[float, dt.date]] = {}
    for row in rows:
        if (row["respondents"] or 0) >= SCAN_MINIMUM_RESPONSES:
            latest[row["response__round__community_id"]] = (
                round(float(row["average"]), 1),
                timezone.localdate(row["response__round__opened_at"]),
            )
    return latest


def scan_totals(ids, period: Period, *, respondents: int) -> dict[int, dict]:
    """Per community the scores given in the closed rounds opened in the period that at
    least `respondents` people answered, from the totals each round keeps since it
    closed."""
    return per_community(
        ScanRound.objects.filter(
            community_id__in=ids,
            status=ScanRound.Status.CLOSED,
            response_count__gte=respondents,
        ),
        "opened_at",
        period,
        score_sum=Sum("score_sum"),
        scores=Sum("score_count"),
        scan_rounds=Count("pk"),
    )
