"""What every suggestion service shares: errors, locking, recipients, the timeline, the status.

Lock order, everywhere: the suggestion (all members of its merge group, in id order), then its
units' parts, then the row the service changes (a reply, a request, a commitment). The suggestion's
status is derived from its parts, so whoever changes a part holds the suggestion's lock and two
parts answered at the same moment cannot both miss the other's answer.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from congress import audit, locking, notifications, roles
from congress.rules import Verdict
from congress.texts import Text
from suggestions.models import Assignment, Commitment, Suggestion

User = get_user_model()


def refuse(message, code: str, field: str | None = None):
    """Raise the ValidationError every surface shows as a clear message (API: 400 with the field)."""
    error = ValidationError(message, code=code)
    raise ValidationError({field: [error]}) if field else error


def enforce(verdict: Verdict) -> None:
    """Refuse with a rules predicate's reason: PermissionDenied for the wrong actor, else its code."""
    verdict.enforce()


def _suggestions():
    return Suggestion.objects.select_related("lead_deputy", "term")


def _parts():
    return Assignment.objects.select_related("unit")


def lock_suggestion(suggestion) -> Suggestion:
    return locking.lock(_suggestions(), suggestion.pk)


def lock_part(assignment) -> tuple[Suggestion, Assignment]:
    """Lock a unit's part the one way: its suggestion first, then the part."""
    suggestion, assignment = locking.lock_parent_then_child(assignment, "suggestion", parent_queryset=_suggestions(),
                                                            child_queryset=_parts())
    assignment.suggestion = suggestion
    return suggestion, assignment


def lock_part_row(obj, queryset=None):
    """Lock a row hanging from a unit's part (a reply, a request, an extension), after its
    suggestion and its part: returns (suggestion, assignment, row)."""
    suggestion, row = locking.lock_parent_then_child(obj, "assignment__suggestion", parent_queryset=_suggestions(),
                                                     child_queryset=queryset)
    assignment = locking.lock(_parts(), row.assignment_id)
    assignment.suggestion = suggestion
    row.assignment = assignment
    return suggestion, assignment, row


def lock_group(suggestion) -> list[Suggestion]:
    """Lock a suggestion and every other member of its merge group, in id order (rule 8: merged
    suggestions share their handling). The suggestion itself comes first in the returned list."""
    for _attempt in range(3):
        group_id = Suggestion.objects.filter(pk=suggestion.pk).values_list("merge_group_id", flat=True).get()
        members = Q(pk=suggestion.pk) | (Q(merge_group_id=group_id) if group_id else Q(pk__in=[]))
        locked = locking.lock_all(_suggestions().filter(members))
        target = next(s for s in locked if s.pk == suggestion.pk)
        if target.merge_group_id == group_id:  # not merged or unmerged meanwhile
            return [target] + [s for s in locked if s.pk != target.pk]
    raise RuntimeError("the merge group kept changing while it was being locked")


def record(suggestion, verb: str, *, actor, note: str = "", **data):
    """One event on the suggestion's timeline: every stage of the loop is told on the suggestion."""
    return audit.record(suggestion, f"suggestions.suggestion.{verb}", actor=actor, note=note, **data)


def unit_handlers(unit_ids):
    return User.objects.filter(unit_id__in=list(unit_ids), is_active=True, groups__name=roles.UNIT_HANDLER).distinct()


def office_staff():
    return User.objects.filter(is_active=True, groups__name=roles.STAFF).distinct()


def deputy_users(deputy_ids):
    return User.objects.filter(deputy__in=list(deputy_ids), is_active=True)


def notify_all(users, kind: str, title: Text, *, body: Text | str = "", url: str = "",
               channels=notifications.ALL_CHANNELS, clears_on: tuple | None = None):
    """Tell each user; `title` and `body` are `Text`s, rendered in each reader's language when
    shown (SMS and email in the office's), never in the acting user's. `clears_on=(obj, action)`
    marks a request for action: the service doing it calls `notifications.clear(obj, action)`."""
    for user in users:
        notifications.notify(user, kind, title, body=body, url=url, channels=channels, clears_on=clears_on)


def refresh_status(suggestion: Suggestion) -> Suggestion:
    """Derive the suggestion's handling status from its units' parts; called by every service
    that changes an assignment, reply, evaluation or commitment, holding the suggestion's lock.

    Re-handling comes first (a unit is answering again, rule 3), then handling (a unit has not
    answered), then replied (a rating is awaited, rule 12); with every part done, open commitments
    keep it tracking (rule 11); otherwise it closes. With no unit left (all returned, rule 5) it
    waits for assignment.
    """
    locking.require_locked(suggestion)
    if suggestion.status not in Suggestion.OPEN_STATUSES + (Suggestion.Status.ACCEPTED,):
        return suggestion
    answering = list(suggestion.assignments.answering().live().values_list("status", flat=True))
    if not answering:
        status = Suggestion.Status.ACCEPTED
    elif Assignment.Status.REHANDLING in answering:
        status = Suggestion.Status.REHANDLING
    elif Assignment.Status.ASSIGNED in answering:
        status = Suggestion.Status.HANDLING
    elif Assignment.Status.REPLIED in answering:
        status = Suggestion.Status.REPLIED
    elif Commitment.objects.filter(reply__assignment__suggestion=suggestion, status=Commitment.Status.OPEN).exists():
        status = Suggestion.Status.TRACKING
    else:
        status = Suggestion.Status.CLOSED
    if status != suggestion.status:
        suggestion.status = status
        fields = ["status"]
        if status == Suggestion.Status.CLOSED:
            suggestion.closed_at = timezone.now()
            fields.append("closed_at")
        suggestion.save(update_fields=fields)
        if status == Suggestion.Status.CLOSED:
            record(suggestion, "closed", actor=None, note="", automatic=True)
    return suggestion


def record_decision(request, *, actor, approve: bool, note: str) -> None:
    """The office's answer to a unit's return or extension request, written on the request."""
    from congress.requests import decide

    decide(request, actor=actor, approve=approve, note=note)
