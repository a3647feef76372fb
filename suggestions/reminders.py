"""The suggestions app's deadlines and their reminders (domain.md rule 13), declared for
`congress.reminders`, which sweeps them daily, sends each once, holds SMS in quiet hours and
cancels at delivery the reminders of work that has stopped.

a) unit handlers before an answering part's reply deadline, and while it is overdue (the office too);
b) co-units before their opinion to the lead unit is due, while the lead unit has not answered;
c) the lead deputy while a rating is awaited (rule 12), and while it is overdue;
d) unit handlers before an open commitment's date, and while it is overdue (rule 11);
e) office staff before a between-session suggestion's assign-by date, and once it has passed (rule 4).

A date that counts weekdays only, because its year's holidays are not loaded, says so in the
reminder (the sources' `due_is_provisional` column, see congress.reminders).

Withdrawn, closed and other finished suggestions and returned or cancelled parts are not in the
sources, so no new reminder is made for them and pending ones are cancelled when due (rule 10).
"""

from datetime import date

from django.conf import settings
from django.utils.translation import gettext_noop

from congress import reminders
from congress.reminders import STAFF, UNIT_HANDLERS, USER, ReminderRule, To
from suggestions import links
from suggestions.models import Assignment, Commitment, Suggestion

UNIT_CHANNELS = ("email", "sms")
DEPUTY_CHANNELS = ("email", "sms")
STAFF_CHANNELS: tuple[str, ...] = ()  # in-app only: the office sees every overdue case on its dashboard
ARGUMENTS = ("number", "title", "unit", "commitment")


def _params() -> dict:
    return {"open_statuses": [str(status) for status in Suggestion.OPEN_STATUSES]}


TO_UNIT = To(UNIT_HANDLERS, url=links.unit_url("%s"), url_id="assignment_id", channels=UNIT_CHANNELS)
TO_OFFICE_WHEN_OVERDUE = To(STAFF, url=links.staff_url("%s"), url_id="suggestion_id", channels=STAFF_CHANNELS,
                            when="overdue")
TO_DEPUTY = To(USER, url=links.deputy_url("%s"), url_id="suggestion_id", channels=DEPUTY_CHANNELS)

# The items of each rule: object_id (the reminder's target), assignment_id and suggestion_id (for the
# links), unit_id (its handlers), user_id (the lead deputy's account), due_on, since (no window on
# or before it), and the texts' arguments. An item stays live while its source still selects it.
REPLY_SOURCE = """
    SELECT a.id AS object_id, a.id AS assignment_id, s.id AS suggestion_id, a.unit_id,
           a.due_on, a.due_is_provisional, a.assigned_on AS since, s.number, s.title, un.name AS unit,
           '' AS commitment
      FROM suggestions_assignment a
      JOIN suggestions_suggestion s ON s.id = a.suggestion_id
      JOIN congress_unit un ON un.id = a.unit_id
     WHERE a.role IN ('lead', 'separate') AND a.status IN ('assigned', 'rehandling')
       AND s.status = ANY(%(open_statuses)s) AND a.due_on <= %(horizon)s
"""
OPINION_SOURCE = """
    SELECT a.id AS object_id, a.id AS assignment_id, s.id AS suggestion_id, a.unit_id,
           a.due_on, a.due_is_provisional, a.assigned_on AS since, s.number, s.title, un.name AS unit,
           '' AS commitment
      FROM suggestions_assignment a
      JOIN suggestions_suggestion s ON s.id = a.suggestion_id
      JOIN congress_unit un ON un.id = a.unit_id
     WHERE a.role = 'co' AND a.status = 'assigned' AND s.status = ANY(%(open_statuses)s)
       AND a.due_on BETWEEN %(today)s AND %(horizon)s
       AND EXISTS (SELECT 1 FROM suggestions_assignment lead
                    WHERE lead.suggestion_id = a.suggestion_id AND lead.role = 'lead'
                      AND lead.status IN ('assigned', 'rehandling'))
"""
RATING_SOURCE = """
    SELECT a.id AS object_id, a.id AS assignment_id, s.id AS suggestion_id, a.unit_id, dp.user_id,
           a.rating_due_on AS due_on, a.rating_due_is_provisional AS due_is_provisional,
           coalesce(a.first_replied_on, '-infinity'::date) AS since, s.number, s.title, un.name AS unit,
           '' AS commitment
      FROM suggestions_assignment a
      JOIN suggestions_suggestion s ON s.id = a.suggestion_id
      JOIN congress_unit un ON un.id = a.unit_id
      LEFT JOIN deputies_deputy dp ON dp.id = s.lead_deputy_id
     WHERE a.role IN ('lead', 'separate') AND a.status = 'replied' AND a.rating_due_on IS NOT NULL
       AND s.status = ANY(%(open_statuses)s) AND a.rating_due_on <= %(horizon)s
"""
COMMITMENT_SOURCE = """
    SELECT c.id AS object_id, a.id AS assignment_id, s.id AS suggestion_id, a.unit_id,
           c.due_on, coalesce(a.first_replied_on, '-infinity'::date) AS since,
           s.number, s.title, un.name AS unit, left(c.description, 100) AS commitment
      FROM suggestions_commitment c
      JOIN suggestions_reply rp ON rp.id = c.reply_id
      JOIN suggestions_assignment a ON a.id = rp.assignment_id
      JOIN suggestions_suggestion s ON s.id = a.suggestion_id
      JOIN congress_unit un ON un.id = a.unit_id
     WHERE c.status = 'open' AND a.status NOT IN ('returned', 'cancelled')
       AND s.status = ANY(%(open_statuses)s) AND c.due_on <= %(horizon)s
"""



