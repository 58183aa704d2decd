from django.contrib import admin

from cycles.models import (
    AgreedAction,
    Attendance,
    CalendarFeed,
    Cycle,
    CycleTemplate,
    Meeting,
    MeetingChange,
    Product,
    ProductVersion,
    SchoolHoliday,
    TemplateActivity,
    Topic,
    TopicVote,
)


@admin.register(SchoolHoliday)
class SchoolHolidayAdmin(admin.ModelAdmin):
    list_display = ["name", "school", "kind", "first_day", "last_day"]
    list_filter = ["kind", "school__region", "school__organisation"]
    search_fields = ["name", "school__name"]
    list_select_related = ["school"]
    date_hierarchy = "first_day"


class TemplateActivityInline(admin.TabularInline):
    model = TemplateActivity
    extra = 0


@admin.register(CycleTemplate)
class CycleTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "weeks"]
    list_select_related = ["organisation"]
    list_filter = ["organisation"]
    search_fields = ["name"]
    inlines = [TemplateActivityInline]


@admin.register(Cycle)
class CycleAdmin(admin.ModelAdmin):
    list_display = ["community", "number", "start_date", "end_date", "topic"]
    list_filter = ["community__organisation"]
    search_fields = ["community__name", "topic"]
    list_select_related = ["community"]
    raw_id_fields = ["community", "template"]


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    raw_id_fields = ["user"]


class AgreedActionInline(admin.TabularInline):
    model = AgreedAction
    extra = 0
    raw_id_fields = ["owner"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["community", "kind", "starts_at", "status", "member", "coach"]
    list_filter = ["kind", "status", "community__organisation"]
    search_fields = ["community__name", "topic", "member__email"]
    list_select_related = ["community", "member", "coach"]
    raw_id_fields = ["community", "cycle", "member", "coach"]
    date_hierarchy = "starts_at"
    inlines = [AttendanceInline, AgreedActionInline]


@admin.register(MeetingChange)
class MeetingChangeAdmin(admin.ModelAdmin):
    list_display = ["meeting", "kind", "changed_at", "changed_by"]
    list_select_related = ["meeting__community", "changed_by"]
    list_filter = ["kind"]
    search_fields = ["meeting__community__name", "reason"]
    raw_id_fields = ["meeting", "changed_by"]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["meeting", "user", "status"]
    list_select_related = ["meeting", "user"]
    list_filter = ["status"]
    search_fields = ["user__email", "meeting__community__name"]
    raw_id_fields = ["meeting", "user"]

    def get_readonly_fields(self, request, obj=None):
        # A row stays with its meeting and person (the meeting's counts follow its rows).
        return ["meeting", "user"] if obj is not None else []


@admin.register(AgreedAction)
class AgreedActionAdmin(admin.ModelAdmin):
    list_display = ["description", "owner", "due_date", "done"]
    list_select_related = ["owner"]
    list_filter = ["done"]
    search_fields = ["description", "owner__email"]
    raw_id_fields = ["meeting", "owner"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["title", "community", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["title", "community__name"]
    raw_id_fields = ["community", "proposed_by", "cycle", "meeting"]


@admin.register(TopicVote)
class TopicVoteAdmin(admin.ModelAdmin):
    list_display = ["topic", "user", "created_at"]
    list_select_related = ["topic", "user"]
    search_fields = ["topic__title", "user__email"]
    raw_id_fields = ["topic", "user"]


class ProductVersionInline(admin.TabularInline):
    model = ProductVersion
    extra = 0
    fields = ["number", "original_name", "content_type", "size", "uploaded_by", "created_at"]
    readonly_fields = fields


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["title", "community", "created_at"]
    list_filter = ["community__organisation"]
    search_fields = ["title", "description", "community__name"]
    raw_id_fields = ["community", "cycle", "goal", "authors"]
    inlines = [ProductVersionInline]


@admin.register(ProductVersion)
class ProductVersionAdmin(admin.ModelAdmin):
    list_display = ["product", "number", "original_name", "content_type", "size", "created_at"]
    list_select_related = ["product"]
    list_filter = ["content_type"]
    search_fields = ["original_name", "product__title"]
    raw_id_fields = ["product", "uploaded_by"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at"]
    list_select_related = ["user"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]
    # The token is a secret: not shown, not searchable.
    exclude = ["token"]
