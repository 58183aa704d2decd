from django.urls import path

from boards.views import communities, imports, invitations, leavers, people, roles, schools

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
    # The staff import
    path("import/", imports.import_upload, name="import"),
    path("import/<int:pk>/", imports.import_preview, name="import_preview"),
    path("import/<int:pk>/columns/", imports.import_columns, name="import_columns"),
    path("import/<int:pk>/leavers/", imports.import_leavers, name="import_leavers"),
    path("import/<int:pk>/commit/", imports.import_commit, name="import_commit"),
    path("import/<int:pk>/invite/", imports.import_invite, name="import_invite"),
    # Invitations to the app, and the page their link opens
    path("invitations/", invitations.invitation_list, name="invitations"),
    path("invitations/resend/", invitations.invitation_resend, name="invitation_resend"),
    path("welcome/<str:uidb64>/<str:token>/", invitations.welcome, name="welcome"),
    path("people/<int:pk>/leave/", leavers.person_leave, name="person_leave"),
    path("people/<int:pk>/return/", leavers.person_return, name="person_return"),
]
