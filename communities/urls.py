from django.urls import path

from communities.views import communities as community_views
from communities.views import goals as goal_views
from communities.views import members as member_views
from communities.views import readers as reader_views

app_name = "communities"

urlpatterns = [
    path("communities/", community_views.community_list, name="list"),
    path("communities/new/", community_views.community_create, name="create"),
    path("communities/<int:pk>/", community_views.community_detail, name="detail"),
    path("communities/<int:pk>/edit/", community_views.community_edit, name="edit"),
    path("communities/<int:pk>/members/", member_views.member_list, name="members"),
    path("communities/<int:pk>/members/invite/", member_views.member_invite, name="invite"),
    path(
        "communities/<int:pk>/members/<int:membership_pk>/role/",
        member_views.member_role,
        name="member_role",
    ),
    path(
        "communities/<int:pk>/members/<int:membership_pk>/remove/",
        member_views.member_remove,
        name="member_remove",
    ),
    path(
        "communities/<int:pk>/invitations/<int:invitation_pk>/revoke/",
        member_views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("communities/<int:pk>/goals/new/", goal_views.goal_create, name="goal_create"),
    path("goals/<int:pk>/", goal_views.goal_detail, name="goal"),
    path("goals/<int:pk>/edit/", goal_views.goal_edit, name="goal_edit"),
    path("goals/<int:pk>/progress/", goal_views.goal_progress, name="goal_progress"),
    path("my/goals/", goal_views.my_goal_list, name="my_goals"),
    path("my/goals/new/", goal_views.my_goal_create, name="my_goal_create"),
    path("my/goals/<int:pk>/", goal_views.my_goal_detail, name="my_goal"),
    path("my/goals/<int:pk>/edit/", goal_views.my_goal_edit, name="my_goal_edit"),
    path("my/goals/<int:pk>/visibility/", goal_views.my_goal_visibility, name="my_goal_visibility"),
    path("my/goals/<int:pk>/delete/", goal_views.my_goal_delete, name="my_goal_delete"),
    path("my/goals/<int:pk>/progress/", goal_views.my_goal_progress, name="my_goal_progress"),
    path(
        "my/notices/<int:pk>/dismiss/",
        reader_views.reader_notice_dismiss,
        name="reader_notice_dismiss",
    ),
    path(
        "communities/<int:pk>/coaches/<int:coach_pk>/accept/",
        reader_views.coach_accept,
        name="coach_accept",
    ),
    path(
        "communities/<int:pk>/coaches/<int:coach_pk>/withdraw/",
        reader_views.coach_withdraw,
        name="coach_withdraw",
    ),
]
