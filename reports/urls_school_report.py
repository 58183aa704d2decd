"""URLs of the school-year report pages (in the `reports` namespace)."""

from django.urls import path

from reports import views_school_report

urlpatterns: list = [
    path("schools/<int:pk>/report/", views_school_report.school_report, name="school_report"),
    path(
        "schools/<int:pk>/report/new/",
        views_school_report.school_report_create,
        name="school_report_create",
    ),
]
