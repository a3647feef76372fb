"""The daily reminder sweep of the suggestions app (domain.md rule 13).

`create_reminders()` writes the `Reminder` rows that fall due today; `congress.notifications.
deliver_due_reminders` turns them into notifications (SMS waits for the end of quiet hours).
It is set-based: one `INSERT … SELECT … ON CONFLICT DO NOTHING` per kind of deadline, so it costs
the same few queries for ten suggestions or a hundred thousand, and the unique key of `Reminder`
(object, kind, date, recipient) makes a second run, a retry or a second beat create nothing.

The windows: with thresholds [30, 7, 1] a deadline D is reminded once in each window — on D-30
while 8–30 days are left, on D-7 while 2–7 are left, on D-1 on the last day and on D itself.
The reminder's date is the window's day, not today, so a sweep that missed a day catches up with
one reminder instead of sending two. A window that opens on or before the day the work was given
(a co-unit has a month; the assignment notice already says so) is skipped. Once overdue, one
reminder on the day it becomes overdue and every SUGGESTIONS_OVERDUE_REMINDER_EVERY_DAYS days after.

Withdrawn, closed and other finished suggestions and returned or cancelled parts never qualify, so
their reminders stop (rule 10); `withdraw_suggestion` also cancels the ones still pending.
"""

import json
from datetime import date, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from congress import roles
from congress.models import Reminder
from suggestions import links
from suggestions.models import Assignment, Commitment, Suggestion

# Overdue dates older than this are shown as ISO dates: the labels are computed in Python, for a
# bounded range of days, so that the office's DATE_FORMAT and language apply.
LABELLED_PAST_DAYS = 3 * 366

# Arguments every message template may use, in the order given to PostgreSQL's format().
ARGUMENTS = ("number", "title", "date", "unit", "commitment")

UNIT_CHANNELS = ["email", "sms"]
DEPUTY_CHANNELS = ["email", "sms"]
STAFF_CHANNELS: list[str] = []  # in-app only: the office sees every overdue case on its dashboard

_SQL = """
WITH rule (days, kind) AS (
    SELECT * FROM unnest(%(days)s::int[], %(kinds)s::text[])
), label (day, text) AS (
    SELECT * FROM unnest(%(label_days)s::date[], %(label_texts)s::text[])
), handler AS MATERIALIZED (  -- a few rows, computed once rather than once per reminder
    SELECT u.id, u.unit_id
      FROM congress_user u
      JOIN congress_user_groups ug ON ug.user_id = u.id
      JOIN auth_group g ON g.id = ug.group_id
     WHERE g.name = %(handler_role)s AND u.is_active AND u.unit_id IS NOT NULL
), staff AS MATERIALIZED (
    SELECT u.id
      FROM congress_user u
      JOIN congress_user_groups ug ON ug.user_id = u.id
      JOIN auth_group g ON g.id = ug.group_id
     WHERE g.name = %(staff_role)s AND u.is_active
), item AS (
    {source}
), due AS (
    SELECT i.*, r.kind, i.due_on - r.days AS remind_on, false AS overdue
      FROM item i
     CROSS JOIN LATERAL (SELECT * FROM rule WHERE rule.days >= i.due_on - %(today)s ORDER BY rule.days LIMIT 1) r
     WHERE i.due_on >= %(today)s AND i.due_on - r.days > i.since
     UNION ALL
    SELECT i.*, %(overdue_kind)s, i.due_on + 1 + (%(today)s - i.due_on - 1) / %(every)s * %(every)s, true
      FROM item i
     WHERE %(overdue_kind)s <> '' AND i.due_on < %(today)s
), message AS (
    SELECT d.object_id, d.assignment_id, d.suggestion_id, d.unit_id, d.deputy_id, d.kind, d.remind_on, d.overdue,
           format(CASE WHEN d.overdue THEN %(overdue_title)s ELSE %(title)s END, {arguments}) AS title,
           format(CASE WHEN d.overdue THEN %(overdue_body)s ELSE %(body)s END, {arguments}) AS body
      FROM due d
      LEFT JOIN label l ON l.day = d.due_on
)
INSERT INTO congress_reminder
       (content_type_id, object_id, kind, due_on, recipient_id, title, body, url, channels, state, created_at)
SELECT %(content_type)s, m.object_id, m.kind, m.remind_on, r.recipient_id, left(m.title, 200), m.body, r.url,
       r.channels, %(state)s, %(now)s
  FROM message m
 CROSS JOIN LATERAL ({recipients}) r
    ON CONFLICT DO NOTHING
"""
# A source may add a `date_note` column (h/calendar: "provisional" and why); sources without one are unchanged.
_ARGUMENTS = ("d.number, d.title, coalesce(l.text, to_char(d.due_on, 'YYYY-MM-DD'))"
              " || coalesce(to_jsonb(d)->>'date_note', ''), d.unit_name, d.detail")

