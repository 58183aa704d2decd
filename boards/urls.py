from django.urls import path

from boards.views import communities, people, roles, schools

app_name = "boards"

urlpatterns = [
    path("schools/", schools.school_list, name="schools"),
    path("schools/new/", schools.school_create, name="school_create"),
    path("schools/<int:pk>/edit/", schools.school_edit, name="school_edit"),
    path("people/", people.people_list, name="people"),
    path("people/new/", people.person_create, name="person_create"),
    path("people/<int:pk>/edit/", people.person_edit, name="person_edit"),
    path("people/<int:pk>/roles/", roles.person_roles, name="person_roles"),
    path("communities/", communities.community_list, name="communities"),
    path("communities/new/", communities.community_create, name="community_create"),
    path("communities/<int:pk>/edit/", communities.community_edit, name="community_edit"),
    path(
        "communities/<int:pk>/facilitators/",
        communities.community_facilitators,
        name="community_facilitators",
    ),
]
