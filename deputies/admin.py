from django.contrib import admin

from deputies.models import Delegation, Deputy


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin):
    list_display = ["name", "term"]
    list_filter = ["term"]
    search_fields = ["name"]


@admin.register(Deputy)
class DeputyAdmin(admin.ModelAdmin):
    list_display = ["name", "gender", "level", "delegation", "station", "status", "phone"]
    list_filter = ["status", "level", "gender", "party", "term", "delegation"]
    search_fields = ["name", "work_unit", "phone"]
    autocomplete_fields = ["user", "station", "delegation"]
    list_select_related = ["delegation", "station"]


# --------------------------------------------------------------------------- duty points
# Records, notices and objections change only through the services (rule 24: a second person for
# adjustments; rule 25: a final notice never changes): the admin shows them read-only.
from deputies.models import (  # noqa: E402
    DutyRecord,
    MeetingAttendance,
    PointRule,
    PointsFollowUp,
    PointsNotice,
    PointsObjection,
    PointsSummary,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PointRule)
class PointRuleAdmin(admin.ModelAdmin):
    """The table of a year; a rule that already gave points is read-only (records keep theirs)."""

    list_display = ["year", "item", "name", "category", "points", "yearly_cap", "mode"]
    list_filter = ["year", "category", "mode"]
    search_fields = ["item", "name"]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.records.exists():
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)


@admin.register(DutyRecord)
class DutyRecordAdmin(ReadOnlyAdmin):
    list_display = ["occurred_on", "deputy", "item", "points", "origin", "status"]
    list_filter = ["year", "origin", "status", "category"]
    search_fields = ["deputy__name", "item", "description"]
    list_select_related = ["deputy"]


@admin.register(MeetingAttendance)
class MeetingAttendanceAdmin(ReadOnlyAdmin):
    list_display = ["meeting", "deputy", "status"]
    list_filter = ["status"]
    list_select_related = ["meeting__term", "deputy"]


@admin.register(PointsSummary)
class PointsSummaryAdmin(ReadOnlyAdmin):
    list_display = ["year", "rank", "deputy", "total", "band"]
    list_filter = ["year", "band"]
    list_select_related = ["deputy"]


@admin.register(PointsNotice)
class PointsNoticeAdmin(ReadOnlyAdmin):
    list_display = ["year", "period", "status", "as_of", "objections_until", "approved_at"]
    list_filter = ["year", "status"]


@admin.register(PointsObjection)
class PointsObjectionAdmin(ReadOnlyAdmin):
    list_display = ["notice", "kind", "status", "created_at"]
    list_filter = ["kind", "status"]


@admin.register(PointsFollowUp)
class PointsFollowUpAdmin(ReadOnlyAdmin):
    list_display = ["year", "deputy", "kind", "status", "total"]
    list_filter = ["year", "kind", "status"]
    list_select_related = ["deputy"]
