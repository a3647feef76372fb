"""Form widgets of the shared page parts (issue 7, item 2; README "Shared page parts").

- `Chips`: a short choice list (status, level, kind…) as tick boxes styled as chips, instead of a
  multi-select list box that needs Ctrl-click. Same submitted shape (`?status=a&status=b`).
- `DateInput` / `DateTimeInput` / `DateRange`: native date pickers (`type=date`, `datetime-local`,
  ISO values) for a date field or a django-filter `DateFromToRangeFilter` (`_after` / `_before`).
- `TypeaheadInput` / `TypeaheadMultiple`: a long list (deputies, units) as a text box with matches
  from a scoped JSON lookup (`congress.lookups`, `/lookup/<name>/?q=`). Without JS it is a
  plain text box: the server accepts an id or an exact name, so the filter still works.
"""

import re

from django import forms
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django_filters.widgets import DateRangeWidget

from congress.bounds import parse_id

SEPARATORS = re.compile(r"[,，、;；\n]+")


class Chips(forms.CheckboxSelectMultiple):
    """Tick boxes for a short list of choices, shown as chips (`.filters .chips`)."""

    def __init__(self, attrs=None, choices=()):
        attrs = {"class": "chips", **(attrs or {})}
        super().__init__(attrs, choices)


class DateInput(forms.DateInput):
    """The browser's date picker; the value goes as YYYY-MM-DD whatever the locale."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    """The browser's date-and-time picker; the value goes as YYYY-MM-DDTHH:MM whatever the locale."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class DateRange(DateRangeWidget):
    """From/to native date inputs for django-filter's DateFromToRangeFilter (`name_after`, `name_before`)."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.widgets = [DateInput({**(attrs or {}), "aria-label": _("from")}),
                        DateInput({**(attrs or {}), "aria-label": _("to")})]


class TypeaheadInput(forms.TextInput):
    """One record of a long list by name. `lookup` names a `congress.lookups` entry; `queryset` (set
    by the field, see `typeahead`) resolves what was typed: an id, or an exact name."""

    template_name = "congress/widgets/typeahead.html"  # app dir: the form renderer reads apps only
    multiple = False
    input_type = "search"

    def __init__(self, lookup: str, attrs=None):
        self.lookup = lookup
        self.queryset = None
        super().__init__({"class": "typeahead-input", **(attrs or {})})

    def url(self) -> str:
        try:
            return reverse(f"lookup_{self.lookup}")
        except NoReverseMatch:  # pragma: no cover - a page without the lookup route
            return ""

    def _label_of(self, value) -> str:
        if value in (None, ""):
            return ""
        if hasattr(value, "pk"):
            return str(value)
        pk = parse_id(value)
        if self.queryset is not None and pk is not None:
            record = self.queryset.filter(pk=pk).first()
            if record is not None:
                return str(record)
        return str(value)

    def _resolve(self, text: str):
        text = text.strip()
        if not text or parse_id(text) is not None or self.queryset is None:
            return text
        from congress.lookups import LOOKUPS  # noqa: PLC0415 - avoids an import cycle at startup

        entry = LOOKUPS.get(self.lookup)
        field = entry.exact_field if entry else "name"
        matches = list(self.queryset.filter(**{field: text}).values_list("pk", flat=True)[:2])
        return str(matches[0]) if len(matches) == 1 else text

    def value_from_datadict(self, data, files, name):
        raw = data.get(name)
        return None if raw is None else self._resolve(str(raw)[:200])

    def get_context(self, name, value, attrs):
        context = super().get_context(name, self._label_of(value), attrs)
        context["widget"]["url"] = self.url()
        context["widget"]["multiple"] = False
        return context


class TypeaheadMultiple(TypeaheadInput):
    """Several records by name: chips with JS; without JS names (or ids) separated by commas or 、."""

    multiple = True

    def value_from_datadict(self, data, files, name):
        values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
        resolved = []
        for value in values[:100]:
            if value in (None, ""):
                continue
            resolved.extend(self._resolve(part) for part in SEPARATORS.split(str(value)[:2000]) if part.strip())
        return resolved

    def value_omitted_from_data(self, data, files, name):
        return name not in data

    def get_context(self, name, value, attrs):
        values = value if isinstance(value, list | tuple) else ([value] if value not in (None, "") else [])
        chosen = [(getattr(v, "pk", v), self._label_of(v)) for v in values]
        context = forms.TextInput.get_context(self, name, "", attrs)
        context["widget"]["url"] = self.url()
        context["widget"]["multiple"] = True
        ids = [str(pk) for pk, _label in chosen]
        context["widget"]["chosen"] = chosen
        # without JS the box shows the chosen names, so submitting again keeps them
        context["widget"]["value"] = "、".join(label for _pk, label in chosen)
        context["widget"]["ids"] = ids
        return context


def typeahead(filter_or_field, lookup: str, *, multiple: bool = False):
    """Give a ModelChoice(Multiple) field or django-filter filter a type-ahead widget resolving
    against its own queryset. Usage after a FilterSet's class (its form class is built once):
    `typeahead(SuggestionFilterSet.base_filters["deputy_id"], "deputies")`."""
    widget = (TypeaheadMultiple if multiple else TypeaheadInput)(lookup)
    queryset = getattr(filter_or_field, "queryset", None)
    widget.queryset = queryset(None) if callable(queryset) else queryset  # congress.filtersets.lazily
    if hasattr(filter_or_field, "extra"):
        filter_or_field.extra["widget"] = widget
    else:
        filter_or_field.widget = widget
    return widget
