"""Provisional deadlines recomputed once a year's holiday calendar is loaded.

Called by `congress.calendar.load_year` (and `sync_holidays`) inside their transaction, through
`SuggestionsConfig.recompute_deadlines`. Only dates the system computed are touched: a date the
office set by approving an extension is never provisional, so it keeps its date.
"""

from datetime import timedelta

from django.db.models import Max
from django.utils import timezone

from congress import audit
from congress.calendar import WorkCalendar
from suggestions import rules
from suggestions.models import Assignment, Reply, Suggestion


def recompute_provisional(years) -> int:
    """Re-derive every provisional deadline of open work (answers and opinions of open parts,
    ratings awaited, assignments awaited under rule 4); returns how many dates were recomputed.
    Each change is written on the suggestion's timeline with the old and the new date.

    `years` are the years just loaded; every provisional date is re-derived, since a date may
    depend on several years and stays provisional while any of them is missing."""
    low = timezone.localdate() - timedelta(days=400)
    work_calendar = WorkCalendar.for_range(low, timezone.localdate() + timedelta(days=800))
    changed = 0

    parts = list(Assignment.objects.filter(due_is_provisional=True, status__in=Assignment.OPEN_STATUSES)
                 .select_related("suggestion", "suggestion__meeting"))
    for part in parts:
        deadline = rules.assignment_deadline(part, work_calendar)
        changed += _note(part.suggestion, "due_on", part.due_on, deadline, unit=part.unit_id)
        if part.round == 1 and part.original_due_on == part.due_on:
            part.original_due_on = deadline.due_on
        part.due_on, part.due_is_provisional = deadline.due_on, deadline.is_provisional
    Assignment.objects.bulk_update(parts, ["due_on", "original_due_on", "due_is_provisional"])

    rating_parts = list(Assignment.objects.filter(rating_due_is_provisional=True, status=Assignment.Status.REPLIED)
                        .select_related("suggestion").annotate(last_reply_at=Max("replies__replied_at")))
    replies = []
    for part in rating_parts:
        deadline = rules.rating_deadline(timezone.localdate(part.last_reply_at), work_calendar)
        changed += _note(part.suggestion, "rating_due_on", part.rating_due_on, deadline, unit=part.unit_id)
        part.rating_due_on, part.rating_due_is_provisional = deadline.due_on, deadline.is_provisional
        replies.append((part.pk, part.round, deadline.due_on))
    Assignment.objects.bulk_update(rating_parts, ["rating_due_on", "rating_due_is_provisional"])
    for assignment_id, round_, due_on in replies:
        Reply.objects.filter(assignment_id=assignment_id, round=round_).update(evaluation_due_on=due_on)

    waiting = list(Suggestion.objects.filter(assign_by_is_provisional=True, status__in=[
        Suggestion.Status.SUBMITTED, Suggestion.Status.ACCEPTED]))
    for suggestion in waiting:
        deadline = rules.assign_deadline(timezone.localdate(suggestion.submitted_at), work_calendar)
        changed += _note(suggestion, "assign_by", suggestion.assign_by, deadline)
        suggestion.assign_by, suggestion.assign_by_is_provisional = deadline.due_on, deadline.is_provisional
    Suggestion.objects.bulk_update(waiting, ["assign_by", "assign_by_is_provisional"])
    return changed


def _note(suggestion, field: str, old, deadline, **data) -> int:
    """Write the change on the timeline; a date still provisional and unchanged is not a change."""
    if old == deadline.due_on and deadline.is_provisional:
        return 0
    audit.record(suggestion, "suggestions.suggestion.deadline_recomputed", field=field, old=old.isoformat(),
                 new=deadline.due_on.isoformat(), provisional=deadline.is_provisional, **data)
    return 1
