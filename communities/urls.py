from django.urls import path

from communities import views

app_name = "communities"

urlpatterns = [
    path("communities/", views.community_list, name="list"),
    path("communities/new/", views.community_create, name="create"),
    path("communities/<int:pk>/", views.community_detail, name="detail"),
    path("communities/<int:pk>/edit/", views.community_edit, name="edit"),
    path("communities/<int:pk>/members/", views.member_list, name="members"),
    path("communities/<int:pk>/members/invite/", views.member_invite, name="invite"),
    path(
        "communities/<int:pk>/members/<int:membership_pk>/role/",
        views.member_role,
        name="member_role",
    ),
    path(
        "communities/<int:pk>/members/<int:membership_pk>/remove/",
        views.member_remove,
        name="member_remove",
    ),
    path(
        "communities/<int:pk>/invitations/<int:invitation_pk>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("communities/<int:pk>/goals/new/", views.goal_create, name="goal_create"),
    path("goals/<int:pk>/", views.goal_detail, name="goal"),
    path("goals/<int:pk>/edit/", views.goal_edit, name="goal_edit"),
    path("goals/<int:pk>/progress/", views.goal_progress, name="goal_progress"),
    path("my/goals/", views.my_goal_list, name="my_goals"),
    path("my/goals/new/", views.my_goal_create, name="my_goal_create"),
    path("my/goals/<int:pk>/", views.my_goal_detail, name="my_goal"),
    path("my/goals/<int:pk>/edit/", views.my_goal_edit, name="my_goal_edit"),
    path("my/goals/<int:pk>/visibility/", views.my_goal_visibility, name="my_goal_visibility"),
    path("my/goals/<int:pk>/delete/", views.my_goal_delete, name="my_goal_delete"),
    path("my/goals/<int:pk>/progress/", views.my_goal_progress, name="my_goal_progress"),
    path("my/notices/<int:pk>/dismiss/", views.reader_notice_dismiss, name="reader_notice_dismiss"),
    path(
        "communities/<int:pk>/coaches/<int:coach_pk>/accept/",
        views.coach_accept,
        name="coach_accept",
    ),
    path(
        "communities/<int:pk>/coaches/<int:coach_pk>/withdraw/",
        views.coach_withdraw,
        name="coach_withdraw",
    ),
]
