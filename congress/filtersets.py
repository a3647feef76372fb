"""FilterSets of the core registers, shared by the staff lists and the API (style.md B4)."""

import copy

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from congress import bounds
from congress.fields import DateField, DecimalField
from congress.models import Meeting, Unit
from congress.widgets import DateRange


class AnyYesNoWidget(django_filters.widgets.BooleanWidget):
    """A yes/no filter whose empty choice reads “any” rather than Django's “unknown”."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("", _("Any")), ("true", _("Yes")), ("false", _("No"))]


class YesNoFilter(django_filters.BooleanFilter):
    """The boolean filter of every list: “any / yes / no”; the API also takes true/false and 1/0."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", AnyYesNoWidget)
        super().__init__(*args, **kwargs)


def lazily(queryset):
    """A model filter's choices as a callable (django-filter calls it with the request): a FilterSet
    deep-copies every filter on every request, and a queryset held by a filter deep-copies its whole
    query with it — a tenth of the suggestions list's time in the profile (issue 7, list speed). A
    function is copied as itself; each call gives a fresh queryset, so no rows are cached across
    requests."""
    return lambda request: queryset.all()


def _copied(declared):
    """One filter for one FilterSet instance: its own attributes and options, sharing the values in
    them (choices, callables, widget classes), which nothing changes. A filter with a method gets a
    method proxy of its own, which finds the method on its own FilterSet."""
    copied = copy.copy(declared)
    copied.extra = dict(declared.extra)
    if declared.method is not None:
        copied.method = declared.method
    return copied


class _Filters(dict):
    """A FilterSet class's filters. django-filter deep-copies them for every FilterSet instance,
    down to the lazy labels of every choice: half of the suggestions list's filtering time (issue 7,
    list speed). Each instance needs filters of its own (they name it as their parent), not copies
    of everything they point to."""

    def __deepcopy__(self, memo):
        return {name: _copied(declared) for name, declared in self.items()}


class _SharedFields(dict):
    """A checking form's fields (FilterSet.checks_only): the form class's own, which a form that is
    only validated leaves as they are, rather than deep copies of each field, its widget and its
    queryset (a millisecond of the suggestions API list, issue 7)."""

    def __deepcopy__(self, memo):
        return dict(self)


class FilterSet(django_filters.FilterSet):
    """The lists' FilterSet (every list's filter set derives from it): its filters are copied for
    each request without copying what they hold (`_Filters`), and its form class is built once per
    FilterSet class. django-filter builds a new form class from freshly made fields on every
    request, a millisecond of each filtered list (issue 7, list speed). No filter's field here
    depends on the request (model choices are callables, `lazily`, and each form runs them). A form
    that is shown deep-copies its class's fields as any Django form does, so no two pages share a
    field, a widget or a queryset; a form that only checks the API's query shares them
    (`checks_only`), since checking a value changes no field."""

    # Set by the API's filter backend (congress.api.filters) on the filter set it validates and
    # applies: its form is never shown, so it checks the query with the form class's own fields.
    # A form that is shown (a staff list, the browsable API's filter box) copies them as usual.
    checks_only = False

    @classmethod
    def get_filters(cls):
        return _Filters(super().get_filters())

    @property
    def form(self):
        if self.checks_only and self.is_bound and not hasattr(self, "_form"):
            self._form = self.get_checking_form_class()(self.data, prefix=self.form_prefix)
        return super().form

    def get_checking_form_class(self):
        """The form class of `checks_only` filter sets: the built one, with its fields shared rather
        than copied by each form; like it, built once per FilterSet class."""
        built = self.get_form_class()
        checking = type(self).__dict__.get("_checking_form_class")
        if checking is None:
            checking = type(built.__name__, (built,), {})
            checking.base_fields = _SharedFields(built.base_fields)
            type(self)._checking_form_class = checking
        return checking

    def get_form_class(self):
        built = type(self).__dict__.get("_built_form_class")
        if built is None:
            built = super().get_form_class()  # from this instance's filters' fields
            type(self)._built_form_class = built
        # A filter reads its field while filtering (a model choice's `to_field_name`): the class's
        # field, which forms only copy, rather than a new one made for every request.
        for name, declared in self.filters.items():
            declared._field = built.base_fields[name]
        return built


class UncheckedIdsField(forms.ModelMultipleChoiceField):
    """Several ids, checked for their shape (ASCII digits, within bigint) and not looked up: an
    unknown id matches nothing. ModelMultipleChoiceField's look-up of the chosen rows was a query
    of its own on every filtered request (issue 7, list speed); the choices still list the rows
    where the form is shown, and the filter compares the ids it was given."""

    def clean(self, value):
        if value in self.empty_values:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        if not isinstance(value, list | tuple):
            raise ValidationError(self.error_messages["invalid_list"], code="invalid_list")
        ids = []
        for item in value:
            if (number := bounds.parse_id(item)) is None:
                raise ValidationError(self.error_messages["invalid_pk_value"], code="invalid_pk_value",
                                      params={"pk": str(item)[:20]})
            ids.append(number)
        return ids


class UncheckedIdsFilter(django_filters.ModelMultipleChoiceFilter):
    """A multiple-choice filter over ids that are not looked up (UncheckedIdsField)."""

    field_class = UncheckedIdsField


class DateRangeField(django_filters.fields.DateRangeField):
    """From and to as the shared ASCII date fields (django-filter's read "２０２６-01-01"); no horizon:
    a list may be filtered by any date."""

    def __init__(self, *args, **kwargs):
        fields = (DateField(horizon=False), DateField(horizon=False))
        super(django_filters.fields.DateRangeField, self).__init__(fields, *args, **kwargs)


class DateRangeFilter(django_filters.DateFromToRangeFilter):
    """The date range of every list: two native date pickers, each with its own accessible name
    (congress.widgets.DateRange; django-filter's default pair of text boxes shares one label)."""

    field_class = DateRangeField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", DateRange)
        super().__init__(*args, **kwargs)


class DateFilter(django_filters.DateFilter):
    """One date in ASCII digits (a native picker); no horizon."""

    field_class = DateField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("horizon", False)
        super().__init__(*args, **kwargs)


class NumberFilter(django_filters.NumberFilter):
    """A number (an id, a year) in ASCII digits: django-filter's own reads "٣" as 3."""

    field_class = DecimalField


class UnitFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    kind = django_filters.MultipleChoiceFilter(choices=Unit.Kind.choices, label=_("Kind"))
    is_active = YesNoFilter(label=_("Active"))

    class Meta:
        model = Unit
        fields = ["q", "kind", "is_active"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(short_name__icontains=value) | Q(code=value))


class MeetingFilterSet(FilterSet):
    kind = django_filters.MultipleChoiceFilter(choices=Meeting.Kind.choices, label=_("Kind"))
    term = NumberFilter(field_name="term__number", label=_("Term"))
    starts = DateRangeFilter(field_name="starts_on", label=_("Starts on"))

    class Meta:
        model = Meeting
        fields = ["kind", "term", "starts"]
