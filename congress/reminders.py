"""Deadlines and their reminders, as a service of the core (domain.md rule 13).

An app declares what is due, for whom and with which text — one `ReminderRule` per kind of
deadline, registered from the app's `reminders.py` module — and gets the rest from here: the daily
`sweep()`, its idempotency, the delivery (`congress.notifications.deliver_due_reminders`, which
holds SMS through quiet hours) and the liveness check that stops reminders when the work stops.

The sweep is set-based: one `INSERT … SELECT … ON CONFLICT DO NOTHING` per rule, so it costs the
same few queries for ten items or a hundred thousand, and the unique key of `Reminder` (object,
kind, date, recipient) makes a second run, a retry or a second beat create nothing.

The windows: with thresholds [30, 7, 1] a deadline D is reminded once in each window — on D-30
while 8–30 days are left, on D-7 while 2–7 are left, on D-1 on the last day and on D itself.
The reminder's date is the window's day, not today, so a sweep that missed a day catches up with
one reminder instead of sending two. A window that opens on or before the item's `since` date
(the day the work was given: the notice already says so) is skipped. Once overdue, one reminder on
the day it becomes overdue and every `overdue` setting's number of days after.

A rule's `source_sql` selects the items that still need the reminder. Liveness comes from the same
declaration: at delivery, a reminder whose target is no longer among the rule's items (a closed
suggestion, an answered part, a fulfilled commitment) is cancelled instead of sent (issue 6 item
10), so no service has to remember to cancel reminders.

Texts are stored twice: `title`/`body` in the office's language (SMS, email, the admin) and
`message`, the msgids with their arguments (congress/texts.py), rendered in the reader's language
in the inbox.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext, gettext_noop

from congress import roles
from congress.models import Reminder

# Who hears about an item.
UNIT_HANDLERS = "unit_handlers"  # the active unit handlers of the item's `unit_id`
STAFF = "staff"  # every active member of the office staff
USER = "user"  # the active user in the item's `user_id` column (a deputy's account, a rapporteur)
DEPUTY = USER  # a deputy is reached through the account the source joins to (`user_id`)

# Overdue dates older than this are shown as ISO dates: the labels are computed in Python, for a
# bounded range of days, so that the office's DATE_FORMAT and language apply.
LABELLED_PAST_DAYS = 3 * 366
_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")


@dataclass(frozen=True)
class To:
    """One group of recipients of a rule's reminders.

    `url` is a "%s" template filled with the item's `url_id` column; `when` is "always",
    "overdue" (only once the deadline has passed) or "due" (only before it).
    """

    who: str
    url: str = ""
    url_id: str = "object_id"
    channels: tuple[str, ...] = ("email", "sms")
    when: str = "always"


@dataclass(frozen=True)
class ReminderRule:
    """What an app declares about one kind of deadline.

    kind: the prefix of the reminders' kinds: "<kind>_due_<days>" before, "<kind>_overdue" after.
    model: the model whose rows the reminders are about (`object_id` of the source).
    source_sql: the items still waiting: columns `object_id`, `due_on`, `since` (no window on or
        before it; '-infinity' for none), `unit_id` / `user_id` as the recipients need, the URL
        ids, and the texts' arguments. It may use %(today)s, %(horizon)s (the last due date worth
        reminding today) and the names `params()` returns.
    recipients: the `To`s. thresholds: the name of the setting listing the days before.
    overdue: the name of the setting giving the days between overdue reminders; None for none.
    texts: (title, body, overdue title, overdue body) as gettext_noop msgids; each may use
        %(date)s (the due date) and the `arguments`, columns of the source of the same name.
    params: extra SQL parameters for the source, computed at each sweep.
    is_live: optional override of the liveness check: SQL returning the live ids among %(ids)s,
        or a callable(ids) → set of live ids. By default an item is live while the source
        (without its date window) still selects it.
    """

    kind: str
    model: type
    source_sql: str
    recipients: tuple[To, ...]
    thresholds: str
    texts: tuple[str, str, str, str]
    overdue: str | None = None
    arguments: tuple[str, ...] = ()
    params: Callable[[], dict] = field(default=dict)
    is_live: str | Callable[[set[int]], set[int]] | None = None

    def __post_init__(self):
        names = [*self.arguments, *(to.url_id for to in self.recipients)]
        bad = [name for name in names if not _IDENTIFIER.match(name)]
        if bad:
            raise ValueError(f"{self.kind}: not column names: {bad}")
        if any(to.who not in {UNIT_HANDLERS, STAFF, USER} for to in self.recipients):
            raise ValueError(f"{self.kind}: unknown recipients")

    def kinds(self, thresholds) -> list[str]:
        return [f"{self.kind}_due_{days}" for days in thresholds]

    @property
    def overdue_kind(self) -> str:
        return f"{self.kind}_overdue"

    def live_ids(self, ids: set[int]) -> set[int]:
        """Which of `ids` still need this rule's reminders: one query, however many ids."""
        if not ids:
            return set()
        if callable(self.is_live):
            return set(self.is_live(set(ids)))
        sql = self.is_live or (
            f"SELECT item.object_id FROM ({self.source_sql}) item WHERE item.object_id = ANY(%(ids)s)")  # noqa: S608
        # No date window: an item is live for as long as it is waiting, whatever its date.
        params = {**self.params(), "today": "-infinity", "horizon": "infinity", "ids": sorted(ids)}
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return {row[0] for row in cursor.fetchall()}


