"""Celery tasks of the suggestions app (CELERY_BEAT_SCHEDULE): thin and idempotent, plain values only."""

from celery import shared_task
from django.utils import timezone

from congress.tasks import RETRY


@shared_task(name="suggestions.create_reminders", **RETRY)
def create_reminders() -> int:
    """The daily reminder sweep; a second run the same day creates nothing."""
    from suggestions.reminders import create_reminders

    return create_reminders()


@shared_task(name="suggestions.refresh_statistics", **RETRY)
def refresh_statistics() -> int:
    """Recompute this year's summary rows, and last year's during January, while late answers and
    ratings of last year's cases still come in."""
    from suggestions.statistics import refresh_statistics

    today = timezone.localdate()
    years = [today.year - 1, today.year] if today.month == 1 else [today.year]
    return sum(refresh_statistics(year, today=today) for year in years)
