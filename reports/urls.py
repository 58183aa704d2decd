from django.urls import path

from reports.views import board as views_board
from reports.views import dashboards as views_dashboards
from reports.views import pdf as views_pdf
from reports.views import school_report as views_school_report

app_name = "reports"

dashboards = [
    path(
        "communities/<int:pk>/dashboard/",
        views_dashboards.community_dashboard,
        name="community_dashboard",
    ),
    path(
        "schools/<int:pk>/dashboard/",
        views_dashboards.school_dashboard,
        name="school_dashboard",
    ),
]

pdf = [
    path("cycles/<int:pk>/report/", views_pdf.cycle_report, name="cycle_report"),
    path("cycles/<int:pk>/report/new/", views_pdf.cycle_report_create, name="cycle_report_create"),
    path("cycle-reports/<int:pk>/", views_pdf.report_status, name="report_status"),
    path("cycle-reports/<int:pk>/download/", views_pdf.report_download, name="report_download"),
]

board = [
    path("boards/<int:pk>/dashboard/", views_board.board_dashboard, name="board_dashboard"),
]

school_report = [
    path("schools/<int:pk>/report/", views_school_report.school_report, name="school_report"),
    path(
        "schools/<int:pk>/report/new/",
        views_school_report.school_report_create,
        name="school_report_create",
    ),
]

urlpatterns = [*dashboards, *pdf, *board, *school_report]
