"""The duty points' reminders, declared for `congress.reminders` (swept daily, sent once, SMS
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
from congress.reminders import USER, ReminderRule, To
from deputies.models import PointsSummary

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
