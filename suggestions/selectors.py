"""Reads too big for a QuerySet method: statistics pages, the boards, the key-supervision board."""

from django.conf import settings
from django.db.models import Count, Prefetch
from django.utils import timezone

from suggestions.models import Assignment, KeySupervision, Statistic, Suggestion, SupervisionAction


def statistics(year: int, *, meeting=None, dimension: str = Statistic.Dimension.UNIT):
    """Summary rows of one year (or one session of it), per unit or per category, largest first."""
    return (Statistic.objects.filter(year=year, meeting=meeting, dimension=dimension)
            .select_related("unit", "category").order_by("-assigned", "unit__name", "category__name"))


def totals(rows) -> dict:
    """The sum of summary rows, with the same rate properties as one row."""
    total = Statistic(category_counts={})
    for row in rows:
        for field in Statistic._meta.get_fields():
            if field.get_internal_type() == "PositiveIntegerField":
                setattr(total, field.name, getattr(total, field.name) + getattr(row, field.name))
        for code, count in row.category_counts.items():
            total.category_counts[code] = total.category_counts.get(code, 0) + count
    return total


def overdue_by_unit(year: int, today=None) -> dict[int, int]:
    """Open answering parts of the year past their deadline, per unit, counted live (the summary
    rows are up to half an hour old). The same filter as `Assignment.objects.overdue(today)` on the services
    branch; the lead switches to it when merging."""
    counts = (overdue_parts(today).filter(assigned_on__year=year).values("unit_id").annotate(n=Count("id")).order_by())
    return {row["unit_id"]: row["n"] for row in counts}


def board_rules() -> dict:
    """The boards' thresholds, written on the statistics page so a unit can see why it is listed."""
    return {
        "min_assigned": settings.SUGGESTIONS_BOARD_MIN_ASSIGNED,
        "honour_satisfaction": settings.SUGGESTIONS_HONOUR_SATISFACTION,
        "honour_on_time": settings.SUGGESTIONS_HONOUR_ON_TIME,
        "honour_max_overdue": settings.SUGGESTIONS_HONOUR_MAX_OVERDUE,
        "warning_satisfaction": settings.SUGGESTIONS_WARNING_SATISFACTION,
        "warning_on_time": settings.SUGGESTIONS_WARNING_ON_TIME,
    }


def boards(year: int, today=None) -> tuple[list[Statistic], list[Statistic]]:
    """红黑榜: units that reach both honour thresholds with no more than SUGGESTIONS_HONOUR_MAX_OVERDUE
    overdue cases, and units below either warning threshold. The on-time rate counts answers only,
    so a unit that has not answered five overdue cases would otherwise top the honour board with 100%.
    Units with fewer than SUGGESTIONS_BOARD_MIN_ASSIGNED cases are on neither: too few to judge."""
    overdue = overdue_by_unit(year, today)
    honour, warning = [], []
    for row in statistics(year):
        if row.assigned < settings.SUGGESTIONS_BOARD_MIN_ASSIGNED:
            continue
        row.overdue_now = overdue.get(row.unit_id, 0)
        satisfaction, on_time = row.satisfaction_rate, row.on_time_rate
        if (satisfaction is not None and satisfaction < settings.SUGGESTIONS_WARNING_SATISFACTION) or (
                on_time is not None and on_time < settings.SUGGESTIONS_WARNING_ON_TIME):
            warning.append(row)
        elif (satisfaction is not None and satisfaction >= settings.SUGGESTIONS_HONOUR_SATISFACTION
              and on_time is not None and on_time >= settings.SUGGESTIONS_HONOUR_ON_TIME
              and row.overdue_now <= settings.SUGGESTIONS_HONOUR_MAX_OVERDUE):
            honour.append(row)
    honour.sort(key=lambda r: (r.overdue_now, -r.satisfaction_rate, -r.on_time_rate))
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
