import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import connection
from django.db.models import Count, Q

from deputies.models import Deputy, PointRule


def register_summary(term=None) -> dict:
    """Counts for the staff home, in one query (FILTER aggregates)."""
    deputies = Deputy.objects.all() if term is None else Deputy.objects.filter(term=term)
    return deputies.aggregate(
        serving=Count("id", filter=Q(status=Deputy.Status.SERVING)),
        serving_district=Count("id", filter=Q(status=Deputy.Status.SERVING, level=Deputy.Level.DISTRICT)),
        serving_higher=Count("id", filter=Q(status=Deputy.Status.SERVING) & ~Q(level=Deputy.Level.DISTRICT)),
        left=Count("id", filter=~Q(status=Deputy.Status.SERVING)),
        with_account=Count("id", filter=Q(user__isnull=False)),
    )


# --------------------------------------------------------------------------- duty points (rules 24–26)

# The yearly ranking in one statement: counted records of the year (up to `as_of`), summed per item
# and capped by that item's yearly cap (rule 24), then per deputy; every deputy who served during the
# year appears (a deputy with no record has 0), ranked with ties sharing a rank, and banded by the
# settings (rule 26). With `categories`, the capped points per category come along as JSON.
#
# Shape, for the planner (bench deputies-points-ranking): the point rule is joined *before* the
# per-item GROUP BY, so the records stream out of the partial index dutyrecord_year_deputy (year,
# deputy, rule; counted only) in (deputy, rule) order through a GroupAggregate per item and one per
# deputy: no sort, nothing spilled. Joining the rule after the per-item aggregate let the planner
# choose a seq scan and a HashAggregate that guesses 30,000 (deputy, rule) groups for 65,000 and
# spills to disk (1.9x the hand-written query). The categories are one FILTER sum each in that same
# per-deputy aggregate, not a second GROUP BY (deputy, category), which hash-aggregated and spilled too.
def _by_category() -> str:
    pairs = []
    for value in PointRule.Category.values:
        if not value.isidentifier():  # the code's own constants, written into the text
            raise ValueError(value)
        pairs.append(f"'{value}', SUM(points) FILTER (WHERE category = '{value}')")
    # a category without records has a NULL sum: stripped, as if it had never been aggregated
    return f"jsonb_strip_nulls(jsonb_build_object({', '.join(pairs)}))"


def ranking_sql(*, categories: bool, until_as_of: bool) -> str:
    as_of = "AND r.occurred_on <= %(as_of)s" if until_as_of else ""
    by_category = _by_category() if categories else "NULL::jsonb"
    per_deputy = f"SELECT deputy_id, SUM(points) AS total, {by_category} AS by_category FROM capped GROUP BY deputy_id"  # noqa: S608
    return f"""
WITH capped AS (
    SELECT r.deputy_id, MAX(pr.category) AS category,
           LEAST(SUM(r.points), COALESCE(MAX(pr.yearly_cap), SUM(r.points))) AS points
      FROM deputies_dutyrecord r JOIN deputies_pointrule pr ON pr.id = r.rule_id
     WHERE r.year = %(year)s AND r.status = 'counted' {as_of}
     GROUP BY r.deputy_id, r.rule_id
), per_deputy AS ({per_deputy}
)
SELECT d.id, d.name, dg.name, COALESCE(p.total, 0) AS total,
       RANK() OVER (ORDER BY COALESCE(p.total, 0) DESC) AS rank,
       CASE WHEN COALESCE(p.total, 0) >= %(good)s THEN 'good'
            WHEN COALESCE(p.total, 0) >= %(fair)s THEN 'fair' ELSE 'poor' END AS band,
       COALESCE(p.by_category, '{{}}'::jsonb) AS by_category
  FROM deputies_deputy d
  LEFT JOIN per_deputy p ON p.deputy_id = d.id
  LEFT JOIN deputies_delegation dg ON dg.id = d.delegation_id
 WHERE d.serving_since <= %(year_end)s AND (d.left_on IS NULL OR d.left_on >= %(year_start)s)
 ORDER BY rank, d.id
"""  # noqa: S608 - two fixed variants, no input in the text


@dataclass(frozen=True)
class Standing:
    deputy_id: int
    name: str
    delegation: str
    total: Decimal
    rank: int
    band: str
    by_category: dict


def band_of(total) -> str:
    if total >= settings.DEPUTIES_BAND_GOOD:
        return "good"
    if total >= settings.DEPUTIES_BAND_FAIR:
        return "fair"
    return "poor"


def yearly_ranking(year: int, as_of: date | None = None, *, categories: bool = True) -> list[Standing]:
    """Every deputy's capped total, rank and band for `year` (up to `as_of`), computed in the
    database; `categories=False` leaves out the per-category breakdown (a lighter query)."""
    year_end = date(year, 12, 31)
    as_of = as_of or year_end
    params = {"year": year, "as_of": as_of, "good": settings.DEPUTIES_BAND_GOOD,
              "fair": settings.DEPUTIES_BAND_FAIR, "year_start": date(year, 1, 1), "year_end": date(year, 12, 31)}
    with connection.cursor() as cursor:
        cursor.execute(ranking_sql(categories=categories, until_as_of=as_of < year_end), params)
        rows = cursor.fetchall()
    return [Standing(r[0], r[1], r[2] or "", r[3], r[4], r[5],
                     r[6] if isinstance(r[6], dict) else json.loads(r[6])) for r in rows]


RANKING_SQL = ranking_sql(categories=True, until_as_of=True)  # the full statement, for reading


def standing_of(deputy, year: int) -> Standing | None:
    """One deputy's line: the nightly summary when there is one, else computed now."""
    from deputies.models import PointsSummary

    summary = PointsSummary.objects.filter(deputy=deputy, year=year).first()
    if summary is not None:
        return Standing(deputy.pk, deputy.name, "", summary.total, summary.rank, summary.band, summary.by_category)
    return next((s for s in yearly_ranking(year) if s.deputy_id == deputy.pk), None)


def performance_file(deputy) -> dict:
    """履职档案: every duty on a timeline, points by category and year, suggestions led and co-signed."""
    from django.db.models import Sum

    from deputies.models import DutyRecord, PointRule

    records = list(DutyRecord.objects.filter(deputy=deputy).select_related("rule").order_by("-occurred_on", "-id"))
    by_year: dict[int, dict] = {}
    for row in (DutyRecord.objects.filter(deputy=deputy).counted().values("year", "category")
                .annotate(points=Sum("points")).order_by("-year", "category")):
        label = PointRule.Category(row["category"]).label
        by_year.setdefault(row["year"], {})[label] = row["points"]
    names = {"led": "suggestion.lead", "cosigned": "suggestion.cosign", "rated": "suggestion.rated",
             "receptions": "reception.held", "report_backs": "report_back"}
    counts = {key: sum(1 for r in records if r.item == item and r.status == DutyRecord.Status.COUNTED)
              for key, item in names.items()}
    return {"records": records, "by_year": by_year, "counts": counts}
