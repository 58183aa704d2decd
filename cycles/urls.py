from django.urls import path

from cycles import views, views_calendar, views_products, views_templates

app_name = "cycles"

plan_and_meetings = [
    path("communities/<int:pk>/plan/", views.plan, name="plan"),
    path("communities/<int:pk>/plan/new/", views.plan_new, name="plan_new"),
    path("cycles/<int:pk>/edit/", views.cycle_edit, name="cycle_edit"),
    path("communities/<int:pk>/attendance/", views.attendance_overview, name="attendance"),
    path("meetings/<int:pk>/", views.meeting, name="meeting"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/cancel/", views.meeting_cancel, name="meeting_cancel"),
    path("meetings/<int:pk>/notes/", views.meeting_notes, name="meeting_notes"),
    path(
        "meetings/<int:pk>/attendance/<int:user_pk>/",
        views.attendance_set,
        name="attendance_set",
    ),
    path("meetings/<int:pk>/actions/", views.action_add, name="action_add"),
    path("actions/<int:pk>/toggle/", views.action_toggle, name="action_toggle"),
    path("schools/<int:pk>/calendar/", views.school_calendar, name="school_calendar"),
    path(
        "schools/<int:pk>/calendar/import/",
        views.school_calendar_import,
        name="school_calendar_import",
    ),
    path("holidays/<int:pk>/delete/", views.holiday_delete, name="holiday_delete"),
    path("communities/<int:pk>/topics/", views.topics, name="topics"),
    path("communities/<int:pk>/topics/new/", views.topic_propose, name="topic_propose"),
    path("topics/<int:pk>/vote/", views.topic_vote, name="topic_vote"),
    path("topics/<int:pk>/choose/", views.topic_choose, name="topic_choose"),
    path("topics/<int:pk>/decline/", views.topic_decline, name="topic_decline"),
    path("communities/<int:pk>/templates/", views_templates.templates, name="templates"),
    path(
        "communities/<int:pk>/templates/<int:template_pk>/copy/",
        views_templates.template_copy,
        name="template_copy",
    ),
    path("templates/<int:pk>/", views_templates.template, name="template"),
    path(
        "template-activities/<int:pk>/delete/",
        views_templates.template_activity_delete,
        name="template_activity_delete",
    ),
]

calendar = [
    path("my/calendar/", views_calendar.calendar, name="calendar"),
    path(
        "my/calendar/regenerate/",
        views_calendar.calendar_regenerate,
        name="calendar_regenerate",
    ),
    path("my/calendar/revoke/", views_calendar.calendar_revoke, name="calendar_revoke"),
    path("calendar/<str:token>.ics", views_calendar.calendar_feed, name="calendar_feed"),
    path("meetings/<int:pk>/event.ics", views_calendar.meeting_ics, name="meeting_ics"),
]

products = [
    path("communities/<int:pk>/products/", views_products.product_list, name="products"),
    path(
        "communities/<int:pk>/products/new/", views_products.product_create, name="product_create"
    ),
    path("products/<int:pk>/", views_products.product_detail, name="product"),
    path("products/<int:pk>/edit/", views_products.product_edit, name="product_edit"),
    path("products/<int:pk>/upload/", views_products.product_upload, name="product_upload"),
    path(
        "products/versions/<int:pk>/download/",
        views_products.product_download,
        name="product_download",
    ),
]

urlpatterns = [*plan_and_meetings, *calendar, *products]
