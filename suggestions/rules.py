"""Pure predicates and date maths for suggestions: who may do what, and when things fall due.

No writes here. Services call the `can_*` predicates first thing after locking and refuse with
the verdict's reason; pages call the same predicates to decide which actions to show (a refused
`Verdict` is falsy and carries `.reason` and `.code`). Each predicate checks the actor and the
state, everything the service checks that can be known without the form's data.
Every number is a setting (SUGGESTIONS_*) read at call time.
"""

from datetime import date

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from congress.calendar import Deadline, WorkCalendar
from congress.rules import Verdict, allow, deny, forbid
from deputies.models import Deputy
from suggestions.models import (
    Assignment,
    Commitment,
    CoSignature,
    Evaluation,
    Extension,
    KeySupervision,
    ReassignmentRequest,
    Reply,
    Suggestion,
)

# --------------------------------------------------------------------------- deadlines
# Each *_deadline function returns a `Deadline` (date, rule, setting, start, days skipped, and
# whether it is provisional because a year's holidays are not loaded). The *_due_on / assign_by
# wrappers return the bare date for callers that only compare dates.


def _calendar(work_calendar: WorkCalendar | None) -> WorkCalendar:
    return work_calendar or WorkCalendar()


def reply_clock_starts(assigned_on: date, session_closed_on: date | None = None) -> date:
    """Rule 1 (config): the answer clock starts at 交办, or at the session's close when
    SUGGESTIONS_REPLY_CLOCK_STARTS is "session_close" and the suggestion was raised at a session."""
    if settings.SUGGESTIONS_REPLY_CLOCK_STARTS == "session_close" and session_closed_on is not None:
        return session_closed_on
    return assigned_on


def reply_deadline(assigned_on: date, work_calendar: WorkCalendar | None = None, *,
                   session_closed_on: date | None = None) -> Deadline:
    """Rule 1: the answer is due SUGGESTIONS_REPLY_MONTHS after 交办 (or the session's close)."""
    start = reply_clock_starts(assigned_on, session_closed_on)
    deadline = _calendar(work_calendar).months_deadline(
        start, settings.SUGGESTIONS_REPLY_MONTHS, rule=1, setting="SUGGESTIONS_REPLY_MONTHS",
        on_working_day=settings.SUGGESTIONS_DUE_ON_WORKING_DAY)
    if deadline.due_on < assigned_on:  # a session closed long before 交办: the date is never in the past
        deadline = _calendar(work_calendar).days_deadline(assigned_on, 0, rule=1, setting="SUGGESTIONS_REPLY_MONTHS")
    return deadline


def extension_cap(assigned_on: date, first_due_on: date | None = None) -> Deadline:
    """Rule 2: no deadline, extensions included, may pass SUGGESTIONS_MAX_MONTHS after 交办, or
    (SUGGESTIONS_EXTENSION_CAP="after_first_deadline") SUGGESTIONS_EXTENSION_MAX_MONTHS after the
    first deadline. A cap is a legal limit, never moved off a day off."""
    work_calendar = WorkCalendar()
    if settings.SUGGESTIONS_EXTENSION_CAP == "after_first_deadline":
        first = first_due_on or reply_deadline(assigned_on, work_calendar).due_on
        return work_calendar.months_deadline(first, settings.SUGGESTIONS_EXTENSION_MAX_MONTHS, rule=2,
                                             setting="SUGGESTIONS_EXTENSION_MAX_MONTHS", on_working_day=False)
    return work_calendar.months_deadline(assigned_on, settings.SUGGESTIONS_MAX_MONTHS, rule=2,
                                         setting="SUGGESTIONS_MAX_MONTHS", on_working_day=False)


def rehandle_deadline(reopened_on: date, work_calendar: WorkCalendar | None = None) -> Deadline:
    """Rule 3: a re-handled case is answered again within SUGGESTIONS_REHANDLE_MONTHS, or within
    SUGGESTIONS_REHANDLE_DAYS days when that is set (e.g. 15)."""
    if settings.SUGGESTIONS_REHANDLE_DAYS > 0:
        return _calendar(work_calendar).days_deadline(
            reopened_on, settings.SUGGESTIONS_REHANDLE_DAYS, rule=3, setting="SUGGESTIONS_REHANDLE_DAYS",
            on_working_day=settings.SUGGESTIONS_DUE_ON_WORKING_DAY)
    return _calendar(work_calendar).months_deadline(
        reopened_on, settings.SUGGESTIONS_REHANDLE_MONTHS, rule=3, setting="SUGGESTIONS_REHANDLE_MONTHS",
        on_working_day=settings.SUGGESTIONS_DUE_ON_WORKING_DAY)


