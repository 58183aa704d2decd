"""URLs of the instruments pages (in the `observations` namespace)."""

from django.urls import path

from observations import views_instruments as views

urlpatterns: list = [
    path("checklists/", views.instruments, name="instruments"),
    path("checklists/new/", views.instrument_create, name="instrument_create"),
    path("checklists/<int:pk>/", views.instrument, name="instrument"),
    path("checklists/<int:pk>/edit/", views.instrument_edit, name="instrument_edit"),
    path("checklists/<int:pk>/copy/", views.instrument_copy, name="instrument_copy"),
    path(
        "communities/<int:pk>/checklists/",
        views.community_instruments,
        name="community_instruments",
    ),
]
