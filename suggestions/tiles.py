"""What suggestions put on the two home pages (suggestions/apps.py hands these to congress):
the staff home's tiles, each linked to the list filtered to exactly what it counts, and the
portal home's cards for deputies and unit handlers."""

from django.db.models import Case, IntegerField, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from suggestions import selectors
from suggestions.models import Assignment, KeySupervision, Suggestion


def staff_tiles(user) -> list[dict]:
    """Tiles for the staff home: what waits for the office. One aggregate query; "overdue" and
    "requests" are the list's `overdue` and `pending_request` filters, so a tile's number is the
    number of rows its link shows."""
    if not user.has_perm("suggestions.view_suggestion"):
        return []
    counts = selectors.staff_counts(user)
    url = reverse("suggestions:suggestion_list")
    return [
        {"key": "suggestions.submitted", "label": _("Suggestions awaiting review"), "value": counts["submitted"],
         "url": f"{url}?status=submitted", "note": _("Accept, reject or mark for reference")},
        {"key": "suggestions.accepted", "label": _("Accepted, awaiting assignment"), "value": counts["accepted"],
         "url": f"{url}?status=accepted", "note": _("Send them to units")},
        {"key": "suggestions.overdue", "label": _("Overdue answers"), "value": counts["overdue"],
         "url": f"{url}?overdue=true",
         "note": _("Suggestions whose lead unit (or a unit answering separately) is past its reply deadline")},
        {"key": "suggestions.requests", "label": _("Return and extension requests"), "value": counts["requests"],
         "url": f"{url}?pending_request=true", "note": _("Suggestions with a unit's request awaiting decision")},
        {"key": "suggestions.key", "label": _("Under key supervision"), "value": counts["key"],
         "url": reverse("suggestions:key_board"), "note": _("Still being handled")},
    ]


def staff_panels(user) -> list[dict]:
    """A leader's home shows the cases they supervise (rule 14), active ones first."""
    if not user.has_perm("suggestions.view_suggestion"):
        return []
    rows = list(KeySupervision.objects.visible_to(user).filter(leader=user)
                .select_related("suggestion", "committee")
                .annotate(ended=Case(When(suggestion__status__in=Suggestion.ENDED_STATUSES, then=Value(1)),
                                     default=Value(0), output_field=IntegerField()))
                .order_by("ended", "suggestion__number", "pk")[:50])
    if not rows:
        return []
    today = timezone.localdate()
    overdue = set(Assignment.objects.overdue(today).filter(suggestion__in=[r.suggestion_id for r in rows])
                  .values_list("suggestion_id", flat=True))
    for row in rows:
        row.late = row.suggestion_id in overdue
    return [{"key": "suggestions.my_supervision", "template": "suggestions/staff/_my_supervision.html",
             "rows": rows, "active": sum(1 for r in rows if not r.ended)}]


def portal_cards(user) -> list[dict]:
    """Cards for the portal home: a deputy's suggestions, a unit handler's assignments."""
    cards = []
    if selectors.deputy_of(user) is not None:
        cards.append(_deputy_card(user))
    if user.is_authenticated and user.unit_id:
        cards.append(_unit_card(user))
    return cards


def _deputy_card(user) -> dict:
    tabs = selectors.deputy_tabs(user)
    scoped = Suggestion.objects.visible_to(user)
    return {
        "template": "suggestions/portal/deputy_card.html",
        "counts": selectors.tab_counts(user, tabs),
        "invitations": list(scoped.filter(tabs["invitations"]).select_related("lead_deputy")
                            .order_by("-created_at", "-id")[:5]),
        "awaiting": list(scoped.filter(tabs["rating"]).order_by("-created_at", "-id")[:5]),
    }


def _unit_card(user) -> dict:
    today = timezone.localdate()
    rows = list(selectors.unit_assignments(user).open().select_related("suggestion").order_by("due_on", "id")[:8])
    for row in rows:
        row.late = row.is_overdue(today)
    return {"template": "suggestions/portal/unit_card.html", "counts": selectors.unit_counts(user, today),
            "assignments": rows}
