"""URLs of the dashboards pages (in the `reports` namespace)."""

from django.urls import path

from reports import views_dashboards

urlpatterns: list = [
    path(
        "communities/<int:pk>/dashboard/",
        views_dashboards.community_dashboard,
        name="community_dashboard",
    ),
]
