from django.urls import path

from observations import (
    views,
    views_instruments,
    views_rotation,
    views_scan,
    views_visits,
)

app_name = "observations"

reflections = [
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
]

visits = [
    path("my/visits/", views_visits.my_visits, name="my_visits"),
    path("communities/<int:pk>/visits/", views_visits.community_visits, name="community_visits"),
    path("communities/<int:pk>/visits/new/", views_visits.visit_create, name="visit_create"),
    path("visits/<int:pk>/", views_visits.visit, name="visit"),
    path("visits/<int:pk>/edit/", views_visits.visit_edit, name="visit_edit"),
    path("visits/<int:pk>/cancel/", views_visits.visit_cancel, name="visit_cancel"),
    path("visits/<int:pk>/contract/", views_visits.visit_contract, name="visit_contract"),
    path("visits/<int:pk>/observe/", views_visits.visit_observe, name="visit_observe"),
    path("visits/<int:pk>/observe/save/", views_visits.visit_score, name="visit_score"),
    path("visits/<int:pk>/coaching/", views_visits.visit_coaching, name="visit_coaching"),
    path("visits/<int:pk>/share/", views_visits.visit_share, name="visit_share"),
]

rotation = [
    path("cycles/<int:cycle_pk>/rotation/", views_rotation.rotation, name="rotation"),
]

instruments = [
    path("checklists/", views_instruments.instruments, name="instruments"),
    path("checklists/new/", views_instruments.instrument_create, name="instrument_create"),
    path("checklists/<int:pk>/", views_instruments.instrument, name="instrument"),
    path("checklists/<int:pk>/edit/", views_instruments.instrument_edit, name="instrument_edit"),
    path("checklists/<int:pk>/copy/", views_instruments.instrument_copy, name="instrument_copy"),
    path(
        "communities/<int:pk>/checklists/",
        views_instruments.community_instruments,
        name="community_instruments",
    ),
]

scan = [
    path("communities/<int:pk>/scan/", views_scan.scan, name="scan"),
    path("communities/<int:pk>/scan/open/", views_scan.scan_open, name="scan_open"),
    path("scan-rounds/<int:pk>/answer/", views_scan.scan_answer, name="scan_answer"),
    path("scan-rounds/<int:pk>/close/", views_scan.scan_close, name="scan_close"),
]

urlpatterns = [*reflections, *visits, *rotation, *instruments, *scan]
