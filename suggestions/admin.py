"""The Django admin for suggestions: the office looks everything up here, edits only categories.

Suggestions and everything about their handling belong to the services (style.md B1, rule 2), so
these admins are read-only; the admin actions call the same services as the staff pages and report
each refused row. Row history of suggestions, assignments and replies is in pghistory's "Events".
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from congress.admin import ReadOnlyAdmin
from congress.views import apply_each
from suggestions import rules, services
from suggestions.models import (
    Assignment,
    Category,
    Commitment,
    ContactRecord,
    CoSignature,
    Evaluation,
    Extension,
    KeySupervision,
    MergeGroup,
    NumberSeries,
    ReassignmentRequest,
    Reply,
    ReplyReceipt,
    Statistic,
    Suggestion,
    SupervisionAction,
)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"code": ["name"]}


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CoSignatureInline(ReadOnlyInline):
    model = CoSignature
    fields = ["deputy", "status", "invited_at", "responded_at"]
    readonly_fields = fields


class AssignmentInline(ReadOnlyInline):
    model = Assignment
    fields = ["unit", "role", "status", "assigned_on", "due_on", "round", "reply_category", "satisfaction"]
    readonly_fields = fields


class ScopedAdmin(ReadOnlyAdmin):
    """Read-only, and limited to what the signed-in user may see: the model's own `visible_to`,
    the one scope every surface uses (the API, the pages, the exports and this admin)."""

    def get_queryset(self, request):
        visible = self.model.objects.visible_to(request.user).values("pk")
        return super().get_queryset(request).filter(pk__in=visible)


@admin.register(Suggestion)
class SuggestionAdmin(ScopedAdmin):
    list_display = ["number", "title", "lead_deputy", "category", "meeting", "status", "submitted_at",
                    "assigned_on", "is_key"]
    list_display_links = ["number", "title"]
    list_filter = ["status", "meeting", "category", "handling_mode", "term",
                   ("key_supervision", admin.EmptyFieldListFilter)]
    search_fields = ["number", "title", "lead_deputy__name"]
    list_select_related = ["lead_deputy", "category", "meeting", "meeting__term", "key_supervision"]
    date_hierarchy = "submitted_at"
    inlines = [CoSignatureInline, AssignmentInline]
    actions = ["accept_selected", "mark_reference_selected"]

    @admin.display(boolean=True, description=_("key supervision"))
    def is_key(self, obj):
        return obj.is_key

    def has_review_permission(self, request):
        return rules.is_office(request.user)

    def _run(self, request, queryset, service, done_message):
        apply_each(queryset.order_by("pk"), lambda suggestion: service(suggestion, actor=request.user),
                   request=request, report=lambda req, text, level: self.message_user(req, text, level),
                   refused_message=_("%(item)s: %(reason)s"), done_message=done_message)

    @admin.action(description=_("Accept the selected suggestions"), permissions=["review"])
    def accept_selected(self, request, queryset):
        self._run(request, queryset, services.accept_suggestion, _("%(count)d suggestions accepted."))

    @admin.action(description=_("Mark the selected suggestions reference only"), permissions=["review"])
    def mark_reference_selected(self, request, queryset):
        self._run(request, queryset, services.mark_reference_only,
                  _("%(count)d suggestions passed on for reference."))


@admin.register(CoSignature)
class CoSignatureAdmin(ScopedAdmin):
    list_display = ["suggestion", "deputy", "status", "invited_at", "responded_at"]
    list_filter = ["status"]
    search_fields = ["suggestion__number", "suggestion__title", "deputy__name"]
    list_select_related = ["suggestion", "deputy"]


@admin.register(Assignment)
class AssignmentAdmin(ScopedAdmin):
    list_display = ["suggestion", "unit", "role", "status", "assigned_on", "due_on", "round", "reply_category",
                    "satisfaction", "first_replied_on"]
    list_filter = ["status", "role", "reply_category", "satisfaction", "unit"]
    search_fields = ["suggestion__number", "suggestion__title", "unit__name", "responsible_person"]
    list_select_related = ["suggestion", "unit"]
    date_hierarchy = "assigned_on"


@admin.register(ReassignmentRequest)
class ReassignmentRequestAdmin(ScopedAdmin):
    list_display = ["assignment", "suggested_unit", "requested_at", "decision", "decided_at", "decision_note"]
    list_filter = ["decision"]
    search_fields = ["assignment__suggestion__number", "assignment__unit__name", "reason"]
    list_select_related = ["assignment__suggestion", "assignment__unit", "suggested_unit"]


@admin.register(Extension)
class ExtensionAdmin(ScopedAdmin):
    list_display = ["assignment", "previous_due_on", "requested_due_on", "requested_at", "decision", "decided_at"]
    list_filter = ["decision"]
    search_fields = ["assignment__suggestion__number", "assignment__unit__name", "reason"]
    list_select_related = ["assignment__suggestion", "assignment__unit"]


@admin.register(ContactRecord)
class ContactRecordAdmin(ScopedAdmin):
    list_display = ["assignment", "contacted_on", "method", "summary"]
    list_filter = ["method"]
    search_fields = ["assignment__suggestion__number", "assignment__unit__name", "summary"]
    list_select_related = ["assignment__suggestion", "assignment__unit"]


@admin.register(Reply)
class ReplyAdmin(ScopedAdmin):
    list_display = ["assignment", "round", "category", "signed_by", "signed_by_head", "replied_at",
                    "evaluation_due_on"]
    list_filter = ["category", "round", "signed_by_head"]
    search_fields = ["assignment__suggestion__number", "assignment__unit__name", "body", "signed_by"]
    list_select_related = ["assignment__suggestion", "assignment__unit"]
    date_hierarchy = "replied_at"


@admin.register(ReplyReceipt)
class ReplyReceiptAdmin(ScopedAdmin):
    list_display = ["reply", "deputy", "delivered_at", "read_at"]
    search_fields = ["reply__assignment__suggestion__number", "deputy__name"]
    list_select_related = ["reply__assignment__suggestion", "reply__assignment__unit", "deputy"]


@admin.register(Commitment)
class CommitmentAdmin(ScopedAdmin):
    list_display = ["description", "reply", "due_on", "status", "resolved_at"]
    list_filter = ["status"]
    search_fields = ["description", "reply__assignment__suggestion__number", "reply__assignment__unit__name"]
    list_select_related = ["reply__assignment__suggestion", "reply__assignment__unit"]


@admin.register(Evaluation)
class EvaluationAdmin(ScopedAdmin):
    list_display = ["reply", "deputy", "satisfaction", "attitude", "approach", "effect", "evaluated_at", "is_late"]
    list_filter = ["satisfaction", "attitude", "approach", "effect", "is_late"]
    search_fields = ["reply__assignment__suggestion__number", "deputy__name", "comment"]
    list_select_related = ["reply__assignment__suggestion", "reply__assignment__unit", "deputy"]


@admin.register(KeySupervision)
class KeySupervisionAdmin(ScopedAdmin):
    list_display = ["suggestion", "leader", "committee", "selected_at"]
    list_filter = ["committee", "leader"]
    search_fields = ["suggestion__number", "suggestion__title"]
    list_select_related = ["suggestion", "leader", "committee"]


@admin.register(SupervisionAction)
class SupervisionActionAdmin(ScopedAdmin):
    list_display = ["key_supervision", "kind", "happened_on", "description"]
    list_filter = ["kind"]
    search_fields = ["key_supervision__suggestion__number", "description"]
    list_select_related = ["key_supervision__suggestion", "key_supervision__leader"]


@admin.register(MergeGroup)
class MergeGroupAdmin(ScopedAdmin):
    list_display = ["__str__", "note", "created_by", "created_at"]
    list_select_related = ["created_by"]


@admin.register(NumberSeries)
class NumberSeriesAdmin(ReadOnlyAdmin):
    list_display = ["term", "meeting", "last"]
    list_select_related = ["term", "meeting", "meeting__term"]


@admin.register(Statistic)
class StatisticAdmin(ReadOnlyAdmin):
    list_display = ["year", "meeting", "dimension", "unit", "category", "assigned", "replied", "replied_on_time",
                    "overdue", "evaluated", "satisfied", "basically_satisfied", "rating_missing", "computed_at"]
    list_filter = ["year", "dimension", "meeting"]
    search_fields = ["unit__name", "category__name"]
    list_select_related = ["meeting", "meeting__term", "unit", "category"]
