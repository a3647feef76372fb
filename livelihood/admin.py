"""Admin views of the livelihood loop: read-mostly; transitions go through the services (staff pages)."""

from django.contrib import admin

from livelihood.models import Check, Cycle, Milestone, ProgressReport, Project, Proposal, Rectification, SubProject


class ReadOnlyAdmin(admin.ModelAdmin):
    """State changes happen in the services; the admin shows the rows."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Cycle)
class CycleAdmin(ReadOnlyAdmin):
    list_display = ["year", "title", "stage", "seats", "candidates_published_at"]


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdmin):
    list_display = ["pk", "title", "cycle", "source", "status", "created_at"]
    list_filter = ["cycle", "status", "source"]
    search_fields = ["title"]


class SubProjectInline(admin.TabularInline):
    model = SubProject
    extra = 0
    can_delete = False


@admin.register(Project)
class ProjectAdmin(ReadOnlyAdmin):
    list_display = ["name", "cycle", "lead_unit", "status", "yes_votes", "rank", "deputy_rating"]
    list_filter = ["cycle", "status"]
    list_select_related = ["cycle", "lead_unit"]
    inlines = [SubProjectInline]


for model in (Milestone, ProgressReport, Check, Rectification):
    admin.site.register(model, ReadOnlyAdmin)
