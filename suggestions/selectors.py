"""Reads too big for a QuerySet method: statistics pages, the boards, the key-supervision board."""

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone

from suggestions.models import Assignment, KeySupervision, Statistic, Suggestion, SupervisionAction


def statistics(year: int, *, meeting=None, dimension: str = Statistic.Dimension.UNIT):
    """Summary rows of one year (or one session of it), per unit or per category, largest first."""
    return (Statistic.objects.filter(year=year, meeting=meeting, dimension=dimension)
            .select_related("unit", "category").order_by("-assigned", "unit__name", "category__name"))


def totals(rows) -> dict:
    """The sum of summary rows, with the same rate properties as one row."""
    total = Statistic()
    for row in rows:
        for field in Statistic._meta.get_fields():
            if field.get_internal_type() == "PositiveIntegerField":
                setattr(total, field.name, getattr(total, field.name) + getattr(row, field.name))
    return total


def boards(year: int) -> tuple[list[Statistic], list[Statistic]]:
    """红黑榜: units that reach both honour thresholds, and units below either warning threshold.
    Units with fewer than SUGGESTIONS_BOARD_MIN_ASSIGNED cases are on neither: too few to judge."""
    honour, warning = [], []
    for row in statistics(year):
        if row.assigned < settings.SUGGESTIONS_BOARD_MIN_ASSIGNED:
            continue
        satisfaction, on_time = row.satisfaction_rate, row.on_time_rate
        if (satisfaction is not None and satisfaction < settings.SUGGESTIONS_WARNING_SATISFACTION) or (
                on_time is not None and on_time < settings.SUGGESTIONS_WARNING_ON_TIME):
            warning.append(row)
        elif (satisfaction is not None and satisfaction >= settings.SUGGESTIONS_HONOUR_SATISFACTION
              and on_time is not None and on_time >= settings.SUGGESTIONS_HONOUR_ON_TIME):
            honour.append(row)
    honour.sort(key=lambda r: (-r.satisfaction_rate, -r.on_time_rate))
    warning.sort(key=lambda r: (r.satisfaction_rate or 0, r.on_time_rate or 0))
    return honour, warning


def key_supervision_board(user):
    """Key supervised suggestions the user may see, with their units and latest actions,
    in a constant number of queries."""
    return (KeySupervision.objects.filter(suggestion__in=Suggestion.objects.visible_to(user))
            .select_related("suggestion", "suggestion__lead_deputy", "leader", "committee")
            .prefetch_related(
                Prefetch("suggestion__assignments",
                         queryset=Assignment.objects.filter(status__in=Assignment.LIVE_STATUSES).select_related("unit")),
                Prefetch("actions", queryset=SupervisionAction.objects.order_by("-happened_on", "-id")),
            ).order_by("suggestion__status", "-selected_at"))


def overdue_parts(today=None):
    today = today or timezone.localdate()
    return Assignment.objects.open().filter(due_on__lt=today, role__in=[Assignment.Role.LEAD, Assignment.Role.SEPARATE])
