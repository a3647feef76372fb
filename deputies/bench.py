"""Benchmarks of the deputies app.

deputies-api-list: the deputies API list with 5,000 deputies, one client, against a bare WSGI
handler (`tests/bench/raw_wsgi.py`) that runs the same query by hand. The ratio of the two
throughputs is the framework's cost (quality.md, goal 3, here for the deputies register), and the
same list with 20 concurrent clients (p95 ≤ 250 ms, 0 errors).

Where the time went (pyinstrument, 20 requests in-process, issue 7): five queries a request — the
token, the count, the page, and two for `has_perm` (the user's own permissions, then their groups'),
asked afresh on every token request because the user is loaded afresh; those two were 1.37 s of
5.7 s, more than the whole serializer. The token's own query now carries them
(`congress.api.auth.load_token`: three queries a request, as the raw baseline's two plus the
token), and the page is built from plain rows (congress/api/rows.py).
"""

import json
import random
import time
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import translation
from psycopg.conninfo import make_conninfo

from congress import roles
from congress.bench import (
    compare_with_raw,
    scenario,
)
from congress.demo import SUBDISTRICTS, person_name
from congress.models import ApiToken, Station, Term, User
from congress.services import issue_api_token
from deputies.demo import ETHNICITIES, OCCUPATIONS
from deputies.models import Delegation, Deputy

NAME = "deputies-api-list"
DEPUTIES = 5_000
SEED = 18_2022  # any fixed number: the same register on every machine and every run
PATH = "/api/v1/deputies/?page_size=50&status=serving"
TOKEN_NAME = f"bench {NAME}"
LEFT_STATUSES = (Deputy.Status.RESIGNED, Deputy.Status.REMOVED)

# --------------------------------------------------------------------------- data


def ensure_register() -> None:
    """DEPUTIES deputies in the bench database, with fresh planner statistics."""
    insert_missing_deputies()
    # Right after a bulk insert the planner still thinks the table is empty, and autovacuum
    # may not have run yet: analyse now so that every run is planned from the same statistics.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE deputies_deputy, deputies_delegation, congress_station, congress_term")


def insert_missing_deputies() -> None:
    """Top the register up to DEPUTIES rows, generated from one seed.

    Deputy i is always the same, so a database seeded by an earlier run is reused as it is and a
    partly seeded one is completed rather than duplicated.
    """
    with transaction.atomic():
        term, _created = Term.objects.get_or_create(
            number=18, defaults={"starts_on": date(2022, 1, 6), "ends_on": date(2027, 1, 5)}
        )
        existing = Deputy.objects.count()
        if existing >= DEPUTIES:
            return
        delegations = [
            Delegation.objects.get_or_create(term=term, name=f"{sd}代表组")[0] for sd in SUBDISTRICTS
        ]
        stations = [
            Station.objects.get_or_create(code=f"bench-{i}", defaults={"name": f"{sd}代表联络站(基准)"})[0]
            for i, sd in enumerate(SUBDISTRICTS, 1)
        ]
        deputies = generate(random.Random(SEED), term, delegations, stations)
        Deputy.objects.bulk_create(deputies[existing:], batch_size=1000)


def generate(rng: random.Random, term: Term, delegations: list, stations: list) -> list[Deputy]:
    """DEPUTIES deputies like the demo district's: about 1 in 10 has left, 1 in 20 is higher-level."""
    deputies = []
    for i in range(DEPUTIES):
        group = i % len(delegations)
        higher = rng.random() < 0.05
        left = not higher and rng.random() < 0.1
        occupation, work = rng.choice(OCCUPATIONS)
        deputies.append(Deputy(
            name=person_name(rng),
            gender=rng.choice([Deputy.Gender.MALE, Deputy.Gender.FEMALE]),
            ethnicity=rng.choice(ETHNICITIES),
            birth_date=date(1960, 1, 1) + timedelta(days=rng.randint(0, 13000)),
            party=rng.choices(list(Deputy.Party.values), weights=[65, 12, 13, 10])[0],
            occupation=occupation,
            work_unit=work.format(sd=SUBDISTRICTS[group], n=rng.randint(1, 12)),
            constituency="" if higher else f"{SUBDISTRICTS[group]}第{rng.randint(1, 9)}选区",
            delegation=None if higher else delegations[group],
            level=Deputy.Level.CITY if higher else Deputy.Level.DISTRICT,
            station=None if rng.random() < 0.1 else stations[group],
            term=term,
            status=rng.choice(LEFT_STATUSES) if left else Deputy.Status.SERVING,
            serving_since=term.starts_on,
            left_on=term.starts_on + timedelta(days=rng.randint(30, 1000)) if left else None,
            phone=f"1{rng.choice('3578')}{rng.randint(100000000, 999999999)}",
        ))
    return deputies


def staff_token() -> str:
    """A read-scoped token of a staff user: staff see phones, the widest (costliest) payload.

    Only a key's digest is stored, so each run replaces the previous run's token.
    """
    user, _created = User.objects.get_or_create(username="bench-staff", defaults={"name": "基准测试"})
    user.groups.add(Group.objects.get(name=roles.STAFF))
    ApiToken.objects.filter(name=TOKEN_NAME).delete()
    _token, key = issue_api_token(actor=None, name=TOKEN_NAME, user=user, scopes=["read"])
    return key


