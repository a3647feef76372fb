"""The deputies app's reminders. Duty points (this block) and, below in a block of their own, the
stations' work (h/stations). The duty points' reminders, declared for `congress.reminders` (swept daily, sent once, SMS
held in quiet hours): the quarterly pace note to deputies whose points so far are below the pace
of the lowest band (rule 25: points are shown every quarter; rule 26: below 60 is 差).

The pace at a quarter's end is DEPUTIES_BAND_FAIR × (day of the year / 365): 15 points at the
end of March for a band of 60. The note goes once per quarter, DEPUTIES_PACE_REMINDER_DAYS days
before the quarter ends, from the nightly summary rows; a deputy who has caught up by delivery
(total at or above the band) is not sent it.
"""

from django.conf import settings
from django.utils.translation import gettext_noop

from congress import reminders
from congress.models import Station
from congress.reminders import STAFF, UNIT_HANDLERS, USER, ReminderRule, To
from deputies.models import PointsSummary, ReceptionDeputy, ResidentIssue

PACE_SOURCE = """
    SELECT ps.id AS object_id, ps.id AS summary_id, dp.user_id, q.quarter_end AS due_on,
           '-infinity'::date AS since, ps.total::text AS total, round(q.pace, 1)::text AS pace
      FROM deputies_pointssummary ps
      JOIN deputies_deputy dp ON dp.id = ps.deputy_id
     CROSS JOIN LATERAL (
           SELECT e.quarter_end, %(fair)s * extract(doy FROM e.quarter_end) / 365.0 AS pace
             FROM (SELECT (date_trunc('quarter', %(today)s::date) + interval '3 months'
                           - interval '1 day')::date AS quarter_end) e) q
     WHERE ps.year = extract(year FROM %(today)s::date) AND dp.status = 'serving'
       AND dp.user_id IS NOT NULL AND ps.total < q.pace
"""
# At delivery: still below the lowest band for the year (the pace itself moves with the date).
PACE_LIVE = """
    SELECT ps.id FROM deputies_pointssummary ps JOIN deputies_deputy dp ON dp.id = ps.deputy_id
     WHERE ps.id = ANY(%(ids)s) AND dp.status = 'serving' AND ps.total < %(fair)s
"""


def _params() -> dict:
    return {"fair": settings.DEPUTIES_BAND_FAIR}


PACE = ReminderRule(
    kind="deputies.points_pace", model=PointsSummary, source_sql=PACE_SOURCE,
    recipients=(To(USER, url="/portal/deputies/points/?summary=%s", url_id="summary_id", channels=("sms",)),),
    thresholds="DEPUTIES_PACE_REMINDER_DAYS", arguments=("total", "pace"), params=_params, is_live=PACE_LIVE,
    texts=(
        gettext_noop("Your duty points so far: %(total)s, below the pace of %(pace)s by %(date)s"),
        gettext_noop("At this pace the year ends in the lowest band. Report your duties with evidence in the "
                     "portal, and check the records for omissions."),
        "", "",
    ))

RULES = (PACE,)
reminders.register(*RULES)


# =========================================================================== stations and residents
# (h/stations; domain.md §5, rules 27–28)
#
# a) the office, when a station has no reception scheduled for next week (rule 27: announced in time);
# b) a deputy before each shift they are on;
# c) the handling unit before a resident issue falls due, and weekly while overdue (the office too).


def _station_params() -> dict:
    return {"tz": settings.TIME_ZONE}


