"""Benchmarks of the deputies app.

deputies-api-list: the deputies API list with 5,000 deputies, one client, against a bare WSGI
handler (`tests/bench/raw_wsgi.py`) that runs the same query by hand. The ratio of the two
throughputs is the framework's cost (quality.md, goal 3, here for the deputies register), and the
same list with 20 concurrent clients (p95 ≤ 250 ms, 0 errors).

Where the time went (pyinstrument, 20 requests in-process, issue 7): five queries a request — the
token, the count, the page, and two for `has_perm` (the user's own permissions, then their groups'),
asked afresh on every token request because the user is loaded afresh; those two were 1.37 s of
5.7 s, more than the whole serializer. `congress.api.auth.load_permissions` now fills ModelBackend's
cache in one UNION query (four queries a request); the serializer was 0.18 s of 5.2 s after that, so
it stays a ModelSerializer. The rest is waiting on PostgreSQL on a shared two-core machine.
"""

import json
import random
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import translation
from psycopg.conninfo import make_conninfo

from congress import roles
from congress.bench import (
    HttpClient,
    check_same_answer,
    checkout_baseline,
    gunicorn,
    http_getter,
    run_concurrently,
    run_for,
    scenario,
    server_figures,
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
SECONDS, WARMUP = 5.0, 1.0
CLIENTS = 20

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
    with (
        gunicorn("congress.wsgi", name="gunicorn-django") as django_port,
        gunicorn(checkout_baseline("raw_wsgi"), name="gunicorn-raw", env=raw_environment()) as raw_port,
    ):
        django = HttpClient(django_port, {"Authorization": f"Bearer {key}"})
        raw = HttpClient(raw_port)
        try:
            check_same_answer(PATH, django, raw)
            django_timing = run_for(lambda: django.get_ok(PATH), seconds=SECONDS, warmup=WARMUP)
            raw_timing = run_for(lambda: raw.get_ok(PATH), seconds=SECONDS, warmup=WARMUP)
        finally:
            django.close()
            raw.close()
        # quality.md goal 3: twenty clients at once, each on its own connection (p95 ≤ 250 ms, 0 errors)
        crowd = run_concurrently(lambda: http_getter(django_port, PATH, {"Authorization": f"Bearer {key}"}),
                                 clients=CLIENTS, seconds=SECONDS, warmup=WARMUP)
    # The crowd's errors (time-outs, refusals) are a figure of their own, reported, not raised.
    if django_timing.errors or raw_timing.errors:
        raise AssertionError(f"non-200 answers: django {django_timing.errors}, raw {raw_timing.errors}")
    ratio = round(django_timing.rate / raw_timing.rate, 3)
    return (server_figures(NAME, "django", django_timing, ratio) + server_figures(NAME, "raw", raw_timing)
            + server_figures(NAME, f"django {CLIENTS} clients", crowd))
