"""The one way other loops give deputies points: `record_duty` when a duty happens, `reverse_duty`
when its source is undone (domain.md rule 24: every entry comes from an activity record, once).

    from deputies.duties import record_duty, reverse_duty
    record_duty(deputy, item="suggestion.lead", source=suggestion, occurred_on=today, actor=user)
    reverse_duty(source=suggestion, item="suggestion.lead", actor=user, reason="acceptance undone")

Item codes of the default table (deputies/points_table.py): meeting.present, meeting.half_day_leave,
meeting.absent_with_leave, meeting.absent_without_leave, suggestion.lead, suggestion.cosign,
suggestion.rated, reception.held, oversight.activity, ballot.voted, training, public_welfare,
report_back, adjustment (manual only, through deputies.services.points.request_adjustment).

Call them inside the caller's transaction: the record is written (or reversed) with the event that
earned it, or not at all.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone

from congress import audit
from deputies.models import Deputy, DutyRecord, PointRule


def _deputy_id(deputy) -> int:
    return deputy.pk if isinstance(deputy, Deputy) else int(deputy)


def record_duty(deputy, *, item: str, source, occurred_on, actor=None, note: str = "") -> DutyRecord | None:
    """Record that `deputy` performed `item` through `source`, exactly once (rule 24).

    A second call for the same (deputy, source, item) returns the existing record, re-activated
    if it had been reversed, with the points it was first given. The points come from the rule of
    `item` in `occurred_on.year`'s table; no such rule, no record (None)."""
    rule = PointRule.objects.filter(year=occurred_on.year, item=item).first()
    if rule is None:
        return None
    deputy_id = _deputy_id(deputy)
    source_type = ContentType.objects.get_for_model(source)
    key = {"deputy_id": deputy_id, "source_type": source_type, "source_id": source.pk, "item": item}
    with transaction.atomic():
        existing = DutyRecord.objects.select_for_update().filter(**key).first()
        if existing is None:
            try:
                with transaction.atomic():
                    record = DutyRecord.objects.create(
                        **key, rule=rule, category=rule.category, year=occurred_on.year, occurred_on=occurred_on,
                        points=rule.points, origin=DutyRecord.Origin.AUTOMATIC, status=DutyRecord.Status.COUNTED,
                        note=note[:500], created_by=actor if actor is not None and actor.is_authenticated else None,
                    )
            except IntegrityError:  # a concurrent caller recorded it first: theirs is the one
                return DutyRecord.objects.select_for_update().get(**key)
            audit.record(record, "deputies.dutyrecord.recorded", actor=actor, note=note[:500], item=item,
                         points=str(record.points))
            return record
        if existing.status == DutyRecord.Status.REVERSED:
            existing.status = DutyRecord.Status.COUNTED
            existing.decided_at = timezone.now()
            existing.save(update_fields=["status", "decided_at"])
            audit.record(existing, "deputies.dutyrecord.restored", actor=actor, note=note[:500], item=item)
        return existing


def reverse_duty(*, source, item: str | None = None, deputy=None, actor=None, reason: str = "") -> int:
    """The source was undone (an acceptance withdrawn, an attendance corrected): its records stop
    counting, and the totals follow. Narrow by `item` and/or `deputy`. Returns how many."""
    filters = {"source_type": ContentType.objects.get_for_model(source), "source_id": source.pk,
               "status": DutyRecord.Status.COUNTED}
    if item is not None:
        filters["item"] = item
    if deputy is not None:
        filters["deputy_id"] = _deputy_id(deputy)
    with transaction.atomic():
        records = list(DutyRecord.objects.select_for_update().filter(**filters).order_by("pk"))
        for record in records:
            record.status = DutyRecord.Status.REVERSED
            record.decided_at = timezone.now()
            record.save(update_fields=["status", "decided_at"])
            audit.record(record, "deputies.dutyrecord.reversed", actor=actor, note=reason[:500], item=record.item)
    return len(records)
