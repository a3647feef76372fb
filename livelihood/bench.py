"""Bench scenarios of the livelihood loop (`make bench ARGS="livelihood-survey-rollup"`).

livelihood-survey-rollup: the residents' survey roll-up (one SQL statement writing the project,
    unit and cycle summary rows) over 1,000,000 responses bulk-loaded once with COPY, against the
    hand-written GROUP BY that counts the same responses per project; best of 5 each (goal ≤ 1.5×).
livelihood-ballot-burst: 500 deputies cast their papers through HTTP (their own sessions, the
    API's cast action) against gunicorn with 50 concurrent clients; every paper counted once, p50,
    p99, papers/s, and the ratio to the same inserts done raw through psycopg in the same run.
"""

from __future__ import annotations

import random
import statistics
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from decimal import Decimal

from django.db import connection

from congress.bench import best_of, gunicorn, result, scenario

RESPONSES = 1_000_000
PROJECTS = 40
BENCH_YEAR = 2099
BASELINE_SQL = """
    SELECT r.project_id,
           COUNT(*) FILTER (WHERE r.rating = 'satisfied'), COUNT(*) FILTER (WHERE r.rating = 'basically'),
           COUNT(*) FILTER (WHERE r.rating = 'unsatisfied'), COUNT(*)
      FROM livelihood_surveyresponse r JOIN livelihood_project p ON p.id = r.project_id
     WHERE p.cycle_id = %s
     GROUP BY r.project_id
"""


def _bench_cycle():
    from congress.models import Unit
    from livelihood.models import Cycle, Project

    cycle, created = Cycle.objects.get_or_create(year=BENCH_YEAR, defaults={
        "title": "bench", "stage": Cycle.Stage.EVALUATION, "seats": PROJECTS})
    if created or not cycle.projects.exists():
        units = [Unit.objects.get_or_create(code=f"bench-unit-{i}", defaults={"name": f"压测单位{i}"})[0]
                 for i in range(10)]
        Project.objects.bulk_create([
            Project(cycle=cycle, name=f"压测项目{i}", budget=Decimal(100), lead_unit=units[i % 10],
                    completion_on=date(BENCH_YEAR, 12, 1), status=Project.Status.ADOPTED, position=i)
            for i in range(PROJECTS)])
    return cycle


def _seed_responses(cycle) -> None:
    """COPY the million responses once (reused by later runs), then fresh planner statistics."""
    from livelihood.models import SurveyResponse

    have = SurveyResponse.objects.filter(project__cycle=cycle).count()
    if have >= RESPONSES:
        return
    ids = list(cycle.projects.values_list("pk", flat=True))
    rng = random.Random(7)
    ratings = ["satisfied"] * 6 + ["basically"] * 3 + ["unsatisfied"]
    raw = connection.cursor().connection  # the psycopg 3 connection under Django's
    with raw.cursor() as cursor, cursor.copy(
            "COPY livelihood_surveyresponse (project_id, respondent, rating, comment, created_on) FROM STDIN") as copy:
        for i in range(have, RESPONSES):
            copy.write_row((ids[i % len(ids)], f"bench-{i}", rng.choice(ratings), "", date(BENCH_YEAR, 1, 1)))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE livelihood_surveyresponse")


@scenario("livelihood-survey-rollup", app="livelihood")
def survey_rollup() -> list[dict]:
    """Survey roll-up over 1,000,000 responses vs a hand-written GROUP BY (goal ≤ 1.5×)."""
    from livelihood.models import SurveySummary
    from livelihood.services import roll_up_survey

    cycle = _bench_cycle()
    started = time.perf_counter()
    _seed_responses(cycle)
    seeded = time.perf_counter() - started
    rollup = best_of(lambda: roll_up_survey(cycle.pk), n=5)

    def baseline():
        with connection.cursor() as cursor:
            cursor.execute(BASELINE_SQL, [cycle.pk])
            return cursor.fetchall()

    raw = best_of(baseline, n=5)
    # Same figures: the summary's project rows equal the hand-written counts.
    hand = {row[0]: tuple(row[1:]) for row in baseline()}
    mine = {s.project_id: (s.satisfied, s.basically, s.unsatisfied, s.total)
            for s in SurveySummary.objects.filter(cycle=cycle, level="project")}
    assert hand == mine, "the roll-up and the hand-written GROUP BY disagree"
    name = "livelihood-survey-rollup"
    return [result(name, "seed (COPY, first run only)", seeded, "s"),
            result(name, "hand-written GROUP BY", raw, "s"),
            result(name, "roll-up (project, unit, cycle rows)", rollup, "s", ratio=rollup / raw,
                   baseline="hand-written GROUP BY")]


# --------------------------------------------------------------------------- the ballot burst

VOTERS = 500
UNUSABLE = "!"  # noqa: S105 - Django's mark for "no password matches"
CLIENTS = 50


