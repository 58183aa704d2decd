"""The calendar feed's URLs, included into the "cycles" namespace by cycles/urls.py."""

from django.urls import path

from cycles import views_calendar

urlpatterns = [
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
