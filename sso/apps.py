from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from accounts import registry


class SsoConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "sso"
    verbose_name = _("Sign in with the school account")

    def ready(self) -> None:
        # The login page (accounts) asks here where an address signs in and whether its
        # person may use a password; by dotted path, so accounts never imports this app.
        registry.register(
            school_sign_in="sso.routing.school_sign_in_url",
            password_allowed="sso.routing.password_allowed",
        )
