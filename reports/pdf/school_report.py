"""The school-year report: the school dashboard's figures for one school year, and per
community its goals and meetings; its PDF; and the page that lists a school's reports.

The report goes to the school's leaders and its board's directors, so it holds what the
school dashboard shows them: figures, and the titles of the communities' goals. Never a
reflection, a visit's content, a meeting's notes or anyone's personal goal. The figures come
from `reports.dashboards.school` (the same numbers as on the page); only the goal lines are
read here, in one more query.
"""

import datetime as dt
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone, translation

from communities.models import CommunityGoal, GoalStatus, School
from reports.dashboards.school import (
    CommunityRow,
    SchoolDashboard,
    school_charts,
    school_communities,
    school_cycles,
    school_dashboard,
    school_years,
)
from reports.models import Report
from reports.pdf.document import write_pdf


@dataclass(frozen=True)
class GoalLine:
    title: str
    status: str  # as it reads, in the report's language
    target_date: dt.date
    progress: int  # percent, from the latest update


@dataclass(frozen=True)
class CommunitySection:
    row: CommunityRow
    goals: list[GoalLine]


@dataclass(frozen=True)
class SchoolYearReport:
    school: School
    year: int
    dashboard: SchoolDashboard
    charts: dict[str, object]
    communities: list[CommunitySection]
    requested_by: str
    generated_at: dt.datetime

    @property
    def school_year(self) -> str:
        return f"{self.year}–{self.year + 1}"


def _goal_lines(ids: list[int]) -> dict[int, list[GoalLine]]:
    """The goals the dashboard counts (all but dropped ones): title and figures only."""
    labels = dict(GoalStatus.choices)
    lines: dict[int, list[GoalLine]] = {pk: [] for pk in ids}
    if not ids:
        return lines
    rows = (
        CommunityGoal.objects.filter(community__in=ids)
        .exclude(status=GoalStatus.DROPPED)
        .order_by("target_date", "title", "pk")
        .values_list("community_id", "title", "status", "target_date", "progress")
    )
    for community_id, title, status, target_date, progress in rows:
        lines[community_id].append(GoalLine(title, str(labels[status]), target_date, progress))
    return lines


def school_year_report(
    school: School, year: int, *, requested_by: str = "", now: dt.datetime
) -> SchoolYearReport:
    """Everything the school-year report shows, in a fixed number of queries (those of the
    school dashboard, the school and its board, and the goals)."""
    school = School.objects.select_related("organisation").get(pk=school.pk)
    communities = school_communities(school)
    cycles = school_cycles(communities)
    dashboard = school_dashboard(school=school, communities=communities, cycles=cycles, year=year)
    goals = _goal_lines([c.pk for c in communities])
    return SchoolYearReport(
        school=school,
        year=year,
        dashboard=dashboard,
        charts=school_charts(dashboard),
        communities=[CommunitySection(row, goals[row.community.pk]) for row in dashboard.rows],
        requested_by=requested_by,
        generated_at=now,
    )


# The document ----------------------------------------------------------------------------


def school_report_html(
    school: School,
    year: int,
    language: str,
    *,
    requested_by: str = "",
    now: dt.datetime | None = None,
) -> str:
    with translation.override(language):
        report = school_year_report(
            school, year, requested_by=requested_by, now=now or timezone.now()
        )
        return render_to_string(
            "reports/pdf/school_year.html", {"report": report, "language": language}
        )


def school_report_pdf(
    school: School,
    year: int,
    language: str,
    *,
    requested_by: str = "",
    now: dt.datetime | None = None,
) -> bytes:
    """The school-year report of `school` for the school year starting in `year`, as a
    tagged PDF/UA-1 document in `language` ("nl" or "en")."""
    return write_pdf(school_report_html(school, year, language, requested_by=requested_by, now=now))


# The report page ------------------------------------------------------------------------


@dataclass
class SchoolReportPage:
    school: School
    year: int
    years: list[int]  # the school years one may ask a report for, newest first
    reports: list[Report]  # the latest reports of the school, every year

    @property
    def in_progress(self) -> Report | None:
        """The report of the chosen year being made (in any language)."""
        return next((r for r in self.reports if r.in_progress and r.year == self.year), None)


def report_years(school: School, today: dt.date) -> list[int]:
    """The school years of the school's dashboard (two queries)."""
    communities = school_communities(school)
    return school_years(communities, school_cycles(communities), today)


def school_report_page(
    school: School, *, year: int, years: list[int], limit: int = 20
) -> SchoolReportPage:
    """The latest school-year reports of a school (one query)."""
    reports = list(
        Report.objects.filter(school=school, kind=Report.Kind.SCHOOL_YEAR)
        .select_related("requested_by")
        .order_by("-created_at", "-pk")[:limit]
    )
    for report in reports:
        report.school = school  # for its file name, without a query per row
    return SchoolReportPage(school=school, year=year, years=years, reports=reports)
