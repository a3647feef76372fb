"""ballot-burst (quality.md goal 9): 500 voters cast their papers through HTTP against gunicorn with
50 concurrent clients, each signed in by its own session (a token may not cast). It reports every
paper counted, no duplicates, p50 / p99, papers/s, the whole burst, and the ratio to the same 500
casts done by hand through psycopg in the same run (goal: p99 ≤ 300 ms, burst ≤ 5 s, ≥ 0.3× raw).

The raw baseline does what the service does, in SQL: one transaction per paper that reads the ballot
FOR SHARE, checks the elector and the participation, inserts the participation and the paper.
Voters and their sessions are seeded once and reused; each run casts into two fresh ballots.
"""

from __future__ import annotations

import http.client
import json
import queue
import secrets
import statistics
import threading
import time
import uuid

from congress.bench import gunicorn, result, scenario

VOTERS = 500
CLIENTS = 50
WORKERS = 4  # sync workers: the casts are short and CPU-bound; threads would only share the GIL
NAME = "ballot-burst"


def _seed_voters():
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.contrib.sessions.backends.db import SessionStore

    from congress import roles
    from congress.models import User

    group = Group.objects.get(name=roles.DEPUTY)
    password = make_password(None)  # unusable: the bench signs in through sessions it writes
    existing = {u.username: u for u in User.objects.filter(username__startswith="bench-voter-")}
    missing = [User(username=f"bench-voter-{i:03d}", name=f"票决代表{i:03d}", password=password)
               for i in range(VOTERS) if f"bench-voter-{i:03d}" not in existing]
    User.objects.bulk_create(missing)
    users = list(User.objects.filter(username__startswith="bench-voter-").order_by("username")[:VOTERS])
    group.user_set.add(*users)
    sessions = []
    backend = next(b for b in settings.AUTHENTICATION_BACKENDS if b.endswith("ModelBackend"))
    for user in users:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = backend
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.set_expiry(3600)
        store.create()
        sessions.append(store.session_key)
    return users, sessions


def _ballot(actor, voters, title):
    from congress.ballots import services
    from congress.models import Term

    owner, _ = Term.objects.get_or_create(number=99, defaults={"starts_on": "2030-01-01", "ends_on": "2035-01-01"})
    ballot = services.create_ballot(owner, title=title, kind="competitive", options=[f"项目{i}" for i in range(20)],
                                    actor=actor, seats=13)
    from congress.models import User

    return services.open_ballot(ballot.pk, actor=actor, electorate=User.objects.filter(pk__in=[u.pk for u in voters]))


def _marks(ballot, rng):
    keys = [str(k) for k in ballot.options.values_list("pk", flat=True)]
    yes = set(rng.sample(keys, 13))
    return {k: "yes" if k in yes else rng.choice(["no", "abstain"]) for k in keys}


