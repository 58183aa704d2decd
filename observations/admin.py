from django.contrib import admin

from observations.models import (
    Domain,
    Instrument,
    Item,
    Reflection,
    ScaleLevel,
    Scan,
    ScanRound,
    ScanStatement,
    ScanTheme,
    Visit,
)
from observations.services.scan import scan_round_count


class ScaleLevelInline(admin.TabularInline):
    model = ScaleLevel
    extra = 0


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ["name", "version", "is_current", "organisation"]
    list_select_related = ["organisation"]
    list_filter = ["is_current", "organisation"]
    search_fields = ["name"]
    inlines = [ScaleLevelInline, DomainInline]


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ["text", "domain"]
    list_select_related = ["domain"]
    search_fields = ["text", "domain__title"]
    list_filter = ["domain__instrument"]


@admin.register(Visit)
class VisitAdmin(admin.ModelAdmin):
    """Counts and logistics only: what was observed and said belongs to the teacher."""

    list_display = ["community", "starts_at", "status", "shared_with_community"]
    list_select_related = ["community"]
    list_filter = ["status", "shared_with_community"]
    search_fields = ["community__name"]
    fields = [
        "community",
        "observed",
        "instrument",
        "starts_at",
        "group",
        "subject",
        "status",
        "shared_with_community",
    ]
    raw_id_fields = ["community", "instrument"]
    # Only the observed teacher shares their visit; who was observed is not re-assigned.
    readonly_fields = ["observed", "shared_with_community", "status"]


@admin.register(Reflection)
class ReflectionAdmin(admin.ModelAdmin):
    """No text in the admin: a reflection belongs to its author."""

    list_display = ["author", "visibility", "is_draft", "created_at"]
    list_select_related = ["author"]
    list_filter = ["visibility", "is_draft"]
    search_fields = ["author__email"]
    fields = ["author", "community", "visibility", "is_draft", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False


class ScanStatementInline(admin.TabularInline):
    model = ScanStatement
    extra = 0


@admin.register(ScanTheme)
class ScanThemeAdmin(admin.ModelAdmin):
    list_display = ["title", "scan", "order"]
    list_select_related = ["scan"]
    list_filter = ["scan"]
    search_fields = ["title"]
    inlines = [ScanStatementInline]


@admin.register(Scan)
class ScanAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation"]
    list_select_related = ["organisation"]
    search_fields = ["name"]
    list_filter = ["organisation"]


@admin.register(ScanRound)
class ScanRoundAdmin(admin.ModelAdmin):
    list_display = ["community", "scan", "opened_at", "status"]
    list_select_related = ["community", "scan"]
    list_filter = ["status"]
    search_fields = ["community__name"]
    raw_id_fields = ["community"]
    readonly_fields = ["response_count", "score_sum", "score_count"]

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if obj.status == ScanRound.Status.CLOSED:
            scan_round_count([obj.pk])  # the totals the dashboards read


@admin.register(ScanStatement)
class ScanStatementAdmin(admin.ModelAdmin):
    list_display = ["text", "theme"]
    list_select_related = ["theme"]
    list_filter = ["theme__scan"]
    search_fields = ["text"]
