"""Filters shared by the staff lists and the API (the same FilterSet classes)."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress.bounds import parse_id
from congress.filtersets import FilterSet
from congress.models import Unit
from oversight.models import BudgetExecution, Finding, HandlingReport, OversightPlan, SatisfactionVote, Topic


class IdFilter(django_filters.CharFilter):
    """An id in ASCII digits (a bad one is a 400, never a database error)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", [RegexValidator(r"^[0-9]{1,18}$", _("Enter a valid id."))])
        super().__init__(*args, **kwargs)


class UnitIdField(forms.ModelChoiceField):
    """A unit's id, checked for its shape and not looked up: an unknown id matches nothing. The
    look-up was a query of its own on every filtered request — a seventh of the findings tracker's
    API list in the profile (bench oversight-findings-api-list). The choices still list the units
    where the form is shown."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        pk = parse_id(value)
        if pk is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return pk


class UnitFilter(django_filters.ModelChoiceFilter):
    field_class = UnitIdField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", Unit.objects.all())
        super().__init__(*args, **kwargs)


YEARS = [(str(y), str(y)) for y in range(2000, 2101)]
QUARTERS = [(str(q), str(q)) for q in range(1, 5)]
TIERS = [(str(t), str(t)) for t in range(4)]


class FindingFilterSet(FilterSet):
    unit = UnitFilter(label=_("unit"))
    state = django_filters.ChoiceFilter(choices=Finding.State.choices, label=_("state"))
    topic = IdFilter(field_name="opinion__topic", label=_("topic"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("overdue"))

    class Meta:
        model = Finding
        fields = ["unit", "state", "topic", "overdue"]

    def filter_overdue(self, queryset, name, value):
        today = timezone.localdate()
        late = queryset.filter(due_on__lt=today).exclude(state=Finding.State.CLOSED)
        return late if value else queryset.exclude(pk__in=late.values("pk"))


class TopicFilterSet(FilterSet):
    plan = IdFilter(field_name="plan")
    kind = django_filters.ChoiceFilter(choices=Topic.Kind.choices)
    stage = django_filters.ChoiceFilter(choices=Topic.Stage.choices)

    class Meta:
        model = Topic
        fields = ["plan", "kind", "stage"]


class PlanFilterSet(FilterSet):
    year = django_filters.ChoiceFilter(choices=YEARS)

    class Meta:
        model = OversightPlan
        fields = ["year", "status"]


class HandlingReportFilterSet(FilterSet):
    finding = IdFilter(field_name="finding")
    outcome = django_filters.ChoiceFilter(choices=HandlingReport.Outcome.choices)

    class Meta:
        model = HandlingReport
        fields = ["finding", "outcome"]


class VoteFilterSet(FilterSet):
    topic = IdFilter(field_name="topic")

    class Meta:
        model = SatisfactionVote
        fields = ["topic"]


class BudgetFilterSet(FilterSet):
    year = django_filters.ChoiceFilter(choices=YEARS)
    quarter = django_filters.ChoiceFilter(choices=QUARTERS)
    unit = UnitFilter(label=_("unit"))
    tier = django_filters.ChoiceFilter(choices=TIERS)

    class Meta:
        model = BudgetExecution
        fields = ["year", "quarter", "unit", "tier"]
