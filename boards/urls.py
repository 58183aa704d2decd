from django.urls import path

from boards.views import leavers, schools

app_name = "boards"

urlpatterns = [
    path("schools/", schools.school_list, name="schools"),
    path("schools/new/", schools.school_create, name="school_create"),
    path("schools/<int:pk>/edit/", schools.school_edit, name="school_edit"),
    path("people/<int:pk>/leave/", leavers.person_leave, name="person_leave"),
    path("people/<int:pk>/return/", leavers.person_return, name="person_return"),
]
