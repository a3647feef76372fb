"""FilterSets of the stations' lists, shared by the staff pages and the API (style.md B1 rule 4)."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress.filtersets import DateRangeFilter, FilterSet, NumberFilter, YesNoFilter
from congress.models import Station, Unit
from deputies.models import Deputy, Reception, ResidentIssue


class ReceptionFilterSet(FilterSet):
    station_id = django_filters.ModelMultipleChoiceFilter(field_name="station", queryset=Station.objects.all(),
                                                          label=_("Station"), distinct=False)
    status = django_filters.MultipleChoiceFilter(choices=Reception.Status.choices, label=_("Status"), distinct=False)
    starts = DateRangeFilter(field_name="starts_at__date", label=_("Date"))
    deputy_id = django_filters.ModelChoiceFilter(field_name="deputies", queryset=Deputy.objects.all(),
                                                 label=_("Deputy"), distinct=True)

    class Meta:
        model = Reception
        fields = ["station_id", "status", "starts", "deputy_id"]


class ResidentIssueFilterSet(FilterSet):
    # Bounded like the longest column searched (subject, 100): a longer text matches nothing.
    q = django_filters.CharFilter(method="search", label=_("Search"), max_length=100)
    status = django_filters.MultipleChoiceFilter(choices=ResidentIssue.Status.choices, label=_("Status"),
                                                 distinct=False)
    route = django_filters.MultipleChoiceFilter(choices=ResidentIssue.Route.choices, label=_("Route"), distinct=False)
    channel = django_filters.ChoiceFilter(choices=ResidentIssue.Channel.choices, label=_("Raised through"))
    station_id = django_filters.ModelChoiceFilter(field_name="station", queryset=Station.objects.all(),
                                                  label=_("Station"))
    unit_id = django_filters.ModelChoiceFilter(field_name="unit", queryset=Unit.objects.all(), label=_("Unit"))
    deputy_id = NumberFilter(field_name="deputy_id", label=_("Deputy"), min_value=1,
                                            max_value=2**63 - 1)
    overdue = YesNoFilter(method="filter_overdue", label=_("Overdue"))
    raised = DateRangeFilter(field_name="created_at__date", label=_("Raised on"))

    class Meta:
        model = ResidentIssue
        fields = ["q", "status", "route", "channel", "station_id", "unit_id", "deputy_id", "overdue", "raised"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(subject__icontains=value) | Q(content__icontains=value))

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = Q(status=ResidentIssue.Status.ROUTED, due_on__lt=timezone.localdate())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)