def assign_deadline(received_on: date, work_calendar: WorkCalendar | None = None) -> Deadline:
    """Rule 4: a suggestion made between sessions is assigned within N working days of receipt."""
    return _calendar(work_calendar).working_days_deadline(
        received_on, settings.SUGGESTIONS_ASSIGN_WORKING_DAYS, rule=4, setting="SUGGESTIONS_ASSIGN_WORKING_DAYS")


def return_deadline(assigned_on: date, work_calendar: WorkCalendar | None = None) -> Deadline:
    """Rule 5: a unit may ask to return a case only within N working days of receiving it."""
    return _calendar(work_calendar).working_days_deadline(
        assigned_on, settings.SUGGESTIONS_RETURN_WORKING_DAYS, rule=5, setting="SUGGESTIONS_RETURN_WORKING_DAYS")


def co_unit_deadline(assigned_on: date, work_calendar: WorkCalendar | None = None) -> Deadline:
    """Rule 6: each co-unit sends its written views to the lead unit within a month of 交办,
    moved off a day off as the reply deadline is (a month from 1 December is New Year's Day)."""
    return _calendar(work_calendar).months_deadline(
        assigned_on, settings.SUGGESTIONS_CO_UNIT_OPINION_MONTHS, rule=6,
        setting="SUGGESTIONS_CO_UNIT_OPINION_MONTHS", on_working_day=settings.SUGGESTIONS_DUE_ON_WORKING_DAY)


def rating_deadline(replied_on: date, work_calendar: WorkCalendar | None = None) -> Deadline:
    """Rule 12: the lead deputy's 回执 is due N working days after the answer is delivered."""
    return _calendar(work_calendar).working_days_deadline(
        replied_on, settings.SUGGESTIONS_RATING_WORKING_DAYS, rule=12, setting="SUGGESTIONS_RATING_WORKING_DAYS")


def assignment_deadline(assignment: Assignment, work_calendar: WorkCalendar | None = None) -> Deadline:
    """The deadline of a part as computed from what is stored (its clock start, role and round), for
    pages that explain a date (issue 7) and for the recomputation of provisional dates. A date the
    office set by an extension differs from the computed one: it comes back as such (rule 2)."""
    start = assignment.due_start_on or assignment.assigned_on
    if assignment.role == Assignment.Role.CO:
        deadline = co_unit_deadline(start, work_calendar)
    elif assignment.round > 1:
        deadline = rehandle_deadline(start, work_calendar)
    else:
        suggestion = assignment.suggestion
        deadline = reply_deadline(assignment.assigned_on, work_calendar, session_closed_on=(
            suggestion.meeting.ends_on if suggestion.meeting_id else None))
    if deadline.due_on != assignment.due_on and not assignment.due_is_provisional:
        return Deadline(due_on=assignment.due_on, start=assignment.assigned_on, rule=2,
                        setting="SUGGESTIONS_EXTENSION_CAP", value=0, unit="days", nominal=assignment.due_on)
    return deadline


def reply_due_on(assigned_on: date, work_calendar: WorkCalendar | None = None) -> date:
    return reply_deadline(assigned_on, work_calendar).due_on


def latest_due_on(assigned_on: date, first_due_on: date | None = None) -> date:
    return extension_cap(assigned_on, first_due_on).due_on


def rehandle_due_on(reopened_on: date, work_calendar: WorkCalendar | None = None) -> date:
    return rehandle_deadline(reopened_on, work_calendar).due_on


def assign_by(received_on: date, work_calendar: WorkCalendar | None = None) -> date:
    return assign_deadline(received_on, work_calendar).due_on


def return_window_ends(assigned_on: date, work_calendar: WorkCalendar | None = None) -> date:
    return return_deadline(assigned_on, work_calendar).due_on


def co_unit_opinion_due_on(assigned_on: date, work_calendar: WorkCalendar | None = None) -> date:
    return co_unit_deadline(assigned_on, work_calendar).due_on


def rating_due_on(replied_on: date, work_calendar: WorkCalendar | None = None) -> date:
    return rating_deadline(replied_on, work_calendar).due_on


def reply_categories() -> dict[str, str]:
    """Rule 11 (config): the answer categories in force now, code → label."""
    return {code: str(label) for code, label in settings.SUGGESTIONS_REPLY_CATEGORIES}


def is_tracked_category(code: str) -> bool:
    """B and C by default: answers that promise work and stay in 跟踪 with commitments (rule 11)."""
    return code in settings.SUGGESTIONS_TRACKED_CATEGORIES