# --------------------------------------------------------------------------- the raw baseline


def raw_environment() -> dict[str, str]:
    """What raw_wsgi needs: Django's own connection parameters (same database, same socket) and
    the display labels, which the handler cannot translate itself."""
    db = connection.settings_dict
    params = {"dbname": db["NAME"], "user": db["USER"], "password": db["PASSWORD"],
              "host": db["HOST"], "port": db["PORT"]}
    with translation.override(settings.LANGUAGE_CODE):  # the API answers in it without Accept-Language
        labels = {"status": {value: str(label) for value, label in Deputy.Status.choices},
                  "level": {value: str(label) for value, label in Deputy.Level.choices}}
    return {
        "BENCH_RAW_DSN": make_conninfo(**{key: str(value) for key, value in params.items() if value}),
        "BENCH_RAW_LABELS": json.dumps(labels, ensure_ascii=False),
    }



@scenario(NAME, app="deputies")
def deputies_api_list() -> list[dict]:
    """GET /api/v1/deputies/ (50 serving of 5,000) through gunicorn vs a bare WSGI handler."""
    ensure_register()
    key = staff_token()
    return compare_with_raw(NAME, PATH, baseline="raw_wsgi", raw_env=raw_environment(),
                            headers={"Authorization": f"Bearer {key}"})


# --------------------------------------------------------------------------- duty points

RANKING = "deputies-points-ranking"
POINTS_API = "deputies-points-api-list"
BENCH_YEAR = 2026
RECORDS_PER_DEPUTY = 60
POINTS_PATH = f"/api/v1/points/?year={BENCH_YEAR}&page_size=50"

# 60 records per deputy of the register, generated in the database: items in turn (the capped
# public-welfare item among them), dates through the year, one in twenty still awaiting verification.
SEED_RECORDS_SQL = """
INSERT INTO deputies_dutyrecord (deputy_id, rule_id, item, category, year, occurred_on, points, origin, status,
                                 description, evidence, note, return_reason, created_at)
SELECT d.id, r.id, r.item, r.category, %(year)s, make_date(%(year)s, 1, 1) + ((d.id * 7 + g) %% 330)::int,
       r.points, 'imported', CASE WHEN g %% 20 = 0 THEN 'pending' ELSE 'counted' END, '', '', '', '', now()
  FROM deputies_deputy d
 CROSS JOIN generate_series(1, %(per)s) g
 CROSS JOIN LATERAL (SELECT * FROM deputies_pointrule
                      WHERE year = %(year)s AND item <> 'adjustment'
                      ORDER BY item OFFSET ((d.id + g) %% 13) LIMIT 1) r
"""

# The baseline: the same yearly ranking written by hand as one query, doing all the lighter ranking
# does (rule 24's caps per item, the serving filter, ties sharing a rank, rule 26's bands, the name and
# delegation of each line, in rank order), without the per-category breakdown.
RAW_RANKING_SQL = """
SELECT t.id, t.total, rank() OVER (ORDER BY t.total DESC) AS rank,
       CASE WHEN t.total >= %(good)s THEN 'good' WHEN t.total >= %(fair)s THEN 'fair' ELSE 'poor' END,
       t.name, g.name
  FROM (SELECT d.id, d.name, d.delegation_id,
               coalesce(sum(least(x.points, coalesce(x.cap, x.points))), 0) AS total
          FROM deputies_deputy d
          LEFT JOIN (SELECT r.deputy_id, sum(r.points) AS points, max(pr.yearly_cap) AS cap
                       FROM deputies_dutyrecord r JOIN deputies_pointrule pr ON pr.id = r.rule_id
                      WHERE r.year = %(year)s AND r.status = 'counted'
                      GROUP BY r.deputy_id, r.rule_id) x ON x.deputy_id = d.id
         WHERE d.serving_since <= make_date(%(year)s, 12, 31)
           AND (d.left_on IS NULL OR d.left_on >= make_date(%(year)s, 1, 1))
         GROUP BY d.id) t
  LEFT JOIN deputies_delegation g ON g.id = t.delegation_id
 ORDER BY rank, t.id
"""

