"""Template tags of the shared page parts (issue 7; README "Shared page parts").

`{% load congress_pages %}` then:
- `{% sort_header "number" _("Number") %}`: a sortable `<th>` for a FilteredListView column
  (the key must be in the view's `sort_fields`); clicking toggles ascending/descending.
- `{% active_filters filterset %}`: the filters in force as chips, each with a link that clears it.
- `{% deadline value %}`: a due date that explains itself in a `<details>` (rule, setting, start,
  days off skipped, make-up days, moved off a day off, provisional). `value` is a
  `congress.calendar.Deadline`; a bare date renders as a date.
- `{% url_with sort="x" page=None %}`: the current query string with some keys replaced/removed.
"""

from datetime import date

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from congress.calendar import Deadline

register = template.Library()


def _query(request, **changes) -> str:
    query = request.GET.copy()
    for key, value in changes.items():
        query.pop(key, None)
        if value is not None:
            query[key] = value
    query.pop("export", None)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag(takes_context=True)
def url_with(context, **changes):
    return _query(context["request"], **changes)


@register.simple_tag(takes_context=True)
def sort_header(context, key, label, css=""):
    """A column header that sorts the list by `key`; the current sort is marked with aria-sort."""
    current = context.get("sort") or ""
    fields = context.get("sort_fields") or {}
    css_attr = format_html(' class="{}"', css) if css else ""
    if key not in fields:
        return format_html("<th{}>{}</th>", css_attr, label)
    ascending = current == key
    descending = current == f"-{key}"
    target = f"-{key}" if ascending else key
    link = _query(context["request"], sort=target, page=None)
    if ascending or descending:
        state = "ascending" if ascending else "descending"
        arrow = "▲" if ascending else "▼"
        return format_html('<th{} aria-sort="{}"><a class="sort-link" href="{}">{} <span aria-hidden="true">{}'
                           '</span></a></th>', css_attr, state, link, label, arrow)
    return format_html('<th{}><a class="sort-link" href="{}" title="{}">{}</a></th>',
                       css_attr, link, _("Sort by this column"), label)


def _shown(value) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, date):
        return date_format(value)
    return str(value)


@register.inclusion_tag("partials/active_filters.html", takes_context=True)
def active_filters(context, filterset):
    """Each filter in force with a link that clears it (keeping the others and the sort)."""
    request = context["request"]
    chips = []
    form = getattr(filterset, "form", None)
    if form is not None and form.is_bound and form.is_valid():
        for name, field in form.fields.items():
            value = form.cleaned_data.get(name)
            if value in (None, "", [], ()) or (hasattr(value, "exists") and not value):
                continue
            if isinstance(value, slice):
                parts = [v for v in (value.start, value.stop) if v]
                if not parts:
                    continue
                text = " – ".join(_shown(v) for v in (value.start, value.stop) if v)
                keys = [k for k in request.GET if k.startswith(f"{name}_")]
            elif hasattr(value, "model") or hasattr(value, "pk"):
                # records name themselves: never iterate a model field's choices (265 deputies)
                text = "、".join(str(v) for v in value) if hasattr(value, "model") else str(value)
                keys = [name]
            elif isinstance(value, list | tuple):
                choices = dict(getattr(field, "choices", []) or [])
                text = "、".join(str(choices.get(v, v)) for v in value)
                keys = [name]
            else:
                choices = dict(getattr(field, "choices", []) or []) if not isinstance(value, bool) else {}
                text = str(choices.get(value, _shown(value)))
                keys = [name]
            query = request.GET.copy()
            for key in keys:
                query.pop(key, None)
            query.pop("page", None)
            query.pop("export", None)
            chips.append({"label": field.label, "text": text, "clear": f"?{query.urlencode()}"})
    return {"chips": chips, "reset": request.path}


@register.inclusion_tag("partials/deadline.html")
def deadline(value, label="", overdue_on=None):
    """A deadline that explains itself. `overdue_on` (today) marks it overdue when passed."""
    if value is None:
        return {"empty": True}
    if isinstance(value, Deadline):
        holidays = [(day, name) for day, name in value.skipped if name]
        weekends = [day for day, name in value.skipped if not name]
        return {"d": value, "due_on": value.due_on, "label": label, "holidays": holidays, "weekends": weekends,
                "overdue": overdue_on is not None and value.due_on < overdue_on,
                "rule_known": value.rule is not None}
    return {"due_on": value, "label": label, "plain": True,
            "overdue": overdue_on is not None and value < overdue_on}