_registry: dict[str, ReminderRule] = {}
_discovered = False


def register(*rules: ReminderRule) -> None:
    """Declare rules (from an app's `reminders.py`); registering a kind again replaces it."""
    for rule in rules:
        _registry[rule.kind] = rule


def unregister(kind: str) -> None:
    _registry.pop(kind, None)


def registered() -> list[ReminderRule]:
    """Every rule of every installed app (their `reminders.py` modules are imported once)."""
    global _discovered
    if not _discovered:
        autodiscover_modules("reminders")
        _discovered = True
    return list(_registry.values())


def rule_for(kind: str) -> ReminderRule | None:
    """The rule a reminder's kind comes from; None for reminders written by hand."""
    registered()
    if kind.endswith("_overdue"):
        return _registry.get(kind.removesuffix("_overdue"))
    prefix, marker, _days = kind.rpartition("_due_")
    return _registry.get(prefix) if marker else None


# --------------------------------------------------------------------------- the sweep

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
    SELECT i.*, r.kind AS reminder_kind, i.due_on - r.days AS remind_on, false AS overdue
      FROM item i
     CROSS JOIN LATERAL (SELECT * FROM rule WHERE rule.days >= i.due_on - %(today)s ORDER BY rule.days LIMIT 1) r
     WHERE i.due_on >= %(today)s AND i.due_on - r.days > i.since
     UNION ALL
    SELECT i.*, %(overdue_kind)s, i.due_on + 1 + (%(today)s - i.due_on - 1) / %(every)s * %(every)s, true
      FROM item i
     WHERE %(overdue_kind)s <> '' AND i.due_on < %(today)s
), m AS (
    SELECT d.*,
           format(CASE WHEN d.overdue THEN %(overdue_title)s ELSE %(title)s END, {arguments}) AS title_text,
           format(CASE WHEN d.overdue THEN %(overdue_body)s ELSE %(body)s END, {arguments}) AS body_text,
           jsonb_build_object(
               'title', jsonb_build_object('msgid', CASE WHEN d.overdue THEN %(overdue_title_id)s ELSE %(title_id)s END,
                                           'params', {params}),
               'body', jsonb_build_object('msgid', CASE WHEN d.overdue THEN %(overdue_body_id)s ELSE %(body_id)s END,
                                          'params', {params})) AS message
      FROM due d
      LEFT JOIN label l ON l.day = d.due_on
)
INSERT INTO congress_reminder
       (content_type_id, object_id, kind, due_on, recipient_id, title, body, url, channels, message, state,
        created_at)
SELECT %(content_type)s, m.object_id, m.reminder_kind, m.remind_on, r.recipient_id, left(m.title_text, 200),
       m.body_text, r.url, r.channels, m.message, %(state)s, %(now)s
  FROM m
 CROSS JOIN LATERAL ({recipients}) r
    ON CONFLICT DO NOTHING
"""

_WHO = {
    UNIT_HANDLERS: "FROM handler h WHERE h.unit_id = m.unit_id",
    STAFF: "FROM staff h WHERE true",
    USER: "FROM congress_user h WHERE h.id = m.user_id AND h.is_active",
}
_WHEN = {"always": "", "overdue": " AND m.overdue", "due": " AND NOT m.overdue"}


def sql_template(template: str, names) -> str:
    """Turn a translated "%(name)s" template into a PostgreSQL format() string with positional
    arguments (in the order of `names`), escaping any other percent sign of the translation."""
    marks = {name: f"\x01{position}\x02" for position, name in enumerate(names, start=1)}
    text = (template % marks).replace("%", "%%")
    for position in range(1, len(names) + 1):
        text = text.replace(f"\x01{position}\x02", f"%{position}$s")
    return text


def date_labels(today: date, ahead: int) -> tuple[list[date], list[str]]:
    """Every day from LABELLED_PAST_DAYS ago to `ahead` days on, written in the office's DATE_FORMAT."""
    days = [today + timedelta(days=offset) for offset in range(-LABELLED_PAST_DAYS, ahead + 1)]
    with translation.override(settings.LANGUAGE_CODE):
        return days, [date_format(day, "DATE_FORMAT") for day in days]


