"""URLs of the pdf pages (in the `reports` namespace)."""

from django.urls import path

from reports import views_pdf

urlpatterns: list = [
    path("cycles/<int:pk>/report/", views_pdf.cycle_report, name="cycle_report"),
    path("cycles/<int:pk>/report/new/", views_pdf.cycle_report_create, name="cycle_report_create"),
    path("cycle-reports/<int:pk>/", views_pdf.report_status, name="report_status"),
    path("cycle-reports/<int:pk>/download/", views_pdf.report_download, name="report_download"),
]
