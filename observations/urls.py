from django.urls import path

from observations import urls_instruments, urls_rotation, urls_scan, urls_visits, views

app_name = "observations"

urlpatterns = [
    path("my/reflections/", views.journal, name="journal"),
    path("my/reflections/new/", views.reflection_create, name="reflection_create"),
    path("my/reflections/draft/", views.reflection_draft, name="reflection_draft"),
    path("reflections/<int:pk>/", views.reflection, name="reflection"),
    path("reflections/<int:pk>/edit/", views.reflection_edit, name="reflection_edit"),
    path(
        "reflections/<int:pk>/visibility/",
        views.reflection_visibility,
        name="reflection_visibility",
    ),
    path("reflections/<int:pk>/delete/", views.reflection_delete, name="reflection_delete"),
    *urls_visits.urlpatterns,
    *urls_rotation.urlpatterns,
    *urls_instruments.urlpatterns,
    *urls_scan.urlpatterns,
]
