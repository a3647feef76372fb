"""Celery tasks of the oversight app: thin and idempotent (the daily sweep `congress.sweep_reminders`
already runs the rules in oversight/reminders.py; this one runs only oversight's, for replays)."""

from datetime import date

from celery import shared_task

from congress.tasks import RETRY


@shared_task(name="oversight.create_reminders", **RETRY)
def create_reminders(today: str | None = None) -> int:
    from oversight.reminders import create_reminders

    return create_reminders(today=date.fromisoformat(today) if today else None)