# Who hears about a part: its unit's handlers, and the office too once it is overdue.
_TO_UNIT = """
    SELECT h.id AS recipient_id, format(%(unit_url)s, m.assignment_id) AS url, %(unit_channels)s::jsonb AS channels
      FROM handler h WHERE h.unit_id = m.unit_id
     UNION ALL
    SELECT s.id, format(%(staff_url)s, m.suggestion_id), %(staff_channels)s::jsonb
      FROM staff s WHERE m.overdue AND %(staff_when_overdue)s
"""
_TO_DEPUTY = """
    SELECT u.id AS recipient_id, format(%(deputy_url)s, m.suggestion_id) AS url,
           %(deputy_channels)s::jsonb AS channels
      FROM deputies_deputy dp JOIN congress_user u ON u.id = dp.user_id AND u.is_active
     WHERE dp.id = m.deputy_id
"""

# The items of each sweep: object_id (the reminder's target), assignment_id, suggestion_id,
# unit_id, deputy_id, due_on, since (no reminder on or before it), and the texts' arguments.
REPLY_SOURCE = """
    SELECT a.id AS object_id, a.id AS assignment_id, s.id AS suggestion_id, a.unit_id, s.lead_deputy_id AS deputy_id,
           a.due_on, a.assigned_on AS since, s.number, s.title, un.name AS unit_name, '' AS detail,
           CASE WHEN a.due_is_provisional THEN format(%(provisional_note)s, extract(year FROM a.due_on))
           END AS date_note
      FROM suggestions_assignment a
      JOIN suggestions_suggestion s ON s.id = a.suggestion_id
      JOIN congress_unit un ON un.id = a.unit_id
     WHERE a.role IN ('lead', 'separate') AND a.status IN ('assigned', 'rehandling')
       AND s.status = ANY(%(open_statuses)s) AND a.due_on <= %(horizon)s
"""
OPINION_SOURCE = """
    SELECT a.id AS object_id, a.id AS assignment_id, s.id AS suggestion_id, a.unit_id, s.lead_deputy_id AS deputy_id,
           a.due_on, a.assigned_on AS since, s.number, s.title, un.name AS unit_name, '' AS detail,
           CASE WHEN a.due_is_provisional THEN format(%(provisional_note)s, extract(year FROM a.due_on))
           END AS date_note
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
    SELECT a.id AS object_id, a.id AS assignment_id, s.id AS suggestion_id, a.unit_id, s.lead_deputy_id AS deputy_id,
           a.rating_due_on AS due_on, coalesce(a.first_replied_on, '-infinity'::date) AS since,
           s.number, s.title, un.name AS unit_name, '' AS detail,
           CASE WHEN a.rating_due_is_provisional THEN format(%(provisional_note)s, extract(year FROM a.rating_due_on))
           END AS date_note
      FROM suggestions_assignment a
      JOIN suggestions_suggestion s ON s.id = a.suggestion_id
      JOIN congress_unit un ON un.id = a.unit_id
     WHERE a.role IN ('lead', 'separate') AND a.status = 'replied' AND a.rating_due_on IS NOT NULL
       AND s.status = ANY(%(open_statuses)s) AND a.rating_due_on <= %(horizon)s
"""
COMMITMENT_SOURCE = """
    SELECT c.id AS object_id, a.id AS assignment_id, s.id AS suggestion_id, a.unit_id, s.lead_deputy_id AS deputy_id,
           c.due_on, coalesce(a.first_replied_on, '-infinity'::date) AS since,
           s.number, s.title, un.name AS unit_name, left(c.description, 100) AS detail
      FROM suggestions_commitment c
      JOIN suggestions_reply rp ON rp.id = c.reply_id
      JOIN suggestions_assignment a ON a.id = rp.assignment_id
      JOIN suggestions_suggestion s ON s.id = a.suggestion_id
      JOIN congress_unit un ON un.id = a.unit_id
     WHERE c.status = 'open' AND a.status NOT IN ('returned', 'cancelled')
       AND s.status = ANY(%(open_statuses)s) AND c.due_on <= %(horizon)s
"""