def _burst(port, ballot_id, sessions, marks):
    jobs = queue.Queue()
    for session, paper in zip(sessions, marks, strict=True):
        jobs.put((session, paper))
    latencies, statuses, lock = [], [], threading.Lock()

    def client():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while True:
            try:
                session, paper = jobs.get_nowait()
            except queue.Empty:
                break
            csrf = secrets.token_hex(16)  # 32 characters: Django accepts an unmasked secret
            body = json.dumps({"marks": paper})
            headers = {"Content-Type": "application/json", "X-CSRFToken": csrf, "Host": "127.0.0.1",
                       "Cookie": f"sessionid={session}; csrftoken={csrf}"}
            before = time.perf_counter()
            try:
                connection.request("POST", f"/api/v1/ballots/{ballot_id}/cast/", body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                connection.close()
                status = 0
            elapsed = time.perf_counter() - before
            with lock:
                statuses.append(status)
                if status == 201:
                    latencies.append(elapsed)
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - start, latencies, statuses


def _raw_burst(dsn, ballot_id, user_ids, marks):
    import psycopg

    jobs = queue.Queue()
    for user_id, paper in zip(user_ids, marks, strict=True):
        jobs.put((user_id, paper))
    done = []

    def client():
        with psycopg.connect(dsn, autocommit=False) as connection:
            while True:
                try:
                    user_id, paper = jobs.get_nowait()
                except queue.Empty:
                    break
                with connection.transaction(), connection.cursor() as cursor:
                    cursor.execute("SELECT status FROM congress_ballot WHERE id = %s FOR SHARE", [ballot_id])
                    cursor.execute("SELECT 1 FROM congress_ballotelector WHERE ballot_id = %s AND user_id = %s",
                                   [ballot_id, user_id])
                    cursor.execute("SELECT 1 FROM congress_ballotparticipation WHERE ballot_id = %s AND user_id = %s",
                                   [ballot_id, user_id])
                    cursor.execute("INSERT INTO congress_ballotparticipation (id, ballot_id, user_id) "
                                   "VALUES (%s, %s, %s)", [uuid.uuid4(), ballot_id, user_id])
                    cursor.execute("INSERT INTO congress_ballotpaper (id, ballot_id, marks, receipt, valid) "
                                   "VALUES (%s, %s, %s, %s, true)",
                                   [uuid.uuid4(), ballot_id, json.dumps(paper), secrets.token_hex(7)[:14]])
                done.append(1)
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - start, len(done)


def _dsn():
    from django.db import connection

    s = connection.settings_dict
    parts = {"dbname": s["NAME"], "user": s["USER"], "host": s["HOST"], "port": s["PORT"], "password": s["PASSWORD"]}
    return " ".join(f"{k}={v}" for k, v in parts.items() if v)


@scenario(NAME, app="congress")
def ballot_burst() -> list[dict]:
    """500 voters cast through gunicorn with 50 concurrent clients, against raw psycopg inserts."""
    import random

    from django.contrib.auth.models import Group

    from congress import roles
    from congress.ballots import services
    from congress.ballots.models import BallotPaper, BallotParticipation
    from congress.models import User

    rng = random.Random(9)
    actor, _ = User.objects.get_or_create(username="bench-ballot-clerk", defaults={"name": "票决工作人员"})
    actor.groups.add(Group.objects.get(name=roles.STAFF))
    voters, sessions = _seed_voters()
    ballot = _ballot(actor, voters, "ballot-burst (HTTP)")
    raw_ballot = _ballot(actor, voters, "ballot-burst (raw psycopg)")
    marks = [_marks(ballot, rng) for _ in voters]
    raw_marks = [{str(rk): m for rk, m in zip(raw_ballot.options.values_list("pk", flat=True), paper.values(),
                                                strict=True)} for paper in marks]
    try:
        with gunicorn("congress.wsgi:application", name=NAME, workers=WORKERS,
                      env={"GUNICORN_CMD_ARGS": "--backlog 256"}) as port:
            burst, latencies, statuses = _burst(port, ballot.pk, sessions, marks)
        raw_seconds, raw_done = _raw_burst(_dsn(), raw_ballot.pk, [u.pk for u in voters], raw_marks)
        papers = BallotPaper.objects.filter(ballot=ballot).count()
        participations = BallotParticipation.objects.filter(ballot=ballot).count()
        duplicates = (BallotParticipation.objects.filter(ballot=ballot).values("user_id").distinct().count()
                      != participations)
        before = time.perf_counter()
        services.close_ballot(ballot.pk, actor=actor)
        close_seconds = time.perf_counter() - before
        verified = services.verify_ballot(ballot.pk, actor=actor).ok
        cuts = statistics.quantiles(latencies, n=100, method="inclusive") if len(latencies) > 1 else [0] * 99
        rate, raw_rate = len(latencies) / burst, raw_done / raw_seconds
        refused = sum(1 for s in statuses if s != 201)
        return [
            result(NAME, "papers counted", papers, "papers"),
            result(NAME, "participations", participations, "rows"),
            result(NAME, "duplicate voters", int(duplicates), "voters"),
            result(NAME, "refused or failed casts", refused, "responses"),
            result(NAME, "p50", round(cuts[49] * 1000, 1), "ms"),
            result(NAME, "p99 (goal <= 300)", round(cuts[98] * 1000, 1), "ms"),
            result(NAME, "whole burst (goal <= 5)", round(burst, 2), "s"),
            result(NAME, "papers/s through HTTP", round(rate, 1), "papers/s",
                   ratio=round(rate / raw_rate, 3), baseline="raw psycopg papers/s (goal >= 0.3)"),
            result(NAME, "raw psycopg papers/s", round(raw_rate, 1), "papers/s"),
            result(NAME, "close (rewrite, digest, tally)", round(close_seconds * 1000, 1), "ms"),
            result(NAME, "verified", int(verified), "yes=1"),
        ]
    finally:
        from django.contrib.sessions.models import Session

        Session.objects.filter(session_key__in=sessions).delete()
        for b in (ballot, raw_ballot):
            BallotPaper.objects.filter(ballot=b).delete()
            BallotParticipation.objects.filter(ballot=b).delete()
            b.delete()
