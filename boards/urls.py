from django.urls import path

from boards.views import people, roles, schools

app_name = "boards"

urlpatterns = [
    path("schools/", schools.school_list, name="schools"),
    path("schools/new/", schools.school_create, name="school_create"),
    path("schools/<int:pk>/edit/", schools.school_edit, name="school_edit"),
    path("people/", people.people_list, name="people"),
    path("people/new/", people.person_create, name="person_create"),
    path("people/<int:pk>/edit/", people.person_edit, name="person_edit"),
    path("people/<int:pk>/roles/", roles.person_roles, name="person_roles"),
]