def _thresholds(rule: ReminderRule) -> list[int]:
    return sorted({int(days) for days in getattr(settings, rule.thresholds) if int(days) >= 0})


# A source may select a boolean `due_is_provisional`: the date then counts weekdays only, because
# its year's holidays are not loaded (congress.calendar), and the reminder says so after the date.
PROVISIONAL_NOTE = gettext_noop("%(day)s (provisional: the holiday calendar of %(year)s is not loaded yet)")
_PROVISIONAL = "coalesce((to_jsonb(d)->>'due_is_provisional')::boolean, false)"


def _statement(rule: ReminderRule) -> tuple[str, dict]:
    names = ("date", *rule.arguments)
    label = "coalesce(l.text, to_char(d.due_on, 'YYYY-MM-DD'))"
    date_text = (f"CASE WHEN {_PROVISIONAL} THEN format(%(provisional_note)s, {label}, "
                 f"extract(year FROM d.due_on)::int) ELSE {label} END")
    date_json = (f"CASE WHEN {_PROVISIONAL} THEN jsonb_build_object('text', jsonb_build_object("
                 "'msgid', %(provisional_msgid)s, 'params', jsonb_build_object("
                 "'day', jsonb_build_object('date', d.due_on::text), 'year', extract(year FROM d.due_on)::int)))"
                 " ELSE jsonb_build_object('date', d.due_on::text) END")
    arguments = ", ".join([date_text, *(f"d.{name}" for name in rule.arguments)])
    params_json = "jsonb_build_object('date', {date}{extra})".format(
        date=date_json, extra="".join(f", '{name}', d.{name}" for name in rule.arguments))
    parts, values = [], {}
    for index, to in enumerate(rule.recipients):
        parts.append(f"SELECT h.id AS recipient_id, format(%(url_{index})s, m.{to.url_id}) AS url, "
                     f"%(channels_{index})s::jsonb AS channels {_WHO[to.who]}{_WHEN[to.when]}")
        values[f"url_{index}"] = to.url
        values[f"channels_{index}"] = json.dumps(list(to.channels))
    sql = _SQL.format(source=rule.source_sql, arguments=arguments, params=params_json,
                      recipients="\n UNION ALL\n".join(parts))
    with translation.override(settings.LANGUAGE_CODE):
        rendered = [sql_template(gettext(msgid), names) if msgid else "" for msgid in rule.texts]
        values["provisional_note"] = sql_template(gettext(PROVISIONAL_NOTE), ("day", "year"))
    values["provisional_msgid"] = PROVISIONAL_NOTE
    for key, msgid, text in zip(("title", "body", "overdue_title", "overdue_body"), rule.texts, rendered,
                                strict=True):
        values[key], values[f"{key}_id"] = text, msgid
    return sql, values


def sweep_rule(cursor, rule: ReminderRule, *, today: date, common: dict) -> int:
    """One rule's reminders for `today`: one INSERT, whatever the number of items."""
    thresholds = _thresholds(rule)
    sql, values = _statement(rule)
    every = max(1, int(getattr(settings, rule.overdue))) if rule.overdue else 1
    cursor.execute(sql, {
        **common, **rule.params(), **values,
        "today": today, "every": every,
        "days": thresholds, "kinds": rule.kinds(thresholds),
        "horizon": today + timedelta(days=max(thresholds, default=0)),
        "overdue_kind": rule.overdue_kind if rule.overdue else "",
        "content_type": ContentType.objects.get_for_model(rule.model).pk,  # cached after the first run
    })
    return cursor.rowcount


def sweep(today: date | None = None, rules: list[ReminderRule] | None = None) -> int:
    """Create the reminders that fall due `today` for every registered rule (or those given), in one
    transaction; returns how many are new (0 on a second run the same day)."""
    today = today or timezone.localdate()
    rules = registered() if rules is None else rules
    ahead = max([0, *(days for rule in rules for days in _thresholds(rule))])
    label_days, label_texts = date_labels(today, ahead)
    common = {
        "now": timezone.now(), "state": str(Reminder.State.PENDING),
        "label_days": label_days, "label_texts": label_texts,
        "handler_role": roles.UNIT_HANDLER, "staff_role": roles.STAFF,
    }
    created = 0
    with transaction.atomic(), connection.cursor() as cursor:
        for rule in rules:
            created += sweep_rule(cursor, rule, today=today, common=common)
    return created
