"""What every suggestion service shares: errors, locking, recipients, the timeline, the status."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q

from congress import audit, notifications, roles
from suggestions.models import Assignment, Commitment, Suggestion

User = get_user_model()


def refuse(message, code: str, field: str | None = None):
    """Raise the ValidationError every surface shows as a clear message (API: 400 with the field)."""
    error = ValidationError(message, code=code)
    raise ValidationError({field: [error]}) if field else error


def lock_suggestion(suggestion) -> Suggestion:
    return Suggestion.objects.select_for_update().select_related("lead_deputy", "term").get(pk=suggestion.pk)


def lock_assignment(assignment) -> Assignment:
    return (Assignment.objects.select_for_update(of=("self",))
            .select_related("suggestion", "suggestion__lead_deputy", "unit").get(pk=assignment.pk))


def record(suggestion, verb: str, *, actor, note: str = "", **data):
    """One event on the suggestion's timeline: every stage of the loop is told on the suggestion."""
    return audit.record(suggestion, f"suggestions.suggestion.{verb}", actor=actor, note=note, **data)


def unit_handlers(unit_ids):
    return User.objects.filter(unit_id__in=list(unit_ids), is_active=True, groups__name=roles.UNIT_HANDLER).distinct()


def office_staff():
    return User.objects.filter(is_active=True, groups__name=roles.STAFF).distinct()


def deputy_users(deputy_ids):
    return User.objects.filter(deputy__in=list(deputy_ids), is_active=True)


def notify_all(users, kind: str, title: str, *, body: str = "", url: str = "", channels=notifications.ALL_CHANNELS):
    for user in users:
        notifications.notify(user, kind, title, body=body, url=url, channels=channels)


def refresh_status(suggestion: Suggestion) -> Suggestion:
    """Derive the suggestion's handling status from its units' parts; called by every service
    that changes an assignment, reply, evaluation or commitment.

    Re-handling comes first (a unit is answering again), then handling (a unit has not answered),
    then replied (a rating is awaited); with every part done, open commitments keep it tracking
    (rule 11); otherwise it closes. With no unit left (all returned) it waits for assignment.
    """
    from django.utils import timezone

    if suggestion.status not in Suggestion.OPEN_STATUSES + (Suggestion.Status.ACCEPTED,):
        return suggestion
    answering = list(suggestion.assignments.filter(role__in=[Assignment.Role.LEAD, Assignment.Role.SEPARATE])
                     .exclude(status__in=[Assignment.Status.RETURNED, Assignment.Status.CANCELLED])
                     .values_list("status", flat=True))
    if not answering:
        status = Suggestion.Status.ACCEPTED
    elif Assignment.Status.REHANDLING in answering:
        status = Suggestion.Status.REHANDLING
    elif Assignment.Status.ASSIGNED in answering:
        status = Suggestion.Status.HANDLING
    elif Assignment.Status.REPLIED in answering:
        status = Suggestion.Status.REPLIED
    elif Commitment.objects.filter(Q(reply__assignment__suggestion=suggestion), status=Commitment.Status.OPEN).exists():
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
