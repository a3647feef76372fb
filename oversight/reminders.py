"""Oversight deadlines for `congress.reminders` (rules 13, 17, 19): the daily sweep reminds at
T-30/7/1 and on the overdue day (then every OVERSIGHT_OVERDUE_REMINDER_EVERY_DAYS).

a) unit handlers before a finding's handling report is due, while it is neither reported nor
   closed, and the office once it is overdue;
b) the making unit's handlers before a normative document's filing is due, while it is not received;
c) the office before a received document's review is due, while it is under review.
"""

from datetime import date

from django.utils.translation import gettext_noop

from congress import reminders
from congress.reminders import STAFF, UNIT_HANDLERS, ReminderRule, To
from oversight.models import Finding, NormativeDocument

FINDING_SOURCE = """
    SELECT f.id AS object_id, f.unit_id, f.due_on, o.issued_on AS since, t.title, un.name AS unit
      FROM oversight_finding f
      JOIN oversight_deliberationopinion o ON o.id = f.opinion_id
      JOIN oversight_topic t ON t.id = o.topic_id
      JOIN congress_unit un ON un.id = f.unit_id
     WHERE f.state = 'open' AND t.stage <> 'closed' AND f.due_on <= %(horizon)s
"""
FILING_SOURCE = """
    SELECT d.id AS object_id, d.maker_id AS unit_id, d.filing_due_on AS due_on, d.published_on AS since,
           d.title, un.name AS unit
      FROM oversight_normativedocument d JOIN congress_unit un ON un.id = d.maker_id
     WHERE d.received_on IS NULL AND d.filing_due_on <= %(horizon)s
"""
REVIEW_SOURCE = """
    SELECT d.id AS object_id, d.maker_id AS unit_id, d.review_due_on AS due_on, d.received_on AS since,
           d.title, un.name AS unit
      FROM oversight_normativedocument d JOIN congress_unit un ON un.id = d.maker_id
     WHERE d.received_on IS NOT NULL AND d.outcome = 'pending' AND d.review_due_on <= %(horizon)s
"""
ARGUMENTS = ("title", "unit")

FINDING = ReminderRule(
    kind="oversight.finding", model=Finding, source_sql=FINDING_SOURCE,
    recipients=(To(UNIT_HANDLERS, url="/portal/oversight/findings/%s/"),
                To(STAFF, url="/staff/oversight/findings/%s/", channels=(), when="overdue")),
    thresholds="OVERSIGHT_REMINDER_DAYS", overdue="OVERSIGHT_OVERDUE_REMINDER_EVERY_DAYS", arguments=ARGUMENTS,
    texts=(
        gettext_noop("Oversight: a handling report is due on %(date)s"),
        gettext_noop("Report on the finding of “%(title)s” (%(unit)s) by %(date)s."),
        gettext_noop("Oversight: a handling report is overdue"),
        gettext_noop("The report on the finding of “%(title)s” (%(unit)s) was due on %(date)s."),
    ))
FILING = ReminderRule(
    kind="oversight.filing", model=NormativeDocument, source_sql=FILING_SOURCE,
    recipients=(To(UNIT_HANDLERS, channels=("email",)),),
    thresholds="OVERSIGHT_REMINDER_DAYS", overdue="OVERSIGHT_OVERDUE_REMINDER_EVERY_DAYS", arguments=ARGUMENTS,
    texts=(
        gettext_noop("Filing review: “%(title)s” must be filed by %(date)s"),
        gettext_noop("File the normative document “%(title)s” with the standing committee by %(date)s."),
        gettext_noop("Filing review: “%(title)s” is filed late"),
        gettext_noop("“%(title)s” was due to be filed on %(date)s."),
    ))
REVIEW = ReminderRule(
    kind="oversight.review", model=NormativeDocument, source_sql=REVIEW_SOURCE,
    recipients=(To(STAFF, url="/staff/oversight/documents/", channels=()),),
    thresholds="OVERSIGHT_REMINDER_DAYS", overdue="OVERSIGHT_OVERDUE_REMINDER_EVERY_DAYS", arguments=ARGUMENTS,
    texts=(
        gettext_noop("Filing review: the review of “%(title)s” is due on %(date)s"),
        gettext_noop("Finish the review of “%(title)s” (%(unit)s) by %(date)s."),
        gettext_noop("Filing review: the review of “%(title)s” is overdue"),
        gettext_noop("The review of “%(title)s” (%(unit)s) was due on %(date)s."),
    ))
RULES = [FINDING, FILING, REVIEW]
reminders.register(*RULES)


def create_reminders(today: date | None = None) -> int:
    return reminders.sweep(today, rules=RULES)
