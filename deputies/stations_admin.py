"""Admin pages of the stations' work: read and correct registers; transitions stay in the services
(so statuses are read-only here)."""

from django.contrib import admin

from deputies.models import Liaison, Reception, ReceptionDeputy, ReportBack, ResidentIssue


class ShiftInline(admin.TabularInline):
    model = ReceptionDeputy
    extra = 0
    autocomplete_fields = ["deputy"]
    readonly_fields = ["attended"]


@admin.register(Reception)
class ReceptionAdmin(admin.ModelAdmin):
    list_display = ["station", "starts_at", "status", "residents_received"]
    list_filter = ["status", "station"]
    date_hierarchy = "starts_at"
    readonly_fields = ["status", "announced_at"]
    inlines = [ShiftInline]
    list_select_related = ["station"]


@admin.register(ResidentIssue)
class ResidentIssueAdmin(admin.ModelAdmin):
    list_display = ["subject", "channel", "station", "status", "route", "unit", "due_on", "created_at"]
    list_filter = ["status", "route", "channel", "station"]
    search_fields = ["subject", "content"]
    readonly_fields = ["status", "route", "unit", "due_on", "routed_at", "answer", "answered_at", "answered_by",
                       "rating", "rated_at", "suggestion_ref"]
    exclude = ["lookup_digest"]
    list_select_related = ["station", "unit"]
    raw_id_fields = ["reception", "deputy"]


@admin.register(Liaison)
class LiaisonAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "deputy", "community", "phone", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "deputy__name"]
    autocomplete_fields = ["deputy"]


@admin.register(ReportBack)
class ReportBackAdmin(admin.ModelAdmin):
    list_display = ["deputy", "year", "status", "held_on", "satisfied", "basically", "unsatisfied"]
    list_filter = ["year", "status"]
    search_fields = ["deputy__name"]
    readonly_fields = ["status", "satisfied", "basically", "unsatisfied", "published_at", "rating_open"]
    exclude = ["rating_digest"]
    autocomplete_fields = ["deputy"]
