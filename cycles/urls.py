from django.urls import path

from cycles import views

app_name = "cycles"

urlpatterns = [
    path("communities/<int:pk>/plan/", views.plan, name="plan"),
]