# --------------------------------------------------------------------------- who may act


def is_lead_deputy(user, suggestion: Suggestion) -> bool:
    return user.is_authenticated and suggestion.lead_deputy.user_id == user.pk


def handles(user, assignment: Assignment) -> bool:
    """A unit handler acts only for their own unit's assignment (never another unit's)."""
    return (user.is_authenticated and user.unit_id is not None and user.unit_id == assignment.unit_id
            and user.has_perm("congress.access_portal"))


def is_office(user) -> bool:
    """Office staff review, assign and decide requests."""
    return user.is_authenticated and user.has_perm("suggestions.review_suggestion")


def may_supervise(user) -> bool:
    return user.is_authenticated and user.has_perm("suggestions.supervise_suggestion")


# The states in which the office may still act on a suggestion's handling.
HANDLED_STATUSES = (Suggestion.Status.ACCEPTED,) + Suggestion.OPEN_STATUSES


# ----- the deputy's side (rules 7, 9, 10)

def can_draft(user) -> Verdict:
    deputy = Deputy.objects.filter(user=user).first() if user.is_authenticated else None
    if deputy is None or not user.has_perm("congress.access_portal"):
        return forbid(_("Only a deputy can do this."))
    if deputy.status != Deputy.Status.SERVING:
        return forbid(_("Only a serving deputy can draft or sign suggestions."))
    return allow()


def can_edit_draft(user, suggestion: Suggestion) -> Verdict:
    if not is_lead_deputy(user, suggestion):
        return forbid(_("Only the lead deputy can edit this suggestion."))
    if suggestion.status != Suggestion.Status.DRAFT:
        return deny(_("Only a draft can be edited; this suggestion has been submitted."), "not_draft")
    return allow()


def can_invite_cosigners(user, suggestion: Suggestion) -> Verdict:
    if not is_lead_deputy(user, suggestion):
        return forbid(_("Only the lead deputy can invite co-signers."))
    if suggestion.status != Suggestion.Status.DRAFT:
        return deny(_("Co-signers can only be invited before the suggestion is submitted."), "not_draft")
    return allow()


def can_withdraw_invitation(user, signature: CoSignature) -> Verdict:
    suggestion = signature.suggestion
    if not is_lead_deputy(user, suggestion):
        return forbid(_("Only the lead deputy can withdraw an invitation."))
    if suggestion.status != Suggestion.Status.DRAFT:
        return deny(_("The suggestion has been submitted; its signatures are final."), "not_draft")
    if signature.status not in (CoSignature.Status.INVITED, CoSignature.Status.WITHDRAWN):
        return deny(_("Only an unanswered invitation can be withdrawn."), "answered")
    return allow()


def can_respond_to_invitation(user, signature: CoSignature) -> Verdict:
    if not user.is_authenticated or signature.deputy.user_id != user.pk:
        return forbid(_("This invitation is addressed to another deputy."))
    if signature.status == CoSignature.Status.WITHDRAWN:
        return deny(_("The lead deputy has withdrawn this invitation."), "withdrawn")
    if signature.suggestion.status != Suggestion.Status.DRAFT:
        return deny(_("The suggestion has already been submitted; signatures after submission do not count."),
                    "too_late")
    if signature.status != CoSignature.Status.INVITED:
        return deny(_("You have already answered this invitation."), "answered")
    return allow()


def can_submit(user, suggestion: Suggestion, today: date | None = None) -> Verdict:
    """Rules 7 and 9: the lead deputy submits a draft once every invited co-signer has answered
    and enough have confirmed, within the suggestion's term."""
    from congress.models import Term

    today = today or timezone.localdate()
    if not is_lead_deputy(user, suggestion):
        return forbid(_("Only the lead deputy can submit this suggestion."))
    if suggestion.status != Suggestion.Status.DRAFT:
        return deny(_("This suggestion has already been submitted."), "not_draft")
    signatures = list(suggestion.cosignatures.values_list("status", flat=True))
    waiting = signatures.count(CoSignature.Status.INVITED)
    if waiting:
        return deny(_("%(count)d invited deputies have not answered yet: wait for them or withdraw the "
                      "invitations.") % {"count": waiting}, "cosigners_pending")
    if signatures.count(CoSignature.Status.CONFIRMED) < settings.SUGGESTIONS_MIN_COSIGNERS:
        return deny(_("A suggestion needs at least %(count)d confirmed co-signers.")
                    % {"count": settings.SUGGESTIONS_MIN_COSIGNERS}, "too_few_cosigners")
    if Term.current(today) is None or suggestion.term.ends_on < today:
        return deny(_("The term of this suggestion has ended."), "term_ended")
    return allow()


