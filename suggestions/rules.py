"""Pure predicates and date maths for suggestions: who may do what, and when things fall due.

No writes here. Services call these inside their transaction; views may call them to decide
which buttons to show. Every number is a setting (SUGGESTIONS_*) read at call time.
"""

from datetime import date

from django.conf import settings

from congress.calendar import WorkCalendar, add_months
from suggestions.models import Assignment, Suggestion

# --------------------------------------------------------------------------- deadlines


def _due(work_calendar: WorkCalendar, day: date) -> date:
    if settings.SUGGESTIONS_DUE_ON_WORKING_DAY:
        return work_calendar.next_working_day(day)
    return day


def reply_due_on(assigned_on: date, work_calendar: WorkCalendar | None = None) -> date:
    """Rule 1: the answer is due SUGGESTIONS_REPLY_MONTHS after 交办."""
    return _due(work_calendar or WorkCalendar(), add_months(assigned_on, settings.SUGGESTIONS_REPLY_MONTHS))


def latest_due_on(assigned_on: date) -> date:
    """Rule 2: no deadline, extensions included, may pass SUGGESTIONS_MAX_MONTHS after 交办."""
    return add_months(assigned_on, settings.SUGGESTIONS_MAX_MONTHS)


def rehandle_due_on(reopened_on: date, work_calendar: WorkCalendar | None = None) -> date:
    """Rule 3: a re-handled case is answered again within SUGGESTIONS_REHANDLE_MONTHS."""
    return _due(work_calendar or WorkCalendar(), add_months(reopened_on, settings.SUGGESTIONS_REHANDLE_MONTHS))


def assign_by(received_on: date, work_calendar: WorkCalendar | None = None) -> date:
    """Rule 4: a suggestion made between sessions is assigned within N working days of receipt."""
    return (work_calendar or WorkCalendar()).add_working_days(received_on, settings.SUGGESTIONS_ASSIGN_WORKING_DAYS)


def return_window_ends(assigned_on: date, work_calendar: WorkCalendar | None = None) -> date:
    """Rule 5: a unit may ask to return a case only within N working days of receiving it."""
    return (work_calendar or WorkCalendar()).add_working_days(assigned_on, settings.SUGGESTIONS_RETURN_WORKING_DAYS)


def co_unit_opinion_due_on(assigned_on: date) -> date:
    """Rule 6: each co-unit sends its written views to the lead unit within a month of 交办."""
    return add_months(assigned_on, settings.SUGGESTIONS_CO_UNIT_OPINION_MONTHS)


def rating_due_on(replied_on: date, work_calendar: WorkCalendar | None = None) -> date:
    """Rule 12: the lead deputy's 回执 is due N working days after the answer is delivered."""
    return (work_calendar or WorkCalendar()).add_working_days(replied_on, settings.SUGGESTIONS_RATING_WORKING_DAYS)


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
