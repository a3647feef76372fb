"""Celery tasks of the livelihood app: thin and idempotent, ids only (style.md B5)."""

from celery import shared_task

from congress.tasks import RETRY


@shared_task(name="livelihood.roll_up_survey", **RETRY)
def roll_up_survey(cycle_id: int) -> int:
    """Recompute one cycle's survey summary rows (one SQL aggregation); running twice changes nothing."""
    from livelihood.services import roll_up_survey

    return roll_up_survey(cycle_id)


@shared_task(name="livelihood.run_pending_rollups", **RETRY)
def run_pending_rollups() -> int:
    """Beat, every minute: run the roll-ups that requests asked for (the rows are the outbox)."""
    from livelihood.models import RollupRequest
    from livelihood.services import roll_up_survey

    cycle_ids = set(RollupRequest.objects.filter(done_at__isnull=True).values_list("cycle_id", flat=True))
    for cycle_id in sorted(cycle_ids):
        roll_up_survey(cycle_id)
    return len(cycle_ids)
