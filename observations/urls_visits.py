"""URLs of the classroom visit pages (in the `observations` namespace)."""

from django.urls import path

from observations import views_visits as views

urlpatterns = [
    path("my/visits/", views.my_visits, name="my_visits"),
    path("communities/<int:pk>/visits/", views.community_visits, name="community_visits"),
    path("communities/<int:pk>/visits/new/", views.visit_create, name="visit_create"),
    path("visits/<int:pk>/", views.visit, name="visit"),
    path("visits/<int:pk>/edit/", views.visit_edit, name="visit_edit"),
    path("visits/<int:pk>/cancel/", views.visit_cancel, name="visit_cancel"),
    path("visits/<int:pk>/contract/", views.visit_contract, name="visit_contract"),
    path("visits/<int:pk>/observe/", views.visit_observe, name="visit_observe"),
    path("visits/<int:pk>/observe/save/", views.visit_score, name="visit_score"),
    path("visits/<int:pk>/coaching/", views.visit_coaching, name="visit_coaching"),
    path("visits/<int:pk>/share/", views.visit_share, name="visit_share"),
]
