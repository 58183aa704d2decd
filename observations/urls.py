"""The observation pages' URLs, in groups: reflections, visits, the rotation, checklists and
the PLC scan."""

from django.urls import path

from observations.views import instruments as instrument_views
from observations.views import reflections as reflection_views
from observations.views import rotation as rotation_views
from observations.views import scan as scan_views
from observations.views import visits as visit_views

app_name = "observations"

reflections = [
    path("my/reflections/", reflection_views.journal, name="journal"),
    path("my/reflections/new/", reflection_views.reflection_create, name="reflection_create"),
    path("my/reflections/draft/", reflection_views.reflection_draft, name="reflection_draft"),
    path("reflections/<int:pk>/", reflection_views.reflection, name="reflection"),
    path("reflections/<int:pk>/edit/", reflection_views.reflection_edit, name="reflection_edit"),
    path(
        "reflections/<int:pk>/visibility/",
        reflection_views.reflection_visibility,
        name="reflection_visibility",
    ),
    path(
        "reflections/<int:pk>/delete/", reflection_views.reflection_delete, name="reflection_delete"
    ),
]

visits = [
    path("my/visits/", visit_views.my_visits, name="my_visits"),
    path("communities/<int:pk>/visits/", visit_views.community_visits, name="community_visits"),
    path("communities/<int:pk>/visits/new/", visit_views.visit_create, name="visit_create"),
    path("visits/<int:pk>/", visit_views.visit, name="visit"),
    path("visits/<int:pk>/edit/", visit_views.visit_edit, name="visit_edit"),
    path("visits/<int:pk>/cancel/", visit_views.visit_cancel, name="visit_cancel"),
    path("visits/<int:pk>/contract/", visit_views.visit_contract, name="visit_contract"),
    path("visits/<int:pk>/observe/", visit_views.visit_observe, name="visit_observe"),
    path("visits/<int:pk>/observe/save/", visit_views.visit_score, name="visit_score"),
    path("visits/<int:pk>/coaching/", visit_views.visit_coaching, name="visit_coaching"),
    path("visits/<int:pk>/share/", visit_views.visit_share, name="visit_share"),
]

rotation = [
    path("cycles/<int:cycle_pk>/rotation/", rotation_views.rotation, name="rotation"),
]

instruments = [
    path("checklists/", instrument_views.instruments, name="instruments"),
    path("checklists/new/", instrument_views.instrument_create, name="instrument_create"),
    path("checklists/<int:pk>/", instrument_views.instrument, name="instrument"),
    path("checklists/<int:pk>/edit/", instrument_views.instrument_edit, name="instrument_edit"),
    path("checklists/<int:pk>/copy/", instrument_views.instrument_copy, name="instrument_copy"),
    path(
        "communities/<int:pk>/checklists/",
        instrument_views.community_instruments,
        name="community_instruments",
    ),
]

scan = [
    path("communities/<int:pk>/scan/", scan_views.scan, name="scan"),
    path("communities/<int:pk>/scan/open/", scan_views.scan_open, name="scan_open"),
    path("scan-rounds/<int:pk>/answer/", scan_views.scan_answer, name="scan_answer"),
    path("scan-rounds/<int:pk>/close/", scan_views.scan_close, name="scan_close"),
]

urlpatterns = [*reflections, *visits, *rotation, *instruments, *scan]
