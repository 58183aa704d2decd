"""URLs of the rotation pages (in the `observations` namespace)."""

from django.urls import path

from observations import views_rotation as views

urlpatterns = [
    path("cycles/<int:cycle_pk>/rotation/", views.rotation, name="rotation"),
]
