from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from notifications import outbox
from notifications.models import Message, Preference


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "to", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["status", "kind", "language"]
    search_fields = ["to", "key", "subject"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in Message._meta.fields]
    actions = ["retry"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description=_("Send the failed mails again"))
    def retry(self, request, queryset) -> None:
        failed = list(queryset.filter(status=Message.Status.FAILED))
        for message in failed:
            outbox.message_retry(message=message)
        self.message_user(
            request, _("%(count)d mails queued again.") % {"count": len(failed)}, messages.SUCCESS
        )


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "digest", "meeting_reminder", "reminder_hours"]
    search_fields = ["user__email", "user__full_name"]
    raw_id_fields = ["user"]