# The baseline of the full ranking: the same by hand with the capped points per category as well
# (capped per item, summed per category, gathered per deputy), for the same work on both sides.
RAW_RANKING_BY_CATEGORY_SQL = """
SELECT t.id, t.total, rank() OVER (ORDER BY t.total DESC) AS rank,
       CASE WHEN t.total >= %(good)s THEN 'good' WHEN t.total >= %(fair)s THEN 'fair' ELSE 'poor' END,
       t.name, g.name, t.by_category
  FROM (SELECT d.id, d.name, d.delegation_id, coalesce(sum(c.points), 0) AS total,
               coalesce(jsonb_object_agg(c.category, c.points) FILTER (WHERE c.category IS NOT NULL), '{}')
                 AS by_category
          FROM deputies_deputy d
          LEFT JOIN (SELECT x.deputy_id, x.category, sum(least(x.points, coalesce(x.cap, x.points))) AS points
                       FROM (SELECT r.deputy_id, max(pr.category) AS category, sum(r.points) AS points,
                                    max(pr.yearly_cap) AS cap
                               FROM deputies_dutyrecord r JOIN deputies_pointrule pr ON pr.id = r.rule_id
                              WHERE r.year = %(year)s AND r.status = 'counted'
                              GROUP BY r.deputy_id, r.rule_id) x
                      GROUP BY x.deputy_id, x.category) c ON c.deputy_id = d.id
         WHERE d.serving_since <= make_date(%(year)s, 12, 31)
           AND (d.left_on IS NULL OR d.left_on >= make_date(%(year)s, 1, 1))
         GROUP BY d.id) t
  LEFT JOIN deputies_delegation g ON g.id = t.delegation_id
 ORDER BY rank, t.id
"""


def ensure_points() -> int:
    """The register, BENCH_YEAR's table and RECORDS_PER_DEPUTY records per deputy (reused after)."""
    from deputies.models import DutyRecord
    from deputies.points_table import install_default_table

    ensure_register()
    install_default_table(BENCH_YEAR)
    if not DutyRecord.objects.filter(year=BENCH_YEAR).exists():
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(SEED_RECORDS_SQL, {"year": BENCH_YEAR, "per": RECORDS_PER_DEPUTY})
    with connection.cursor() as cursor:
        # VACUUM as well: a fresh visibility map lets both queries read the index alone
        cursor.execute("VACUUM ANALYZE deputies_dutyrecord")
        cursor.execute("ANALYZE deputies_pointrule")
    return DutyRecord.objects.filter(year=BENCH_YEAR).count()


def raw_ranking(sql: str = RAW_RANKING_SQL) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, {"year": BENCH_YEAR, "good": settings.DEPUTIES_BAND_GOOD,
                             "fair": settings.DEPUTIES_BAND_FAIR})
        return cursor.fetchall()


def best_of_each(calls: list, rounds: int = 7) -> list[float]:
    """The fastest run of each call, in seconds, the calls taken in turn in every round: on a shared
    machine a busy spell then slows all of them alike, not only the one measured during it."""
    best = [float("inf")] * len(calls)
    for _ in range(rounds):
        for index, call in enumerate(calls):
            before = time.perf_counter()
            call()
            best[index] = min(best[index], time.perf_counter() - before)
    return best


@scenario(RANKING, app="deputies")
def points_ranking() -> list[dict]:
    """The yearly ranking of 5,000 deputies × 60 records (caps, ranks, bands, names, rank order),
    without and with the points per category, each against one hand-written SQL query doing the
    same; each pair must give every deputy the same total, rank, band (and categories)."""
    from congress.bench import result
    from deputies.selectors import yearly_ranking

    records = ensure_points()
    ours = {s.deputy_id: (s.total, s.rank, s.band, s.by_category) for s in yearly_ranking(BENCH_YEAR)}
    theirs = {row[0]: (row[1], row[2], row[3], json.loads(row[6]) if isinstance(row[6], str) else row[6])
              for row in raw_ranking(RAW_RANKING_BY_CATEGORY_SQL)}
    if ours != theirs:
        raise AssertionError("the ranking and the hand-written query disagree")
    lighter = {s.deputy_id: (s.total, s.rank, s.band) for s in yearly_ranking(BENCH_YEAR, categories=False)}
    if lighter != {row[0]: (row[1], row[2], row[3]) for row in raw_ranking()}:
        raise AssertionError("the ranking without categories and the hand-written query disagree")
    raw_seconds, raw_full_seconds, ranking_seconds, full_seconds = best_of_each([
        raw_ranking, lambda: raw_ranking(RAW_RANKING_BY_CATEGORY_SQL),
        lambda: yearly_ranking(BENCH_YEAR, categories=False), lambda: yearly_ranking(BENCH_YEAR)])
    return [
        result(RANKING, "records", records, "rows"),
        result(RANKING, "deputies", len(ours), "rows"),
        result(RANKING, "ranking", round(ranking_seconds, 4), "s", ratio=round(ranking_seconds / raw_seconds, 3),
               baseline="raw SQL"),
        result(RANKING, "ranking with categories", round(full_seconds, 4), "s",
               ratio=round(full_seconds / raw_full_seconds, 3), baseline="raw SQL with categories"),
        result(RANKING, "raw SQL", round(raw_seconds, 4), "s"),
        result(RANKING, "raw SQL with categories", round(raw_full_seconds, 4), "s"),
    ]


@scenario(POINTS_API, app="deputies")
def points_api_list() -> list[dict]:
    """GET /api/v1/points/ (50 of 5,000 summary rows) through gunicorn vs a bare WSGI handler."""
    from deputies.services.points import refresh_totals

    ensure_points()
    refresh_totals(BENCH_YEAR)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE deputies_pointssummary")
    key = staff_token()
    return compare_with_raw(POINTS_API, POINTS_PATH, baseline="raw_points", raw_env=raw_environment(),
                            headers={"Authorization": f"Bearer {key}"})
