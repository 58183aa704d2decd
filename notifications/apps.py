from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # The collectors register themselves with notifications.registry; the receivers
        # connect to the withdrawal signal.
        from notifications import digest, due, due_observations, receivers  # noqa: F401
