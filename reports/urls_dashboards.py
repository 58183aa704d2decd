"""URLs of the dashboards pages (in the `reports` namespace)."""

from django.urls import path

from reports import views_dashboards

urlpatterns: list = [
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
