"""Celery tasks of the suggestions app (CELERY_BEAT_SCHEDULE): thin and idempotent, plain values only."""

from datetime import date

from celery import shared_task
from django.utils import timezone

from congress.tasks import RETRY


@shared_task(name="suggestions.create_reminders", **RETRY)
def create_reminders(today: str | None = None) -> int:
    """The suggestions' reminder sweep (beat now runs `congress.sweep_reminders`, every app's rules);
    kept so that queued messages and scripts that name it still work. `today`: an ISO date."""
    from suggestions.reminders import create_reminders

    return create_reminders(today=date.fromisoformat(today) if today else None)


@shared_task(name="suggestions.refresh_statistics", **RETRY)
def refresh_statistics(today: str | None = None) -> int:
    """Recompute this year's summary rows, and last year's during January, while late answers and
    ratings of last year's cases still come in. `today` (an ISO date) is for replays and tests."""
    from suggestions.statistics import refresh_statistics

    today = date.fromisoformat(today) if today else timezone.localdate()
    years = [today.year - 1, today.year] if today.month == 1 else [today.year]
    return sum(refresh_statistics(year, today=today) for year in years)
