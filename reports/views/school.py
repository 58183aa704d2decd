"""The school leader's dashboard: the school's communities side by side, drawn as SVG
charts with tables."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from core.http import render_page
from reports import access as report_access
from reports.dashboards import school as dashboards
from reports.forms import filter_by_span


@require_GET
@login_required
def school_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    school = report_access.school_for_dashboard(request.user, pk)
    today = timezone.localdate()
    communities = dashboards.school_communities(school)
    cycles = dashboards.school_cycles(communities)
    years = dashboards.school_years(communities, cycles, today)
    spans_of = [
        (c.community_id, c.start_date, c.end_date) for rows in cycles.values() for c in rows
    ]
    form, period = filter_by_span(
        request.GET, years=years, cycles_of=lambda _year: spans_of, today=today
    )
    dashboard = dashboards.school_dashboard(
        school=school, communities=communities, cycles=cycles, year=period.year, period=period
    )
    return render_page(
        request,
        "reports/school_dashboard.html",
        {
            "school": school,
            "form": form,
            "dashboard": dashboard,
            "charts": dashboards.school_charts(dashboard),
        },
        partial="figures",
    )
