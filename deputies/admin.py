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


from deputies import stations_admin  # noqa: E402,F401  h/stations: receptions, issues, liaisons, report-backs