def can_withdraw(user, suggestion: Suggestion) -> Verdict:
    """Rule 10: the lead deputy may withdraw until the suggestion has ended."""
    if not is_lead_deputy(user, suggestion):
        return forbid(_("Only the lead deputy can withdraw this suggestion."))
    if suggestion.status in Suggestion.ENDED_STATUSES:
        return deny(_("This suggestion can no longer be withdrawn."), "finished")
    return allow()


def can_evaluate(user, reply: Reply) -> Verdict:
    """Rule 12: the lead deputy rates each current answer once."""
    assignment = reply.assignment
    if not is_lead_deputy(user, assignment.suggestion):
        return forbid(_("Only the lead deputy rates the answers to this suggestion."))
    if Evaluation.objects.filter(reply=reply).exists():
        return deny(_("You have already rated this answer."), "already_rated")
    if assignment.status != Assignment.Status.REPLIED or reply.round != assignment.round:
        return deny(_("This answer is no longer awaiting your rating."), "state")
    return allow()


# ----- the office (rules 4, 8, 9, 14)

def _review(user, suggestion: Suggestion) -> Verdict:
    if not is_office(user):
        return forbid(_("Only the office can review suggestions."))
    if suggestion.status != Suggestion.Status.SUBMITTED:
        return deny(_("This suggestion has already been reviewed."), "reviewed")
    return allow()


def can_accept(user, suggestion: Suggestion) -> Verdict:
    return _review(user, suggestion)


def can_undo_acceptance(user, suggestion: Suggestion) -> Verdict:
    """Issue 8: the office takes back an acceptance made in error, only while nothing has been built
    on it: no unit has been given any part (even a returned one), it is not merged or under key
    supervision. The suggestion then goes back to review."""
    if not is_office(user):
        return forbid(_("Only the office can review suggestions."))
    # Accepted again after every unit returned it (rule 5), a case still has parts: it was assigned.
    if suggestion.status in Suggestion.OPEN_STATUSES or (
            suggestion.status == Suggestion.Status.ACCEPTED and suggestion.assignments.exists()):
        return deny(_("A suggestion already assigned to units cannot have its acceptance undone."), "assigned")
    if suggestion.status != Suggestion.Status.ACCEPTED:
        return deny(_("Only an accepted suggestion not yet assigned can have its acceptance undone."),
                    "not_accepted")
    if suggestion.merge_group_id is not None:
        return deny(_("A suggestion handled together with others cannot have its acceptance undone; take it out "
                      "of the merge group first."), "merged")
    if KeySupervision.objects.filter(suggestion=suggestion).exists():
        return deny(_("A suggestion under key supervision cannot have its acceptance undone."), "key_supervision")
    return allow()


def can_reject(user, suggestion: Suggestion) -> Verdict:
    return _review(user, suggestion)


def can_mark_reference(user, suggestion: Suggestion) -> Verdict:
    return _review(user, suggestion)


def can_assign(user, suggestion: Suggestion) -> Verdict:
    if not is_office(user):
        return forbid(_("Only the office can assign suggestions."))
    if suggestion.status != Suggestion.Status.ACCEPTED:
        return deny(_("Only an accepted suggestion waiting for assignment can be assigned."), "state")
    if suggestion.assignments.live().exists():
        return deny(_("This suggestion is already assigned; decide its return requests instead."), "assigned")
    return allow()


def can_merge(user, suggestion: Suggestion) -> Verdict:
    """Rule 8: accepted suggestions still open can be merged (each is checked on its own)."""
    if not is_office(user):
        return forbid(_("Only the office can review suggestions."))
    if suggestion.status not in HANDLED_STATUSES:
        return deny(_("Only accepted suggestions that are still open can be merged."), "state")
    return allow()


def can_unmerge(user, suggestion: Suggestion) -> Verdict:
    if not is_office(user):
        return forbid(_("Only the office can review suggestions."))
    if suggestion.merge_group_id is None:
        return deny(_("This suggestion is not merged with others."), "not_merged")
    return allow()


def can_close(user, suggestion: Suggestion) -> Verdict:
    if not is_office(user):
        return forbid(_("Only the office can close a suggestion."))
    if suggestion.status not in HANDLED_STATUSES:
        return deny(_("Only a suggestion that is being handled can be closed."), "state")
    return allow()


