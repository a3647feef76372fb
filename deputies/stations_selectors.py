"""Reads of the stations' work that are too big for a QuerySet method: the rule-27 shortfalls and
the report-backs of a deputy (for the performance file built on h/points)."""

from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, Max, Q
from django.utils import timezone

from congress.models import Station
from deputies.models import Deputy, ReportBack


def station_shortfalls(today: date | None = None):
    """Rule 27: active stations with no reception held in the last
    DEPUTIES_STATION_MAX_DAYS_WITHOUT_RECEPTION days (the newest held date annotated)."""
    today = today or timezone.localdate()
    since = today - timedelta(days=settings.DEPUTIES_STATION_MAX_DAYS_WITHOUT_RECEPTION)
    return (Station.objects.active()
            .annotate(last_held=Max("receptions__starts_at", filter=Q(receptions__status="held")),
                      recent=Count("receptions", filter=Q(receptions__status="held",
                                                          receptions__starts_at__date__gte=since)))
            .filter(recent=0).order_by("name"))


def deputies_without_visits(year: int):
    """Rule 27: serving deputies with fewer than DEPUTIES_STATION_MIN_VISITS_PER_YEAR held shifts
    they came to in `year`."""
    visits = Count("reception_shifts", filter=Q(reception_shifts__attended=True,
                                                reception_shifts__reception__status="held",
                                                reception_shifts__reception__starts_at__year=year))
    return (Deputy.objects.serving().annotate(visits=visits)
            .filter(visits__lt=settings.DEPUTIES_STATION_MIN_VISITS_PER_YEAR).order_by("name", "id"))


def report_backs_of(deputy):
    """A deputy's report-backs for the performance file (履职档案), newest first: year, status, date,
    and once published the counts of each rating and the satisfaction rate (`satisfaction_rate`)."""
    return ReportBack.objects.filter(deputy=deputy).select_related("station").order_by("-year")
