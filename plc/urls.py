from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from plc import views
from sso.views import sign_in

admin.site.site_header = _("PLC administration")
admin.site.site_title = _("PLC administration")

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("accounts.urls")),
    path("", include("communities.urls")),
    path("", include("cycles.urls")),
    path("", include("observations.urls")),
    path("", include("notifications.urls")),
    path("", include("reports.urls")),
    path("board/", include("boards.urls")),
    path("", include("sso.urls")),
    # The redirect URI a board registers at its provider; allauth knows it by this name.
    path(
        "accounts/oidc/<str:provider_id>/login/callback/",
        sign_in.callback,
        name="openid_connect_callback",
    ),
    path("admin/", admin.site.urls),
]
