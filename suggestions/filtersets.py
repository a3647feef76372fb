"""One FilterSet for suggestions: the staff list, the portal lists and the API all use it."""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.db.models.query import EmptyQuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from congress.filtersets import DateRangeFilter, FilterSet, NumberFilter, UncheckedIdsFilter, YesNoFilter, lazily
from congress.models import Meeting, Term, Unit
from congress.widgets import Chips, typeahead
from deputies.models import Deputy
from suggestions.models import (
    Assignment,
    Category,
    Commitment,
    CoSignature,
    Extension,
    ReassignmentRequest,
    Reply,
    Suggestion,
)


@extend_schema_field({"type": "array", "items": {"type": "integer"}})
class IdsFilter(django_filters.ModelMultipleChoiceFilter):
    """Several ids; a method filter of this kind tells the OpenAPI schema its type."""


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.ModelChoiceFilter):
    """One id; typed for the schema like IdsFilter."""


class SuggestionFilterSet(FilterSet):
    # Filters over assignments use EXISTS rather than a join, so no row repeats and no DISTINCT is needed.
    # Bounded like the longest column it searches (the title, 200): a longer text matches nothing.
    q = django_filters.CharFilter(method="search", label=_("Search"), max_length=200)
    status = django_filters.MultipleChoiceFilter(choices=Suggestion.Status.choices, label=_("Status"), distinct=False,
                                                 widget=Chips)
    term = django_filters.ModelChoiceFilter(queryset=lazily(Term.objects.all()), label=_("Term"))
    # A session's name shows its term: joined here, so the form costs one query, not one per session.
    meeting = django_filters.ModelChoiceFilter(
        queryset=lazily(Meeting.objects.filter(kind=Meeting.Kind.CONGRESS_SESSION).select_related("term")),
        label=_("Session"))
    between_sessions = YesNoFilter(field_name="meeting", lookup_expr="isnull",
                                                    label=_("Between sessions"))
    category_id = UncheckedIdsFilter(field_name="category", queryset=lazily(Category.objects.all()),
                                     label=_("Category"), distinct=False, widget=Chips)
    unit_id = IdsFilter(queryset=lazily(Unit.objects.all()), method="by_unit", label=_("Unit"))
    deputy_id = IdFilter(queryset=lazily(Deputy.objects.all()), method="by_deputy", label=_("Deputy"))
    overdue = YesNoFilter(method="by_overdue", label=_("Overdue"))
    is_key = YesNoFilter(field_name="key_supervision", lookup_expr="isnull", exclude=True,
                                          label=_("Key supervision"))
    submitted = DateRangeFilter(field_name="submitted_at", label=_("Submitted"))
    pending_request = YesNoFilter(method="by_pending_request",
                                                   label=_("Return or extension request pending"))

    class Meta:
        model = Suggestion
        fields = ["q", "status", "term", "meeting", "between_sessions", "category_id", "unit_id", "deputy_id",
                  "overdue", "is_key", "submitted", "pending_request"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(number__icontains=value)
                               | Q(lead_deputy__name__icontains=value))

    def by_unit(self, queryset, name, units):
        if isinstance(units, EmptyQuerySet):  # no unit chosen; `not units` would run a query to say so
            return queryset
        return queryset.filter(Exists(Assignment.objects.filter(
            suggestion=OuterRef("pk"), unit__in=units, status__in=Assignment.LIVE_STATUSES)))

    def by_deputy(self, queryset, name, deputy):
        """Led or co-signed (confirmed) by this deputy."""
        if deputy is None:
            return queryset
        signed = CoSignature.objects.filter(suggestion=OuterRef("pk"), deputy=deputy,
                                            status=CoSignature.Status.CONFIRMED)
        return queryset.filter(Q(lead_deputy=deputy) | Q(Exists(signed)))

    def by_overdue(self, queryset, name, value):
        """`Suggestion.objects.overdue()`: the staff home's tile counts exactly these."""
        if value is None:
            return queryset
        late = Q(pk__in=Suggestion.objects.overdue().values("pk"))
        return queryset.filter(late) if value else queryset.exclude(late)

    def by_pending_request(self, queryset, name, value):
        """Cases with a return or extension request waiting for the office."""
        if value is None:
            return queryset
        waiting = Q(pk__in=Suggestion.objects.with_pending_request().values("pk"))
        return queryset.filter(waiting) if value else queryset.exclude(waiting)


# 265 deputies and dozens of units: type-aheads over the scoped look-ups (congress.lookups); an id
# or an exact name still works without JS and from the API. Set once on the declared filters: the
# form class is built once from them (congress.filtersets.FilterSet).
typeahead(SuggestionFilterSet.base_filters["deputy_id"], "deputies")
typeahead(SuggestionFilterSet.base_filters["unit_id"], "units", multiple=True)


class AssignmentFilterSet(FilterSet):
    """Units' parts: what a unit's system polls for."""

    status = django_filters.MultipleChoiceFilter(choices=Assignment.Status.choices, distinct=False,
                                                 label=_("Status"))
    role = django_filters.MultipleChoiceFilter(choices=Assignment.Role.choices, distinct=False,
                                               label=_("Role"))
    unit_id = django_filters.ModelMultipleChoiceFilter(field_name="unit", queryset=Unit.objects.all(),
                                                       distinct=False, label=_("Unit"))
    suggestion_id = NumberFilter(field_name="suggestion", label=_("Suggestion"))
    overdue = YesNoFilter(method="by_overdue", label=_("Overdue"))
    due = DateRangeFilter(field_name="due_on", label=_("Due"))

    class Meta:
        model = Assignment
        fields = ["status", "role", "unit_id", "suggestion_id", "overdue", "due"]

    def by_overdue(self, queryset, name, value):
        """`Assignment.objects.overdue()`: an answering part, open, past its due date."""
        if value is None:
            return queryset
        late = Q(pk__in=Assignment.objects.overdue().values("pk"))
        return queryset.filter(late) if value else queryset.exclude(late)


class ReplyFilterSet(FilterSet):
    assignment_id = NumberFilter(field_name="assignment", label=_("Assignment"))
    suggestion_id = NumberFilter(field_name="assignment__suggestion",
                                                label=_("Suggestion"))
    category = django_filters.MultipleChoiceFilter(choices=Reply.Category.choices, distinct=False,
                                                   label=_("Reply category"))

    class Meta:
        model = Reply
        fields = ["assignment_id", "suggestion_id", "category"]


class CommitmentFilterSet(FilterSet):
    reply_id = NumberFilter(field_name="reply", label=_("Reply"))
    assignment_id = NumberFilter(field_name="reply__assignment", label=_("Assignment"))
    status = django_filters.MultipleChoiceFilter(choices=Commitment.Status.choices, distinct=False,
                                                 label=_("Status"))

    class Meta:
        model = Commitment
        fields = ["reply_id", "assignment_id", "status"]


class ExtensionFilterSet(FilterSet):
    assignment_id = NumberFilter(field_name="assignment", label=_("Assignment"))
    decision = django_filters.MultipleChoiceFilter(choices=Extension.Decision.choices, distinct=False,
                                                   label=_("Decision"))

    class Meta:
        model = Extension
        fields = ["assignment_id", "decision"]


class ReassignmentRequestFilterSet(ExtensionFilterSet):
    class Meta:
        model = ReassignmentRequest
        fields = ["assignment_id", "decision"]