REPLY = ReminderRule(
    kind="suggestions.reply", model=Assignment, source_sql=REPLY_SOURCE, recipients=(TO_UNIT, TO_OFFICE_WHEN_OVERDUE),
    thresholds="SUGGESTIONS_REPLY_REMINDER_DAYS", overdue="SUGGESTIONS_OVERDUE_REMINDER_EVERY_DAYS",
    arguments=ARGUMENTS, params=_params, texts=(
        gettext_noop("Suggestion %(number)s: the reply is due on %(date)s"),
        gettext_noop("“%(title)s” (%(unit)s) must be answered by %(date)s."),
        gettext_noop("Suggestion %(number)s: the reply is overdue"),
        gettext_noop("“%(title)s” (%(unit)s) has not been answered; the reply was due on %(date)s."),
    ))
OPINION = ReminderRule(
    kind="suggestions.opinion", model=Assignment, source_sql=OPINION_SOURCE, recipients=(TO_UNIT,),
    thresholds="SUGGESTIONS_REPLY_REMINDER_DAYS", arguments=ARGUMENTS, params=_params, texts=(
        gettext_noop("Suggestion %(number)s: your opinion to the lead unit is due on %(date)s"),
        gettext_noop("Send your unit's written opinion on “%(title)s” to the lead unit by %(date)s."),
        "", "",
    ))
RATING = ReminderRule(
    kind="suggestions.rating", model=Assignment, source_sql=RATING_SOURCE, recipients=(TO_DEPUTY,),
    thresholds="SUGGESTIONS_RATING_REMINDER_DAYS", overdue="SUGGESTIONS_OVERDUE_REMINDER_EVERY_DAYS",
    arguments=ARGUMENTS, params=_params, texts=(
        gettext_noop("Please rate the answer to your suggestion %(number)s by %(date)s"),
        gettext_noop("%(unit)s answered “%(title)s”. Your rating is due by %(date)s."),
        gettext_noop("Your rating of the answer to suggestion %(number)s is overdue"),
        gettext_noop("%(unit)s answered “%(title)s”. The rating was due on %(date)s: please rate it now."),
    ))
COMMITMENT = ReminderRule(
    kind="suggestions.commitment", model=Commitment, source_sql=COMMITMENT_SOURCE, recipients=(TO_UNIT,),
    thresholds="SUGGESTIONS_COMMITMENT_REMINDER_DAYS", overdue="SUGGESTIONS_OVERDUE_REMINDER_EVERY_DAYS",
    arguments=ARGUMENTS, params=_params, texts=(
        gettext_noop("Suggestion %(number)s: a commitment falls due on %(date)s"),
        gettext_noop("Your unit promised “%(commitment)s” by %(date)s. Record when it is fulfilled, or explain "
                     "why it cannot be."),
        gettext_noop("Suggestion %(number)s: a commitment is overdue"),
        gettext_noop("Your unit promised “%(commitment)s” by %(date)s. Record its fulfilment, or explain why "
                     "it cannot be."),
    ))
# Rule 4: a suggestion made between sessions is assigned within N working days of receipt; the office
# hears before its assign-by date and once it has passed.
ASSIGN_SOURCE = """
    SELECT s.id AS object_id, s.id AS suggestion_id, s.assign_by AS due_on,
           s.assign_by_is_provisional AS due_is_provisional,
           (s.submitted_at AT TIME ZONE %(tz)s)::date AS since, s.number, s.title, '' AS unit, '' AS commitment
      FROM suggestions_suggestion s
     WHERE s.meeting_id IS NULL AND s.assign_by IS NOT NULL AND s.status IN ('submitted', 'accepted')
       AND s.assign_by <= %(horizon)s
"""
TO_OFFICE = To(STAFF, url=links.staff_url("%s"), url_id="suggestion_id", channels=STAFF_CHANNELS)
ASSIGN = ReminderRule(
    kind="suggestions.assign", model=Suggestion, source_sql=ASSIGN_SOURCE, recipients=(TO_OFFICE,),
    thresholds="SUGGESTIONS_ASSIGN_REMINDER_DAYS", overdue="SUGGESTIONS_OVERDUE_REMINDER_EVERY_DAYS",
    arguments=ARGUMENTS, params=lambda: {"tz": settings.TIME_ZONE}, texts=(
        gettext_noop("Suggestion “%(title)s” must be assigned by %(date)s"),
        gettext_noop("A suggestion made between sessions is assigned within the legal number of working days of "
                     "receipt (rule 4): assign “%(title)s” by %(date)s."),
        gettext_noop("Suggestion “%(title)s” was due to be assigned by %(date)s"),
        gettext_noop("“%(title)s” has not been assigned; rule 4 required it by %(date)s."),
    ))
RULES = [REPLY, OPINION, RATING, COMMITMENT, ASSIGN]
reminders.register(*RULES)


def create_reminders(today: date | None = None) -> int:
    """Create today's reminders about suggestions (the four rules above, in one transaction);
    returns how many were new (0 on a second run)."""
    return reminders.sweep(today, rules=RULES)


