"""FilterSets of the core registers, shared by the staff lists and the API (style.md B4)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from congress.models import Meeting, Unit


class UnitFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    kind = django_filters.MultipleChoiceFilter(choices=Unit.Kind.choices, label=_("Kind"))
    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = Unit
        fields = ["q", "kind", "is_active"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(short_name__icontains=value) | Q(code=value))


class MeetingFilterSet(django_filters.FilterSet):
    kind = django_filters.MultipleChoiceFilter(choices=Meeting.Kind.choices, label=_("Kind"))
    term = django_filters.NumberFilter(field_name="term__number", label=_("Term"))
    starts = django_filters.DateFromToRangeFilter(field_name="starts_on", label=_("Starts on"))

    class Meta:
        model = Meeting
        fields = ["kind", "term", "starts"]
