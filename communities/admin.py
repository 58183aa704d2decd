from django.contrib import admin

from communities.models import (
    BoardAdministrator,
    BoardDirector,
    CoachAcceptance,
    Community,
    CommunityGoal,
    Departure,
    Invitation,
    Membership,
    Organisation,
    PersonalGoal,
    ProgressUpdate,
    ReaderNotice,
    School,
    SchoolLeader,
    StaffMember,
)


class SchoolInline(admin.TabularInline):
    model = School
    extra = 0
    fields = ["name", "brin", "location", "sector", "region"]


class BoardDirectorInline(admin.TabularInline):
    model = BoardDirector
    extra = 0
    autocomplete_fields = ["user"]


class BoardAdministratorInline(admin.TabularInline):
    model = BoardAdministrator
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    search_fields = ["name"]
    inlines = [SchoolInline, BoardDirectorInline, BoardAdministratorInline]


class SchoolLeaderInline(admin.TabularInline):
    model = SchoolLeader
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["name", "brin", "location", "sector", "place", "organisation", "region"]
    list_filter = ["sector", "region", "organisation"]
    search_fields = ["name", "brin", "place", "organisation__name"]
    list_select_related = ["organisation"]
    inlines = [SchoolLeaderInline]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "focus", "status", "start_date"]
    list_filter = ["status", "organisation", "schools"]
    search_fields = ["name", "focus", "organisation__name"]
    list_select_related = ["organisation"]
    filter_horizontal = ["schools"]
    date_hierarchy = "start_date"
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "community", "role", "joined_at"]
    list_filter = ["role", "community__organisation"]
    search_fields = ["user__email", "user__full_name", "community__name"]
    list_select_related = ["user", "community"]
    autocomplete_fields = ["user", "community"]


@admin.register(SchoolLeader)
class SchoolLeaderAdmin(admin.ModelAdmin):
    list_display = ["user", "school"]
    list_filter = ["school__organisation"]
    search_fields = ["user__email", "user__full_name", "school__name"]
    list_select_related = ["user", "school"]
    autocomplete_fields = ["user", "school"]


@admin.register(BoardDirector)
class BoardDirectorAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["user__email", "user__full_name", "organisation__name"]
    list_select_related = ["user", "organisation"]
    autocomplete_fields = ["user"]


@admin.register(BoardAdministrator)
class BoardAdministratorAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["user__email", "user__full_name", "organisation__name"]
    list_select_related = ["user", "organisation"]
    autocomplete_fields = ["user"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "community", "role", "status", "created_at", "expires_at"]
    list_filter = ["status", "role"]
    search_fields = ["email", "community__name"]
    list_select_related = ["community"]
    raw_id_fields = ["community", "invited_by"]


class ProgressUpdateInline(admin.TabularInline):
    model = ProgressUpdate
    extra = 0
    fields = ["date", "value", "done", "evidence", "author"]
    raw_id_fields = ["author"]


@admin.register(CommunityGoal)
class CommunityGoalAdmin(admin.ModelAdmin):
    list_display = ["title", "community", "owner", "status", "progress", "target_date"]
    list_filter = ["status", "community__organisation"]
    search_fields = ["title", "outcome", "community__name"]
    list_select_related = ["community", "owner"]
    raw_id_fields = ["community", "owner"]
    inlines = [ProgressUpdateInline]


@admin.register(PersonalGoal)
class PersonalGoalAdmin(admin.ModelAdmin):
    list_display = ["title", "owner", "community", "status", "visibility", "progress"]
    list_filter = ["status", "visibility"]
    search_fields = ["title", "owner__email", "owner__full_name"]
    list_select_related = ["owner", "community"]
    raw_id_fields = ["owner", "community", "community_goal"]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(admin.ModelAdmin):
    list_display = ["date", "value", "community_goal", "personal_goal", "author"]
    list_filter = ["date"]
    search_fields = ["done", "evidence"]
    list_select_related = ["community_goal", "personal_goal", "author"]
    raw_id_fields = ["community_goal", "personal_goal", "author"]


@admin.register(CoachAcceptance)
class CoachAcceptanceAdmin(admin.ModelAdmin):
    """Only the teacher accepts a coach (in the app); the admin shows and can remove it."""

    list_display = ["teacher", "coach", "community", "accepted_at"]
    search_fields = ["teacher__email", "coach__email", "community__name"]
    list_select_related = ["teacher", "coach", "community"]
    readonly_fields = ["teacher", "coach", "community", "accepted_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ReaderNotice)
class ReaderNoticeAdmin(admin.ModelAdmin):
    list_display = ["recipient", "reader", "role", "leads", "community", "created_at"]
    search_fields = ["recipient__email", "reader__email", "community__name"]
    list_select_related = ["recipient", "reader", "community"]
    readonly_fields = ["recipient", "reader", "role", "leads", "community", "created_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(StaffMember)
class StaffMemberAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "function", "invited_at", "left_at"]
    list_filter = ["organisation"]
    search_fields = ["user__full_name", "user__email", "function"]
    autocomplete_fields = ["user"]
    filter_horizontal = ["schools"]


@admin.register(Departure)
class DepartureAdmin(admin.ModelAdmin):
    list_display = ["user", "community", "role", "left_at"]
    list_filter = ["community__organisation"]
    search_fields = ["user__full_name", "user__email", "community__name"]
    autocomplete_fields = ["user", "community"]
