from django.urls import path

from boards.views import schools

app_name = "boards"

urlpatterns = [
    path("schools/", schools.school_list, name="schools"),
    path("schools/new/", schools.school_create, name="school_create"),
    path("schools/<int:pk>/edit/", schools.school_edit, name="school_edit"),
]
