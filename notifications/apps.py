from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # The collectors register themselves with notifications.registry (and the digest's
        # receiver connects to the withdrawal signal).
        from notifications.collectors import digest, meetings, observations  # noqa: F401
