"""Filters shared by the staff lists and the API (the same FilterSet classes)."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress.models import Unit
from oversight.models import BudgetExecution, Finding, HandlingReport, OversightPlan, SatisfactionVote, Topic


class FindingFilterSet(django_filters.FilterSet):
    unit = django_filters.ModelChoiceFilter(queryset=Unit.objects.all(), label=_("unit"))
    state = django_filters.ChoiceFilter(choices=Finding.State.choices, label=_("state"))
    topic = django_filters.NumberFilter(field_name="opinion__topic", label=_("topic"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("overdue"))

    class Meta:
        model = Finding
        fields = ["unit", "state", "topic", "overdue"]

    def filter_overdue(self, queryset, name, value):
        today = timezone.localdate()
        late = queryset.filter(due_on__lt=today).exclude(state=Finding.State.CLOSED)
        return late if value else queryset.exclude(pk__in=late.values("pk"))


class TopicFilterSet(django_filters.FilterSet):
    plan = django_filters.NumberFilter(field_name="plan")
    kind = django_filters.ChoiceFilter(choices=Topic.Kind.choices)
    stage = django_filters.ChoiceFilter(choices=Topic.Stage.choices)

    class Meta:
        model = Topic
        fields = ["plan", "kind", "stage"]


class PlanFilterSet(django_filters.FilterSet):
    class Meta:
        model = OversightPlan
        fields = ["year", "status"]


class HandlingReportFilterSet(django_filters.FilterSet):
    finding = django_filters.NumberFilter(field_name="finding")
    outcome = django_filters.ChoiceFilter(choices=HandlingReport.Outcome.choices)

    class Meta:
        model = HandlingReport
        fields = ["finding", "outcome"]


class VoteFilterSet(django_filters.FilterSet):
    topic = django_filters.NumberFilter(field_name="topic")

    class Meta:
        model = SatisfactionVote
        fields = ["topic"]


class BudgetFilterSet(django_filters.FilterSet):
    year = django_filters.NumberFilter(min_value=2000, max_value=2100)
    quarter = django_filters.NumberFilter(min_value=1, max_value=4)
    unit = django_filters.ModelChoiceFilter(queryset=Unit.objects.all())
    tier = django_filters.NumberFilter(min_value=0, max_value=3)

    class Meta:
        model = BudgetExecution
        fields = ["year", "quarter", "unit", "tier"]
