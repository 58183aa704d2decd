"""The board director's dashboard: every school of the board side by side, and an anonymous
comparison of the schools (the benchmarking the seeds recommend)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.formats import localize, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from core.http import render_page
from reports import access as report_access
from reports import charts
from reports.dashboards import board as dashboards
from reports.dashboards.board import MINIMUM_GROUP, BoardDashboard, Measure
from reports.forms import filter_by_span


def _ranked(measure: Measure, *, chart_id: str, title: str, description: str, maximum, unit):
    """Bars from the highest to the lowest figure, numbered instead of named."""
    return charts.bar_chart(
        chart_id=chart_id,
        title=title,
        description=description
        + " "
        + _(
            "Schools are numbered from the highest to the lowest figure in each chart; the "
            "numbers don't say which school it is. Schools with fewer than %(minimum)s people "
            "in their communities are left out."
        )
        % {"minimum": MINIMUM_GROUP},
        rows=[
            (
                _("School %(number)s") % {"number": index},
                value,
                maximum,
                f"{number_format(value)}{unit}",
            )
            for index, value in enumerate(measure.values, start=1)
        ],
        label_heading=_("School"),
        value_heading=title,
    )


def _board_charts(dashboard: BoardDashboard) -> dict[str, object]:
    comparison = dashboard.comparison
    most_visits = max(comparison["visits"].values, default=0) or 1
    return {
        "attendance": _ranked(
            comparison["attendance"],
            chart_id="chart-compare-attendance",
            title=_("Attendance (%)"),
            description=_(
                "Share of the recorded members who were present at the group meetings of the "
                "school's communities in this period."
            ),
            maximum=100,
            unit="%",
        ),
        "visits": _ranked(
            comparison["visits"],
            chart_id="chart-compare-visits",
            title=_("Classroom visits done per person"),
            description=_(
                "Classroom visits observed or further in this period, per person in the "
                "school's communities."
            ),
            maximum=most_visits,
            unit="",
        ),
        "goals": _ranked(
            comparison["goals"],
            chart_id="chart-compare-goals",
            title=_("Goal progress (%)"),
            description=_("Average progress of the community goals of the school's communities."),
            maximum=100,
            unit="%",
        ),
        "scan": _ranked(
            comparison["scan"],
            chart_id="chart-compare-scan",
            title=_("PLC scan (1 to 5)"),
            description=_(
                "Average score in the closed PLC scan rounds of this period that at least "
                "%(minimum)s people answered."
            )
            % {"minimum": MINIMUM_GROUP},
            maximum=5,
            unit="",
        ),
        "attendance_months": charts.series_chart(
            chart_id="chart-board-attendance-months",
            title=_("Attendance per month, whole board"),
            description=_(
                "Share of the recorded members who were present at the group meetings of all "
                "the board's communities, per month, in percent. A month without recorded "
                "attendance has no bar."
            ),
            **charts.months_axis(dashboard.months),
            series=[(_("Present (%)"), [month.rate for month in dashboard.months])],
            maximum=100,
            category_heading=_("Month"),
            unit="%",
        ),
    }


def _school_cells(dashboard: BoardDashboard) -> list[tuple[object, dict[str, str]]]:
    """The schools table's texts, made here: 50 schools of blocktranslate tags cost more
    than the page's queries. The same messages as the school dashboard's."""
    table = []
    for row in dashboard.rows:
        goals = (
            ngettext(
                "%(counter)s goal, %(progress)s%% on average",
                "%(counter)s goals, %(progress)s%% on average",
                row.goals,
            )
            % {"counter": row.goals, "progress": localize(row.goal_progress)}
            if row.goals
            else _("no goals yet")
        )
        table.append(
            (
                row,
                {
                    "meetings": _("%(held)s of %(planned)s planned")
                    % {"held": row.meetings_held, "planned": row.meetings_planned},
                    "attendance": f"{row.attendance_rate}%"
                    if row.attendance_rate is not None
                    else _("not recorded yet"),
                    "visits": _("%(done)s done, %(planned)s planned")
                    % {"done": row.visits_done, "planned": row.visits_planned},
                    "goals": goals,
                    "scan": _("%(average)s of 5") % {"average": localize(row.scan_average)}
                    if row.scan_average is not None
                    else "–",
                },
            )
        )
    return table


@require_GET
@login_required
def board_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    board = report_access.board_for_dashboard(request.user, pk)
    today = timezone.localdate()
    years = dashboards.board_years(board, today)
    form, period = filter_by_span(
        request.GET,
        years=years,
        cycles_of=lambda year: dashboards.board_cycles(board, year),
        today=today,
    )
    schools = dashboards.board_schools(board)
    dashboard = dashboards.board_dashboard(board=board, schools=schools, period=period)
    return render_page(
        request,
        "reports/board_dashboard.html",
        {
            "board": board,
            "form": form,
            "dashboard": dashboard,
            "charts": _board_charts(dashboard),
            "school_cells": _school_cells(dashboard),
            "minimum_group": MINIMUM_GROUP,
            "measures": [
                (_("Attendance"), dashboard.comparison["attendance"], "%"),
                (_("Classroom visits done per person"), dashboard.comparison["visits"], ""),
                (_("Goal progress"), dashboard.comparison["goals"], "%"),
                (_("PLC scan (1 to 5)"), dashboard.comparison["scan"], ""),
            ],
        },
        partial="figures",
    )
