"""One FilterSet for the deputies' register: the staff list and the API both use it."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from congress.models import Station, Term
from deputies.models import Delegation, Deputy


class DeputyFilterSet(django_filters.FilterSet):
    # Every filter follows a to-one relation, so no row can repeat: `distinct=False` spares the
    # page and its COUNT a DISTINCT over all columns (it tripled the list's database time).
    # Bounded like the longest column it searches (work_unit, 200): a longer text matches nothing.
    q = django_filters.CharFilter(method="search", label=_("Search"), max_length=200)
    status = django_filters.MultipleChoiceFilter(choices=Deputy.Status.choices, label=_("Status"), distinct=False)
    level = django_filters.MultipleChoiceFilter(choices=Deputy.Level.choices, label=_("Level"), distinct=False)
    gender = django_filters.ChoiceFilter(choices=Deputy.Gender.choices, label=_("Gender"))
    party = django_filters.ChoiceFilter(choices=Deputy.Party.choices, label=_("Party"))
    term = django_filters.ModelChoiceFilter(queryset=Term.objects.all(), label=_("Term"))
    station_id = django_filters.ModelMultipleChoiceFilter(
        field_name="station", queryset=Station.objects.all(), label=_("Station"), distinct=False
    )
    delegation_id = django_filters.ModelMultipleChoiceFilter(
        field_name="delegation", queryset=Delegation.objects.all(), label=_("Delegation"), distinct=False
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
        phone_like = value.isascii() and value.isdigit()  # "²".isdigit() is True too
        if request is not None and request.user.has_perm("deputies.view_deputy_phone") and phone_like:
            match |= Q(phone__contains=value)
        return queryset.filter(match)
