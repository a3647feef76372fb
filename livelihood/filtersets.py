"""One FilterSet per list: the staff lists (with export) and the API use the same classes."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from congress.filtersets import FilterSet
from congress.models import Unit
from livelihood.models import Cycle, ProgressReport, Project, Proposal


class ProposalFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"), max_length=120)
    cycle = django_filters.ModelChoiceFilter(queryset=Cycle.objects.all(), label=_("Cycle"))
    status = django_filters.MultipleChoiceFilter(choices=Proposal.Status.choices, label=_("Status"), distinct=False)
    source = django_filters.ChoiceFilter(choices=Proposal.Source.choices, label=_("Source"))
    category = django_filters.ChoiceFilter(choices=Proposal.Category.choices, label=_("Category"))

    class Meta:
        model = Proposal
        fields = ["q", "cycle", "status", "source", "category"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(title__icontains=value) | Q(place__icontains=value)) if value else queryset


class ProjectFilterSet(FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Search"), max_length=120)
    cycle = django_filters.ModelChoiceFilter(queryset=Cycle.objects.all(), label=_("Cycle"))
    status = django_filters.MultipleChoiceFilter(choices=Project.Status.choices, label=_("Status"), distinct=False)
    lead_unit = django_filters.ModelChoiceFilter(queryset=Unit.objects.all(), label=_("Lead unit"))

    class Meta:
        model = Project
        fields = ["q", "cycle", "status", "lead_unit"]


class ProgressReportFilterSet(FilterSet):
    project = django_filters.ModelChoiceFilter(queryset=Project.objects.all(), label=_("Project"))

    class Meta:
        model = ProgressReport
        fields = ["project"]
