"""One FilterSet for the deputies' register: the staff list and the API both use it."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from congress.bounds import parse_int
from congress.filtersets import DateFilter, FilterSet, NumberFilter, lazily
from congress.models import Station, Term
from congress.widgets import Chips
from deputies.models import Delegation, Deputy


class DeputyFilterSet(FilterSet):
    # Every filter follows a to-one relation, so no row can repeat: `distinct=False` spares the
    # page and its COUNT a DISTINCT over all columns (it tripled the list's database time).
    # Bounded like the longest column it searches (work_unit, 200): a longer text matches nothing.
    q = django_filters.CharFilter(method="search", label=_("Search"), max_length=200)
    status = django_filters.MultipleChoiceFilter(choices=Deputy.Status.choices, label=_("Status"), distinct=False,
                                                 widget=Chips)
    level = django_filters.MultipleChoiceFilter(choices=Deputy.Level.choices, label=_("Level"), distinct=False,
                                                widget=Chips)
    gender = django_filters.ChoiceFilter(choices=Deputy.Gender.choices, label=_("Gender"))
    party = django_filters.ChoiceFilter(choices=Deputy.Party.choices, label=_("Party"))
    term = django_filters.ModelChoiceFilter(queryset=lazily(Term.objects.all()), label=_("Term"))
    station_id = django_filters.ModelMultipleChoiceFilter(
        field_name="station", queryset=lazily(Station.objects.all()), label=_("Station"), distinct=False, widget=Chips
    )
    delegation_id = django_filters.ModelMultipleChoiceFilter(
        field_name="delegation", queryset=lazily(Delegation.objects.all()), label=_("Delegation"), distinct=False,
        widget=Chips,
    )

    class Meta:
        model = Deputy
        fields = ["q", "status", "level", "gender", "party", "term", "station_id", "delegation_id"]

    def search(self, queryset, name, value):
        """Name, work unit, occupation or constituency; a phone number only for those who may see phones."""
        value = value.strip()
        if not value:
            return queryset
        match = (
            Q(name__icontains=value) | Q(work_unit__icontains=value)
            | Q(occupation__icontains=value) | Q(constituency__icontains=value)
        )
        request = getattr(self, "request", None)
        phone_like = parse_int(value) is not None  # ASCII digits: "²".isdigit() is True too
        if request is not None and request.user.has_perm("deputies.view_deputy_phone") and phone_like:
            match |= Q(phone__contains=value)
        return queryset.filter(match)


# --------------------------------------------------------------------------- duty points
from deputies.models import DutyRecord, PointRule, PointsNotice, PointsSummary  # noqa: E402
from deputies.models.points import Band  # noqa: E402

YEAR_BOUNDS = {"min_value": 2000, "max_value": 2200}


class PointRuleFilterSet(FilterSet):
    year = NumberFilter(label=_("Year"), **YEAR_BOUNDS)
    category = django_filters.ChoiceFilter(choices=PointRule.Category.choices, label=_("Category"))
    mode = django_filters.ChoiceFilter(choices=PointRule.Mode.choices, label=_("Mode"))

    class Meta:
        model = PointRule
        fields = ["year", "category", "mode"]


class DutyRecordFilterSet(FilterSet):
    year = NumberFilter(label=_("Year"), **YEAR_BOUNDS)
    deputy_id = NumberFilter(field_name="deputy", label=_("Deputy"), min_value=1,
                                            max_value=2**31 - 1)
    item = django_filters.CharFilter(label=_("Item code"), max_length=40)
    category = django_filters.ChoiceFilter(choices=PointRule.Category.choices, label=_("Category"))
    status = django_filters.MultipleChoiceFilter(choices=DutyRecord.Status.choices, label=_("Status"),
                                                 distinct=False)
    origin = django_filters.MultipleChoiceFilter(choices=DutyRecord.Origin.choices, label=_("Origin"),
                                                 distinct=False)
    occurred_after = DateFilter(field_name="occurred_on", lookup_expr="gte", label=_("From"))
    occurred_before = DateFilter(field_name="occurred_on", lookup_expr="lte", label=_("Until"))

    class Meta:
        model = DutyRecord
        fields = ["year", "deputy_id", "item", "category", "status", "origin", "occurred_after", "occurred_before"]


class PointsFilterSet(FilterSet):
    """The ranking (nightly summary rows), for the staff page and the `points` API alike."""

    year = NumberFilter(label=_("Year"), **YEAR_BOUNDS)
    band = django_filters.MultipleChoiceFilter(choices=Band.choices, label=_("Band"), distinct=False)
    delegation_id = django_filters.ModelMultipleChoiceFilter(
        field_name="deputy__delegation", queryset=Delegation.objects.all(), label=_("Delegation"), distinct=False)
    q = django_filters.CharFilter(field_name="deputy__name", lookup_expr="icontains", label=_("Name"),
                                  max_length=50)

    class Meta:
        model = PointsSummary
        fields = ["year", "band", "delegation_id", "q"]


class PointsNoticeFilterSet(FilterSet):
    year = NumberFilter(label=_("Year"), **YEAR_BOUNDS)
    status = django_filters.ChoiceFilter(choices=PointsNotice.Status.choices, label=_("Status"))

    class Meta:
        model = PointsNotice
        fields = ["year", "status"]
