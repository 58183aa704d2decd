from django.urls import path

from cycles.views import cycles as cycle_views
from cycles.views import feeds as feed_views
from cycles.views import meetings as meeting_views
from cycles.views import products as product_views
from cycles.views import school_calendars as calendar_views
from cycles.views import templates as template_views
from cycles.views import topics as topic_views

app_name = "cycles"

plan_and_meetings = [
    path("communities/<int:pk>/plan/", cycle_views.plan, name="plan"),
    path("communities/<int:pk>/plan/new/", cycle_views.plan_new, name="plan_new"),
    path("cycles/<int:pk>/edit/", cycle_views.cycle_edit, name="cycle_edit"),
    path("communities/<int:pk>/attendance/", meeting_views.attendance_overview, name="attendance"),
    path("meetings/<int:pk>/", meeting_views.meeting, name="meeting"),
    path("meetings/<int:pk>/edit/", meeting_views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/cancel/", meeting_views.meeting_cancel, name="meeting_cancel"),
    path("meetings/<int:pk>/notes/", meeting_views.meeting_notes, name="meeting_notes"),
    path(
        "meetings/<int:pk>/attendance/<int:user_pk>/",
        meeting_views.attendance_set,
        name="attendance_set",
    ),
    path("meetings/<int:pk>/actions/", meeting_views.action_add, name="action_add"),
    path("actions/<int:pk>/toggle/", meeting_views.action_toggle, name="action_toggle"),
    path("schools/<int:pk>/calendar/", calendar_views.school_calendar, name="school_calendar"),
    path(
        "schools/<int:pk>/calendar/import/",
        calendar_views.school_calendar_import,
        name="school_calendar_import",
    ),
    path(
        "schools/<int:pk>/calendar/fill/",
        calendar_views.school_calendar_fill,
        name="school_calendar_fill",
    ),
    path("holidays/<int:pk>/delete/", calendar_views.holiday_delete, name="holiday_delete"),
    path("communities/<int:pk>/topics/", topic_views.topics, name="topics"),
    path("communities/<int:pk>/topics/new/", topic_views.topic_propose, name="topic_propose"),
    path("topics/<int:pk>/vote/", topic_views.topic_vote, name="topic_vote"),
    path("topics/<int:pk>/choose/", topic_views.topic_choose, name="topic_choose"),
    path("topics/<int:pk>/decline/", topic_views.topic_decline, name="topic_decline"),
    path("communities/<int:pk>/templates/", template_views.templates, name="templates"),
    path(
        "communities/<int:pk>/templates/<int:template_pk>/copy/",
        template_views.template_copy,
        name="template_copy",
    ),
    path("templates/<int:pk>/", template_views.template, name="template"),
    path(
        "template-activities/<int:pk>/delete/",
        template_views.template_activity_delete,
        name="template_activity_delete",
    ),
]

calendar = [
    path("my/calendar/", feed_views.calendar, name="calendar"),
    path(
        "my/calendar/regenerate/",
        feed_views.calendar_regenerate,
        name="calendar_regenerate",
    ),
    path("my/calendar/revoke/", feed_views.calendar_revoke, name="calendar_revoke"),
    path("calendar/<str:token>.ics", feed_views.calendar_feed, name="calendar_feed"),
    path("meetings/<int:pk>/event.ics", feed_views.meeting_ics, name="meeting_ics"),
]

products = [
    path("communities/<int:pk>/products/", product_views.product_list, name="products"),
    path("communities/<int:pk>/products/new/", product_views.product_create, name="product_create"),
    path("products/<int:pk>/", product_views.product_detail, name="product"),
    path("products/<int:pk>/edit/", product_views.product_edit, name="product_edit"),
    path("products/<int:pk>/upload/", product_views.product_upload, name="product_upload"),
    path(
        "products/versions/<int:pk>/download/",
        product_views.product_download,
        name="product_download",
    ),
]

urlpatterns = [*plan_and_meetings, *calendar, *products]
