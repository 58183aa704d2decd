from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("my/mail/", views.preferences, name="preferences"),
    path("mail/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