def can_supervise(user, suggestion: Suggestion) -> Verdict:
    """Rule 14: staff and leaders put an accepted suggestion still being handled under key supervision."""
    if not may_supervise(user):
        return forbid(_("Only office staff and leaders can select key suggestions."))
    if suggestion.status not in HANDLED_STATUSES:
        return deny(_("Only an accepted suggestion still being handled can be put under key supervision."), "state")
    if KeySupervision.objects.filter(suggestion=suggestion).exists():
        return deny(_("This suggestion is already under key supervision."), "already_key")
    return allow()


def can_record_supervision(user, supervision: KeySupervision) -> Verdict:
    if not may_supervise(user):
        return forbid(_("Only office staff and leaders can record supervision."))
    return allow()


def can_decide_request(user, request: ReassignmentRequest | Extension) -> Verdict:
    """The office decides a unit's return or extension request once."""
    if not is_office(user):
        return forbid(_("Only the office can assign suggestions."))
    if request.decision != request.Decision.PENDING:
        return deny(_("This request has already been decided."), "decided")
    return allow()


# ----- the unit's side (rules 2, 5, 6, 11)

def can_set_responsible_person(user, assignment: Assignment) -> Verdict:
    if not handles(user, assignment):
        return forbid(_("Only the assigned unit can do this."))
    return allow()


def can_record_contact(user, assignment: Assignment) -> Verdict:
    if not handles(user, assignment):
        return forbid(_("Only the assigned unit can do this."))
    if assignment.status not in Assignment.OPEN_STATUSES + (Assignment.Status.REPLIED,):
        return deny(_("This case is no longer being handled by your unit."), "state")
    return allow()


def can_send_opinion(user, assignment: Assignment) -> Verdict:
    """Rule 6: a co-unit sends its written views to the lead unit once."""
    if not handles(user, assignment):
        return forbid(_("Only the assigned unit can do this."))
    if assignment.role != Assignment.Role.CO:
        return deny(_("Only a co-unit sends an opinion to the lead unit; your unit replies to the deputy."), "role")
    if assignment.status != Assignment.Status.ASSIGNED:
        return deny(_("Your unit's opinion has already been sent."), "state")
    return allow()


def can_reply(user, assignment: Assignment) -> Verdict:
    """Rule 11: the lead unit, or each unit handling separately, answers an open part, after
    contacting the deputy where the office requires it."""
    if not handles(user, assignment):
        return forbid(_("Only the assigned unit can do this."))
    if not assignment.answers:
        return deny(_("A co-unit sends its opinion to the lead unit; only the lead unit replies."), "role")
    if assignment.status not in Assignment.OPEN_STATUSES:
        return deny(_("This case has already been answered."), "state")
    if settings.SUGGESTIONS_CONTACT_BEFORE_REPLY and not assignment.contacts.exists():
        return deny(_("Record your contact with the deputy before replying."), "contact_required")
    return allow()


def can_request_reassignment(user, assignment: Assignment, today: date | None = None) -> Verdict:
    """Rule 5: an unanswered first-round part, within N working days of 交办, one request at a time."""
    today = today or timezone.localdate()
    if not handles(user, assignment):
        return forbid(_("Only the assigned unit can ask to return this case."))
    if assignment.status != Assignment.Status.ASSIGNED or assignment.round != 1:
        return deny(_("Only a case not yet answered can be returned."), "state")
    deadline = return_window_ends(assignment.assigned_on)
    if today > deadline:
        return deny(_("The return period ended on %(date)s; the assignment stands.")
                    % {"date": date_format(deadline, "DATE_FORMAT")}, "window_closed")
    if assignment.reassignment_requests.pending().exists():
        return deny(_("A return request for this case is already waiting for the office."), "pending")
    return allow()


def can_request_extension(user, assignment: Assignment) -> Verdict:
    """Rule 2: an answering part not yet answered in its first round, one request at a time."""
    if not handles(user, assignment):
        return forbid(_("Only the assigned unit can ask for an extension."))
    if not assignment.answers or assignment.status != Assignment.Status.ASSIGNED or assignment.round != 1:
        return deny(_("Only an unanswered first-round case can be extended."), "state")
    if assignment.extensions.pending().exists():
        return deny(_("An extension request for this case is already waiting for the office."), "pending")
    return allow()


def can_resolve_commitment(user, commitment: Commitment) -> Verdict:
    """Rule 11: the unit that promised it, or the office, ends an open commitment."""
    if not (handles(user, commitment.reply.assignment) or is_office(user)):
        return forbid(_("Only the unit that promised it, or the office, can close a commitment."))
    if commitment.status != Commitment.Status.OPEN:
        return deny(_("This commitment has already been closed."), "state")
    return allow()
