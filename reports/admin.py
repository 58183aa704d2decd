from django.contrib import admin

from reports.models import Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["cycle", "language", "status", "requested_by", "created_at", "finished_at"]
    list_filter = ["status", "language"]
    list_select_related = ["cycle__community", "requested_by"]
    raw_id_fields = ["community", "cycle", "requested_by"]
    readonly_fields = ["file", "size", "error", "created_at", "started_at", "finished_at"]