# ----------------------------------------------------------------- rule 4: assign in time (h/calendar)
# A between-session suggestion must be assigned (交办) within SUGGESTIONS_ASSIGN_WORKING_DAYS working
# days of receipt; office staff are reminded before `Suggestion.assign_by` passes and once it has.
# Self-contained (source, recipients, texts, thresholds) so it ports to the congress reminder engine.
ASSIGN_SOURCE = """
    SELECT s.id AS object_id, NULL::bigint AS assignment_id, s.id AS suggestion_id, NULL::bigint AS unit_id,
           s.lead_deputy_id AS deputy_id, s.assign_by AS due_on, (s.submitted_at AT TIME ZONE %(tz)s)::date AS since,
           s.number, s.title, '' AS unit_name, '' AS detail,
           CASE WHEN s.assign_by_is_provisional THEN format(%(provisional_note)s, extract(year FROM s.assign_by))
           END AS date_note
      FROM suggestions_suggestion s
     WHERE s.meeting_id IS NULL AND s.assign_by IS NOT NULL AND s.status IN ('submitted', 'accepted')
       AND s.assign_by <= %(horizon)s
"""
_TO_STAFF = """
    SELECT s.id AS recipient_id, format(%(staff_url)s, m.suggestion_id) AS url, %(staff_channels)s::jsonb AS channels
      FROM staff s
"""


def assign_texts() -> tuple[str, str, str, str]:
    with translation.override(settings.LANGUAGE_CODE):
        texts = (
            _("Suggestion “%(title)s” must be assigned by %(date)s"),
            _("A suggestion made between sessions is assigned within the legal number of working days of "
              "receipt (rule 4): assign “%(title)s” by %(date)s."),
            _("Suggestion “%(title)s” was due to be assigned by %(date)s"),
            _("“%(title)s” has not been assigned; rule 4 required it by %(date)s."),
        )
    return tuple(sql_template(t) for t in texts)


def provisional_note() -> str:
    """The words after a date that counts weekdays only (h/calendar), as a PostgreSQL format() string."""
    with translation.override(settings.LANGUAGE_CODE):
        text = _(" (provisional: the holiday calendar of %(year)s is not loaded yet)")
    return text.replace("%", "%%").replace("%%(year)s", "%1$s")


def create_assign_reminders(cursor, params) -> int:
    """e) office staff before a between-session suggestion's assign-by date, and once it has passed."""
    return _sweep(cursor, source=ASSIGN_SOURCE, recipients=_TO_STAFF, prefix="suggestions.assign",
                  thresholds=settings.SUGGESTIONS_ASSIGN_REMINDER_DAYS, overdue=True, texts=assign_texts(),
                  params={**params, "content_type": ContentType.objects.get_for_model(Suggestion).pk,
                          "tz": settings.TIME_ZONE})
# ----------------------------------------------------------------- end of rule 4 block


def sql_template(template: str) -> str:
    """Turn a translated "%(name)s" template into a PostgreSQL format() string with positional
    arguments (ARGUMENTS), escaping any other percent sign of the translation."""
    marks = {name: f"\x01{position}\x02" for position, name in enumerate(ARGUMENTS, start=1)}
    text = (template % marks).replace("%", "%%")
    for position in range(1, len(ARGUMENTS) + 1):
        text = text.replace(f"\x01{position}\x02", f"%{position}$s")
    return text


def messages() -> dict[str, tuple[str, str, str, str]]:
    """(title, body, overdue title, overdue body) of each sweep, in the office's language."""
    with translation.override(settings.LANGUAGE_CODE):
        texts = {
            "reply": (
                _("Suggestion %(number)s: the reply is due on %(date)s"),
                _("“%(title)s” (%(unit)s) must be answered by %(date)s."),
                _("Suggestion %(number)s: the reply is overdue"),
                _("“%(title)s” (%(unit)s) has not been answered; the reply was due on %(date)s."),
            ),
            "opinion": (
                _("Suggestion %(number)s: your opinion to the lead unit is due on %(date)s"),
                _("Send your unit's written opinion on “%(title)s” to the lead unit by %(date)s."),
                "", "",
            ),
            "rating": (
                _("Please rate the answer to your suggestion %(number)s by %(date)s"),
                _("%(unit)s answered “%(title)s”. Your rating is due by %(date)s."),
                _("Your rating of the answer to suggestion %(number)s is overdue"),
                _("%(unit)s answered “%(title)s”. The rating was due on %(date)s: please rate it now."),
            ),
            "commitment": (
                _("Suggestion %(number)s: a commitment falls due on %(date)s"),
                _("Your unit promised “%(commitment)s” by %(date)s. Record when it is fulfilled, or explain "
                  "why it cannot be."),
                _("Suggestion %(number)s: a commitment is overdue"),
                _("Your unit promised “%(commitment)s” by %(date)s. Record its fulfilment, or explain why "
                  "it cannot be."),
            ),
        }
    return {name: tuple(sql_template(t) if t else "" for t in four) for name, four in texts.items()}