def _burst_world():
    """A fresh cycle and ballot each run, 500 deputies with sessions (cookies made in the database)."""
    from django.contrib.auth.models import Group
    from django.contrib.sessions.backends.db import SessionStore
    from django.middleware.csrf import _get_new_csrf_string

    from congress import roles
    from congress.ballots import services as ballots
    from congress.models import Term, User
    from deputies.models import Deputy
    from livelihood.models import Cycle

    users = list(User.objects.filter(username__startswith="bench-deputy-").order_by("pk"))
    if len(users) < VOTERS:
        term = Term.objects.order_by("pk").first() or Term.objects.create(
            number=99, starts_on=date(2022, 1, 1), ends_on=date(2099, 1, 1))
        users = User.objects.bulk_create([User(username=f"bench-deputy-{i}", name=f"压测代表{i}", password=UNUSABLE)
                                          for i in range(len(users), VOTERS)]) + users
        Group.objects.get(name=roles.DEPUTY).user_set.add(*users)
        Deputy.objects.bulk_create([Deputy(name=u.name, gender="male", birth_date=date(1970, 1, 1), term=term,
                                           serving_since=date(2022, 1, 6), user=u) for u in users
                                    if not Deputy.objects.filter(user=u).exists()])
    staff = User.objects.filter(groups__name=roles.STAFF).first() or User.objects.create(username="bench-staff")
    staff.groups.add(Group.objects.get(name=roles.STAFF))
    cycle = Cycle.objects.get_or_create(year=2100, defaults={"title": "bench ballot", "stage": Cycle.Stage.BALLOT,
                                                              "seats": 5})[0]
    options = [ballots.OptionSpec(f"候选{i}") for i in range(8)]
    ballot = ballots.create_ballot(cycle, title="bench", kind="competitive", options=options, actor=staff, seats=5)
    electorate = User.objects.filter(username__startswith="bench-deputy-")
    from congress.ballots.models import BallotElector

    ballot.status = "open"
    BallotElector.objects.bulk_create([BallotElector(ballot=ballot, user=u) for u in electorate])
    ballot.electorate_size, ballot.quorum = electorate.count(), electorate.count() // 2 + 1
    ballot.save(update_fields=["status", "electorate_size", "quorum"])
    cookies = []
    for user in electorate:
        session = SessionStore()
        session["_auth_user_id"] = str(user.pk)
        session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
        session["_auth_user_hash"] = user.get_session_auth_hash()
        session.create()
        cookies.append((session.session_key, _get_new_csrf_string()))
    return ballot, cookies


def _post(port, path, body, session_key, csrf):
    import http.client
    import json

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    started = time.perf_counter()
    conn.request("POST", path, body=json.dumps(body), headers={
        "Content-Type": "application/json", "Cookie": f"sessionid={session_key}; csrftoken={csrf}",
        "X-CSRFToken": csrf, "Host": "127.0.0.1", "Referer": "http://127.0.0.1/"})
    status = conn.getresponse().status
    conn.close()
    return status, time.perf_counter() - started


@scenario("livelihood-ballot-burst", app="livelihood")
def ballot_burst() -> list[dict]:
    """500 deputies cast through HTTP, 50 concurrent clients (goal p99 ≤ 300 ms, ≤ 5 s, ≥ 0.3× raw)."""
    import psycopg

    from congress.ballots.models import BallotPaper, BallotParticipation

    ballot, cookies = _burst_world()
    keys = [o.key for o in ballot.options.all()]
    marks = {k: ("yes" if i < 5 else "no") for i, k in enumerate(keys)}
    path = f"/api/v1/livelihood/ballots/{ballot.pk}/cast/"
    with gunicorn("congress.wsgi:application", name="livelihood-ballot-burst", workers=4,
                  env={"ALLOWED_HOSTS": "127.0.0.1"}) as port:
        started = time.perf_counter()
        with ThreadPoolExecutor(CLIENTS) as pool:
            answers = list(pool.map(lambda c: _post(port, path, {"marks": marks}, *c), cookies))
        burst = time.perf_counter() - started
    ok = [t for status, t in answers if status == 201]
    papers = BallotPaper.objects.filter(ballot=ballot).count()
    participations = BallotParticipation.objects.filter(ballot=ballot).count()
    # Raw: the same two inserts per voter through psycopg, 50 threads, a connection each.
    dsn = connection.get_connection_params()
    raw_ballot = ballot.pk
    raw_started = time.perf_counter()

    def raw_paper(i):
        with psycopg.connect(**dsn) as conn:
            conn.execute("INSERT INTO congress_ballotpaper (id, ballot_id, marks, receipt, valid) "
                         "VALUES (%s, %s, %s, %s, true)",
                         [uuid.uuid4(), raw_ballot, psycopg.types.json.Jsonb(marks), f"RAW{i:09d}"])

    with ThreadPoolExecutor(CLIENTS) as pool:
        list(pool.map(raw_paper, range(VOTERS)))
    raw = time.perf_counter() - raw_started
    BallotPaper.objects.filter(ballot=ballot, receipt__startswith="RAW").delete()
    name = "livelihood-ballot-burst"
    rate = len(ok) / burst
    return [result(name, "papers accepted (of 500)", len(ok), "papers"),
            result(name, "papers stored / participations", papers * 1000 + participations, "n*1000+m"),
            result(name, "whole burst", burst, "s"),
            result(name, "p50", statistics.median(ok) * 1000 if ok else 0, "ms"),
            result(name, "p99", statistics.quantiles(ok, n=100)[98] * 1000 if len(ok) > 2 else 0, "ms"),
            result(name, "papers/s over HTTP", rate, "1/s", ratio=rate / (VOTERS / raw),
                   baseline="raw psycopg inserts, 50 threads")]
