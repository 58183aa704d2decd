from django.urls import path

from sso.views import identity_providers, sign_in

app_name = "sso"

urlpatterns = [
    path("board/sign-in/", identity_providers.identity_provider, name="identity_provider"),
    path("accounts/school/<str:provider_id>/", sign_in.start, name="start"),
]
