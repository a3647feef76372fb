"""The deputy's rating of a reply, re-handling when unsatisfied, and closing (rules 3, 12)."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from congress import notifications
from congress.texts import Text
from deputies.duties import record_duty
from suggestions import links, rules
from suggestions.models import Assignment, Evaluation, Reply, Suggestion
from suggestions.services._common import (
    deputy_users,
    enforce,
    lock_part_row,
    lock_suggestion,
    notify_all,
    office_staff,
    record,
    refresh_status,
    refuse,
    unit_handlers,
)


def evaluate_reply(reply, *, actor, satisfaction: str, attitude: str, approach: str, effect: str,
                   comment: str = "", today=None) -> Evaluation:
    """回执: the lead deputy rates one reply. Unsatisfied, with written views, sends the case back to
    the unit with a new deadline (rule 3), as long as rounds remain; otherwise the part is done.
    A rating after the window is accepted and marked late: it is never assumed (rule 12)."""
    today = today or timezone.localdate()
    for name, value, choices in (("satisfaction", satisfaction, Evaluation.Satisfaction),
                                 ("attitude", attitude, Evaluation.Aspect), ("approach", approach, Evaluation.Aspect),
                                 ("effect", effect, Evaluation.Aspect)):
        if value not in choices.values:
            refuse(_("Choose a rating."), "rating_required", name)
    if satisfaction == Evaluation.Satisfaction.UNSATISFIED and not comment.strip():
        refuse(_("Say in writing what is unsatisfactory: the unit handles the case again on that basis."),
               "views_required", "comment")
    with transaction.atomic():
        suggestion, assignment, reply = lock_part_row(reply, Reply.objects.all())
        enforce(rules.can_evaluate(actor, reply))
        evaluation = Evaluation.objects.create(
            reply=reply, deputy=suggestion.lead_deputy, satisfaction=satisfaction, attitude=attitude,
            approach=approach, effect=effect, comment=comment.strip(), is_late=today > reply.evaluation_due_on,
        )
        notifications.clear(reply, "rate")
        assignment.satisfaction = satisfaction
        rehandle = (satisfaction == Evaluation.Satisfaction.UNSATISFIED
                    and assignment.round < settings.SUGGESTIONS_MAX_ROUNDS)
        if rehandle:
            assignment.round += 1
            assignment.status = Assignment.Status.REHANDLING
            deadline = rules.rehandle_deadline(today)
            assignment.due_on, assignment.due_is_provisional = deadline.due_on, deadline.is_provisional
            assignment.due_start_on = deadline.start
            assignment.save(update_fields=["round", "status", "due_on", "due_is_provisional", "due_start_on",
                                           "satisfaction"])
        else:
            assignment.status = Assignment.Status.DONE
            assignment.save(update_fields=["status", "satisfaction"])
        record(suggestion, "rated", actor=actor, note=comment.strip(), unit=assignment.unit.name,
               satisfaction=satisfaction, attitude=attitude, approach=approach, effect=effect,
               late=evaluation.is_late, round=reply.round)
        if rehandle:
            record(suggestion, "rehandling", actor=None, unit=assignment.unit.name,
                   due_on=assignment.due_on.isoformat(), round=assignment.round)
            notify_all(unit_handlers([assignment.unit_id]), "suggestions.rehandle",
                       Text(gettext_noop("The deputy is unsatisfied with your answer to %(number)s: "
                                         "handle it again by %(date)s"),
                            number=suggestion.number, date=assignment.due_on),
                       body=comment.strip(), url=links.unit_url(assignment.pk), clears_on=(assignment, "reply"))
            notify_all(office_staff(), "suggestions.rehandle",
                       Text(gettext_noop("Suggestion %(number)s goes back to %(unit)s for re-handling"),
                            number=suggestion.number, unit=assignment.unit.name),
                       body=comment.strip(), url=links.staff_url(suggestion.pk), channels=())
        else:
            notify_all(unit_handlers([assignment.unit_id]), "suggestions.rated",
                       Text(gettext_noop("The deputy rated your answer to %(number)s: %(rating)s"),
                            number=suggestion.number, rating=Evaluation.Satisfaction(satisfaction).label),
                       url=links.unit_url(assignment.pk), channels=())
        # the deputy's rating is a duty of its own, once per suggestion whatever the rounds
        record_duty(suggestion.lead_deputy_id, item="suggestion.rated", source=suggestion, occurred_on=today,
                    actor=actor)
        refresh_status(suggestion)
    return evaluation


def close_suggestion(suggestion, *, actor, note: str) -> Suggestion:
    """The office closes a case with a recorded reason (a rating that never came, a final
    unsatisfied round, a case overtaken by events). Open parts are cancelled."""
    if not note.strip():
        refuse(_("Record why the suggestion is closed."), "note_required", "note")
    with transaction.atomic():
        suggestion = lock_suggestion(suggestion)
        enforce(rules.can_close(actor, suggestion))
        open_parts = suggestion.assignments.filter(status__in=Assignment.OPEN_STATUSES + (Assignment.Status.REPLIED,))
        open_parts.update(status=Assignment.Status.CANCELLED)
        suggestion.status, suggestion.closed_at, suggestion.close_note = (
            Suggestion.Status.CLOSED, timezone.now(), note.strip())
        suggestion.save(update_fields=["status", "closed_at", "close_note"])
        record(suggestion, "closed", actor=actor, note=note.strip())
        notify_all(deputy_users([suggestion.lead_deputy_id]), "suggestions.closed",
                   Text(gettext_noop("Suggestion %(number)s was closed by the office"), number=suggestion.number),
                   body=note.strip(), url=links.deputy_url(suggestion.pk))
    return suggestion
