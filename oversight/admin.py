"""Oversight in the Django admin: read-only lists for the office (state changes go through the
services, from the staff pages and the API)."""

from django.contrib import admin

from oversight import models


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return self.model.objects.visible_to(request.user)


@admin.register(models.OversightPlan)
class PlanAdmin(ReadOnlyAdmin):
    list_display = ["year", "title", "status", "adopted_on", "published_at"]


@admin.register(models.Topic)
class TopicAdmin(ReadOnlyAdmin):
    list_display = ["title", "plan", "kind", "stage", "round"]
    list_filter = ["kind", "stage"]


@admin.register(models.Finding)
class FindingAdmin(ReadOnlyAdmin):
    list_display = ["problem", "unit", "due_on", "state"]
    list_filter = ["state"]
    list_select_related = ["unit"]


@admin.register(models.SatisfactionVote)
class VoteAdmin(ReadOnlyAdmin):
    list_display = ["topic", "round", "subject", "result", "published_at"]


@admin.register(models.NormativeDocument)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ["title", "maker", "published_on", "filing_due_on", "review_due_on", "outcome"]


@admin.register(models.BudgetExecution)
class BudgetAdmin(ReadOnlyAdmin):
    list_display = ["year", "quarter", "unit", "project_code", "gap", "tier"]
    list_filter = ["year", "quarter", "tier"]