EMPTY_WEEK_SOURCE = """
    SELECT s.id AS object_id, s.id AS station_id, s.name AS station, '' AS time,
           (date_trunc('week', %(today)s::date) + interval '7 days')::date AS due_on, '-infinity'::date AS since
      FROM congress_station s
     WHERE s.is_active
       AND NOT EXISTS (
           SELECT 1 FROM deputies_reception r
            WHERE r.station_id = s.id AND r.status = 'scheduled'
              AND (r.starts_at AT TIME ZONE %(tz)s)::date
                  >= (date_trunc('week', %(today)s::date) + interval '7 days')::date
              AND (r.starts_at AT TIME ZONE %(tz)s)::date
                  < (date_trunc('week', %(today)s::date) + interval '14 days')::date)
"""
# Liveness at delivery: still nothing scheduled in the coming week, counted from the delivery day.
EMPTY_WEEK_LIVE = """
    SELECT s.id FROM congress_station s
     WHERE s.id = ANY(%(ids)s) AND s.is_active
       AND NOT EXISTS (
           SELECT 1 FROM deputies_reception r
            WHERE r.station_id = s.id AND r.status = 'scheduled'
              AND (r.starts_at AT TIME ZONE %(tz)s)::date >= current_date
              AND (r.starts_at AT TIME ZONE %(tz)s)::date < current_date + 14)
"""
SHIFT_SOURCE = """
    SELECT sh.id AS object_id, d.user_id, st.id AS station_id, st.name AS station,
           to_char(r.starts_at AT TIME ZONE %(tz)s, 'HH24:MI') AS time,
           (r.starts_at AT TIME ZONE %(tz)s)::date AS due_on,
           coalesce((r.announced_at AT TIME ZONE %(tz)s)::date, '-infinity'::date) AS since
      FROM deputies_receptiondeputy sh
      JOIN deputies_reception r ON r.id = sh.reception_id
      JOIN deputies_deputy d ON d.id = sh.deputy_id
      JOIN congress_station st ON st.id = r.station_id
     WHERE r.status = 'scheduled' AND d.user_id IS NOT NULL AND d.status = 'serving'
       AND (r.starts_at AT TIME ZONE %(tz)s)::date BETWEEN %(today)s AND %(horizon)s
"""
SHIFT_LIVE = """
    SELECT sh.id FROM deputies_receptiondeputy sh JOIN deputies_reception r ON r.id = sh.reception_id
     WHERE sh.id = ANY(%(ids)s) AND r.status = 'scheduled'
"""
ISSUE_SOURCE = """
    SELECT i.id AS object_id, i.unit_id, i.due_on, coalesce((i.routed_at AT TIME ZONE %(tz)s)::date,
           '-infinity'::date) AS since, left(i.subject, 100) AS subject, un.name AS unit
      FROM deputies_residentissue i
      JOIN congress_unit un ON un.id = i.unit_id
     WHERE i.status = 'routed' AND i.due_on <= %(horizon)s
"""

EMPTY_WEEK = ReminderRule(
    kind="deputies.station_empty_week", model=Station, source_sql=EMPTY_WEEK_SOURCE,
    recipients=(To(STAFF, url="/staff/deputies/stations/%s/", url_id="station_id", channels=()),),
    thresholds="DEPUTIES_STATION_EMPTY_WEEK_REMINDER_DAYS", arguments=("station",), params=_station_params,
    is_live=EMPTY_WEEK_LIVE, texts=(
        gettext_noop("%(station)s has no reception scheduled for the week of %(date)s"),
        gettext_noop("Schedule and announce a reception at %(station)s for the week starting %(date)s (rule 27)."),
        "", "",
    ))
SHIFT = ReminderRule(
    kind="deputies.shift", model=ReceptionDeputy, source_sql=SHIFT_SOURCE,
    recipients=(To(USER, url="/portal/deputies/shifts/", url_id="object_id", channels=("sms",)),),
    thresholds="DEPUTIES_STATION_SHIFT_REMINDER_DAYS", arguments=("station", "time"), params=_station_params,
    is_live=SHIFT_LIVE, texts=(
        gettext_noop("Reception shift on %(date)s at %(time)s"),
        gettext_noop("You receive residents at %(station)s on %(date)s at %(time)s."),
        "", "",
    ))
ISSUE = ReminderRule(
    kind="deputies.resident_issue", model=ResidentIssue, source_sql=ISSUE_SOURCE,
    recipients=(To(UNIT_HANDLERS, url="/portal/deputies/issues/%s/"),
                To(STAFF, url="/staff/deputies/issues/%s/", channels=(), when="overdue")),
    thresholds="RESIDENT_ISSUE_REMINDER_DAYS", overdue="RESIDENT_ISSUE_OVERDUE_EVERY_DAYS",
    arguments=("subject", "unit"), params=_station_params, texts=(
        gettext_noop("A resident issue is due on %(date)s"),
        gettext_noop("Answer the resident's issue “%(subject)s” (%(unit)s) by %(date)s."),
        gettext_noop("A resident issue is overdue"),
        gettext_noop("The resident's issue “%(subject)s” (%(unit)s) was due on %(date)s: answer it now."),
    ))
STATION_RULES = [EMPTY_WEEK, SHIFT, ISSUE]
reminders.register(*STATION_RULES)
# =========================================================================== end of stations and residents
