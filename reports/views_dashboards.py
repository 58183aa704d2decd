"""The dashboards: figures about a community's year, drawn as SVG charts with tables."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.http import render_page
from cycles.calendar import school_year_of
from reports import access as report_access
from reports import charts, selectors, selectors_school
from reports.forms_dashboards import CommunityDashboardFilter, dashboard_filter
from reports.selectors import CommunityDashboard


def _charts(dashboard: CommunityDashboard) -> dict[str, object]:
    meetings = dashboard.meetings
    members = dashboard.members
    scan = dashboard.scan
    shown_rounds = [cell.row for cell in scan.themes[0].cells] if scan.themes else []
    return {
        "attendance_meetings": charts.series_chart(
            chart_id="chart-attendance-meetings",
            title=_("Attendance per meeting"),
            description=_(
                "Share of the recorded members who were present, per meeting held, in "
                "percent. Meetings without recorded attendance have no bar."
            ),
            categories=[date_format(row.meeting.starts_at, "j M") for row in meetings],
            series=[(_("Present (%)"), [row.rate for row in meetings])],
            maximum=100,
            category_heading=_("Meeting"),
            unit="%",
        ),
        "attendance_members": charts.bar_chart(
            chart_id="chart-attendance-members",
            title=_("Attendance per member"),
            description=_("Meetings at which each member was present, of those recorded."),
            rows=[
                (
                    row.name,
                    row.rate,
                    100,
                    _("%(present)s of %(recorded)s (%(rate)s%%)")
                    % {"present": row.present, "recorded": row.recorded, "rate": row.rate}
                    if row.recorded
                    else _("not recorded"),
                )
                for row in members
            ],
            label_heading=_("Member"),
            value_heading=_("Present"),
        ),
        "visits": charts.bar_chart(
            chart_id="chart-visits",
            title=_("Classroom visits by stage"),
            description=_("How many classroom visits in this period are at each stage."),
            rows=[
                (label, count, dashboard.visits.total, str(count))
                for label, count in dashboard.visits.by_status
            ]
            if dashboard.visits.total
            else [],
            label_heading=_("Stage"),
            value_heading=_("Visits"),
        ),
        "goals": charts.bar_chart(
            chart_id="chart-goals",
            title=_("Progress of the community goals"),
            description=_("Progress of each community goal in percent, from its latest update."),
            rows=[
                (row.goal.title, row.goal.progress, 100, f"{row.goal.progress}%")
                for row in dashboard.goals
            ],
            label_heading=_("Goal"),
            value_heading=_("Progress"),
        ),
        "scan": charts.series_chart(
            chart_id="chart-scan",
            title=_("PLC scan: average score per theme"),
            description=_(
                "Average score (1 to 5) per theme in each closed round with at least three "
                "respondents."
            ),
            categories=[theme.title for theme in scan.themes],
            series=[
                (
                    _("Round %(number)s (%(date)s)")
                    % {
                        "number": row.number,
                        "date": date_format(row.round.opened_at, "j M Y"),
                    },
                    [
                        float(theme.cells[index].average)
                        if theme.cells[index].average is not None
                        else None
                        for theme in scan.themes
                    ],
                )
                for index, row in enumerate(shown_rounds)
            ],
            maximum=5,
            category_heading=_("Theme"),
        ),
    }


@require_GET
@login_required
def community_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    community = report_access.community_for_dashboard(request.user, pk)
    today = timezone.localdate()
    cycles = selectors.community_cycles(community)
    years = selectors.school_years(community, cycles, today)
    asked = CommunityDashboardFilter(
        {
            "year": request.GET.get("year") or school_year_of(today),
            "cycle": request.GET.get("cycle") or "",
        },
        years=years,
        cycles=cycles,
    )
    asked.is_valid()  # a value that isn't a choice is left out, and the default shown
    year = asked.cleaned_data.get("year") or school_year_of(today)
    cycle_pk = asked.cleaned_data.get("cycle")
    cycle = next((cycle for cycle in cycles if cycle.pk == cycle_pk), None)
    period = selectors.period_for(year, cycle)
    form = CommunityDashboardFilter(
        {"year": period.year, "cycle": cycle.pk if cycle else ""}, years=years, cycles=cycles
    )
    dashboard = selectors.community_dashboard(
        community=community, user=request.user, cycles=cycles, period=period
    )
    return render_page(
        request,
        "reports/community_dashboard.html",
        {
            "community": community,
            "form": form,
            "dashboard": dashboard,
            "charts": _charts(dashboard),
        },
        partial="figures",
    )


# The school leader's dashboard ------------------------------------------------------------


@require_GET
@login_required
def school_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    school = report_access.school_for_dashboard(request.user, pk)
    today = timezone.localdate()
    communities = selectors_school.school_communities(school)
    cycles = selectors_school.school_cycles(communities)
    years = selectors_school.school_years(communities, cycles, today)
    spans_of = [
        (c.community_id, c.start_date, c.end_date) for rows in cycles.values() for c in rows
    ]
    form, period = dashboard_filter(request, years, lambda _year: spans_of, today)
    dashboard = selectors_school.school_dashboard(
        school=school, communities=communities, cycles=cycles, year=period.year, period=period
    )
    return render_page(
        request,
        "reports/school_dashboard.html",
        {
            "school": school,
            "form": form,
            "dashboard": dashboard,
            "charts": charts.school_charts(dashboard),
        },
        partial="figures",
    )
