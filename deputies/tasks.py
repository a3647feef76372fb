"""Celery tasks of the deputies app (CELERY_BEAT_SCHEDULE): thin and idempotent, plain values only."""

from datetime import date

from celery import shared_task
from django.utils import timezone

from congress.tasks import RETRY


@shared_task(name="deputies.refresh_points_totals", acks_late=True, **RETRY)
def refresh_points_totals(today: str | None = None) -> int:
    """Nightly: this year's totals, ranks and bands into summary rows (one upsert), and last
    year's during January while its late records are still verified. `today`: an ISO date."""
    from deputies.services.points import refresh_totals

    today = date.fromisoformat(today) if today else timezone.localdate()
    years = [today.year - 1, today.year] if today.month == 1 else [today.year]
    return sum(refresh_totals(year) for year in years)
