from django.contrib import admin

from reports.models import Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "kind",
        "language",
        "status",
        "requested_by",
        "created_at",
        "finished_at",
    ]
    list_filter = ["kind", "status", "language"]
    list_select_related = ["cycle__community", "school", "requested_by"]
    raw_id_fields = ["community", "cycle", "school", "requested_by"]
    readonly_fields = ["file", "size", "error", "created_at", "started_at", "finished_at"]
