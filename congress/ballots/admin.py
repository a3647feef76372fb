"""Ballots in the Django admin: read-only, through `visible_to`, and no figure before publication.

Every change goes through the services (the staff control page), so the admin can neither alter a
ballot nor see its count early. Papers, participations and electors are not registered at all: a
page listing both would be one more place to put side by side what must stay apart.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from congress.ballots.models import Ballot, BallotOption


class OptionInline(admin.TabularInline):
    model = BallotOption
    fields = ["position", "label"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Ballot)
class BallotAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "mode", "status", "electorate_size", "published_at"]
    list_filter = ["kind", "status"]
    search_fields = ["title"]
    fields = ["title", "kind", "mode", "status", "seats", "max_yes", "majority_base", "quorum",
              "receipts_with_marks", "electorate_size", "papers_issued", "opened_at", "closed_at", "published_at",
              "published_result"]
    readonly_fields = fields
    inlines = [OptionInline]

    def get_queryset(self, request):
        return Ballot.objects.visible_to(request.user)

    @admin.display(description=_("result"))
    def published_result(self, ballot):
        return ballot.public_result() or "—"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
