"""Scoped JSON look-ups for the type-ahead widget (congress.widgets.TypeaheadInput; issue 7, item 2).

`GET /lookup/<name>/?q=text` answers `{"results": [{"id": 1, "label": "…"}]}`: at most 20 records of
`LOOKUPS[name]`, read through `visible_to(request.user)` like every surface, so a type-ahead never
offers a record the user could not open. A new loop adds its own line with `register(...)`.
"""

from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import JsonResponse
from django.views.decorators.http import require_GET

LIMIT = 20
MAX_QUERY = 50


@dataclass(frozen=True)
class Lookup:
    model: str  # "app_label.Model"
    search_fields: tuple[str, ...]
    exact_field: str = "name"  # what a typed name must equal when the widget resolves it without JS
    order_by: tuple[str, ...] = ("name",)


LOOKUPS: dict[str, Lookup] = {}


def register(name: str, lookup: Lookup) -> None:
    LOOKUPS[name] = lookup


register("deputies", Lookup("deputies.Deputy", ("name__icontains", "work_unit__icontains")))
register("units", Lookup("congress.Unit", ("name__icontains", "short_name__icontains")))


def label_of(record) -> str:
    return str(record)


@login_required
@require_GET
def lookup(request, name):
    entry = LOOKUPS.get(name)
    if entry is None:
        return JsonResponse({"detail": "unknown lookup"}, status=404)
    text = (request.GET.get("q") or "").strip()[:MAX_QUERY]
    if not text:
        return JsonResponse({"results": []})
    model = apps.get_model(entry.model)
    match = Q()
    for field in entry.search_fields:
        match |= Q(**{field: text})
    rows = model.objects.visible_to(request.user).filter(match).order_by(*entry.order_by)[:LIMIT]
    return JsonResponse({"results": [{"id": row.pk, "label": label_of(row)} for row in rows]})


def urlpatterns():
    from django.urls import path  # noqa: PLC0415

    return [path(f"lookup/{name}/", lookup, {"name": name}, name=f"lookup_{name}") for name in LOOKUPS]