def date_labels(today: date, ahead: int) -> tuple[list[date], list[str]]:
    """Every day from LABELLED_PAST_DAYS ago to `ahead` days on, written in the office's DATE_FORMAT."""
    days = [today + timedelta(days=offset) for offset in range(-LABELLED_PAST_DAYS, ahead + 1)]
    with translation.override(settings.LANGUAGE_CODE):
        return days, [date_format(day, "DATE_FORMAT") for day in days]


def _sweep(cursor, *, source: str, recipients: str, prefix: str, thresholds, overdue: bool, texts, params) -> int:
    thresholds = sorted({int(days) for days in thresholds if int(days) >= 0})
    title, body, overdue_title, overdue_body = texts
    sql = _SQL.format(source=source, recipients=recipients, arguments=_ARGUMENTS)
    cursor.execute(sql, {
        **params,
        "days": thresholds,
        "kinds": [f"{prefix}_due_{days}" for days in thresholds],
        "horizon": params["today"] + timedelta(days=max(thresholds, default=0)),
        "overdue_kind": f"{prefix}_overdue" if overdue else "",
        "title": title, "body": body, "overdue_title": overdue_title, "overdue_body": overdue_body,
    })
    return cursor.rowcount


def create_reminders(today: date | None = None) -> int:
    """Create today's reminders about suggestions; returns how many were new (0 on a second run).

    a) unit handlers before an answering part's reply deadline, and while it is overdue (the office too);
    b) co-units before their opinion to the lead unit is due, while the lead unit has not answered;
    c) the lead deputy while a rating is awaited (rule 12), and while it is overdue;
    d) unit handlers before an open commitment's date, and while it is overdue (rule 11).
    """
    today = today or timezone.localdate()
    every = max(1, settings.SUGGESTIONS_OVERDUE_REMINDER_EVERY_DAYS)
    reply_days = settings.SUGGESTIONS_REPLY_REMINDER_DAYS
    rating_days = settings.SUGGESTIONS_RATING_REMINDER_DAYS
    commitment_days = settings.SUGGESTIONS_COMMITMENT_REMINDER_DAYS
    ahead = max([0, *reply_days, *rating_days, *commitment_days])
    label_days, label_texts = date_labels(today, ahead)
    types = ContentType.objects.get_for_models(Assignment, Commitment)  # cached after the first run
    texts = messages()
    params = {
        "today": today, "every": every, "now": timezone.now(), "state": str(Reminder.State.PENDING),
        "open_statuses": [str(status) for status in Suggestion.OPEN_STATUSES],
        "label_days": label_days, "label_texts": label_texts,
        "handler_role": roles.UNIT_HANDLER, "staff_role": roles.STAFF,
        "unit_url": links.unit_url("%s"), "staff_url": links.staff_url("%s"), "deputy_url": links.deputy_url("%s"),
        "unit_channels": json.dumps(UNIT_CHANNELS), "deputy_channels": json.dumps(DEPUTY_CHANNELS),
        "staff_channels": json.dumps(STAFF_CHANNELS), "staff_when_overdue": False,
        "content_type": types[Assignment].pk,
        "provisional_note": provisional_note(),
    }
    prefix = "suggestions"
    created = 0
    with transaction.atomic(), connection.cursor() as cursor:
        created += _sweep(cursor, source=REPLY_SOURCE, recipients=_TO_UNIT, prefix=f"{prefix}.reply",
                          thresholds=reply_days, overdue=True, texts=texts["reply"],
                          params={**params, "staff_when_overdue": True})
        created += _sweep(cursor, source=OPINION_SOURCE, recipients=_TO_UNIT, prefix=f"{prefix}.opinion",
                          thresholds=reply_days, overdue=False, texts=texts["opinion"], params=params)
        created += _sweep(cursor, source=RATING_SOURCE, recipients=_TO_DEPUTY, prefix=f"{prefix}.rating",
                          thresholds=rating_days, overdue=True, texts=texts["rating"], params=params)
        created += _sweep(cursor, source=COMMITMENT_SOURCE, recipients=_TO_UNIT, prefix=f"{prefix}.commitment",
                          thresholds=commitment_days, overdue=True, texts=texts["commitment"],
                          params={**params, "content_type": types[Commitment].pk})
        created += create_assign_reminders(cursor, params)
    return created
