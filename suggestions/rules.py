"""Pure predicates and date maths for suggestions: who may do what, and when things fall due.

No writes here. Services call these inside their transaction; views may call them to decide
which buttons to show. Every number is a setting (SUGGESTIONS_*) read at call time.
"""

from datetime import date

from django.conf import settings

from congress.calendar import Deadline, WorkCalendar
from suggestions.models import Assignment, Suggestion

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
