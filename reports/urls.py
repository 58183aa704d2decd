from django.urls import path

from reports.views import board, community, cycle_report, school, school_report

app_name = "reports"

dashboards = [
    path(
        "communities/<int:pk>/dashboard/",
        community.community_dashboard,
        name="community_dashboard",
    ),
    path(
        "schools/<int:pk>/dashboard/",
        school.school_dashboard,
        name="school_dashboard",
    ),
    path("boards/<int:pk>/dashboard/", board.board_dashboard, name="board_dashboard"),
]

cycle_reports = [
    path("cycles/<int:pk>/report/", cycle_report.cycle_report, name="cycle_report"),
    path(
        "cycles/<int:pk>/report/new/",
        cycle_report.cycle_report_create,
        name="cycle_report_create",
    ),
    # A single report's status and download: every kind of report (a school-year one too).
    path("cycle-reports/<int:pk>/", cycle_report.report_status, name="report_status"),
    path(
        "cycle-reports/<int:pk>/download/",
        cycle_report.report_download,
        name="report_download",
    ),
]

school_reports = [
    path("schools/<int:pk>/report/", school_report.school_report, name="school_report"),
    path(
        "schools/<int:pk>/report/new/",
        school_report.school_report_create,
        name="school_report_create",
    ),
]

urlpatterns = [*dashboards, *cycle_reports, *school_reports]
