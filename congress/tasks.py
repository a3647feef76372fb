"""Periodic sweeps (CELERY_BEAT_SCHEDULE): thin, idempotent, ids and plain values only."""

from datetime import date, timedelta

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

RETRY = {"autoretry_for": (OperationalError,), "retry_backoff": True, "retry_backoff_max": 300, "max_retries": 5}


@shared_task(name="congress.deliver_pending", **RETRY)
def deliver_pending() -> int:
    from congress import notifications

    return notifications.deliver_pending()


@shared_task(name="congress.deliver_due_reminders", **RETRY)
def deliver_due_reminders() -> int:
    from congress import notifications

    return notifications.deliver_due_reminders()


@shared_task(name="congress.sweep_reminders", **RETRY)
def sweep_reminders(today: str | None = None) -> int:
    """The daily reminder sweep of every app's registered rules (congress/reminders.py); a second
    run the same day creates nothing. `today`: an ISO date, for replays and tests."""
    from congress import reminders

    return reminders.sweep(date.fromisoformat(today) if today else None)


@shared_task(name="congress.purge_worker_heartbeats", **RETRY)
def purge_worker_heartbeats() -> int:
    """Forget workers not seen for a week (renamed or retired hosts)."""
    from congress.models import WorkerHeartbeat

    deleted, _ = WorkerHeartbeat.objects.filter(seen_at__lt=timezone.now() - timedelta(days=7)).delete()
    return deleted


@shared_task(name="congress.purge_sign_in_failures", **RETRY)
def purge_sign_in_failures(days: int = 90) -> int:
    """Forget failed sign-ins and bad API tokens older than `days`: the lockout only looks at the
    last AXES_COOLOFF minutes, and the log would otherwise grow for ever."""
    from axes.models import AccessFailureLog

    deleted, _ = AccessFailureLog.objects.filter(attempt_time__lt=timezone.now() - timedelta(days=days)).delete()
    return deleted
