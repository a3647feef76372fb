"""ballot-burst (quality.md goal 9): 500 voters cast their papers through HTTP against gunicorn with
50 concurrent clients, each signed in by its own session (a token may not cast). It reports every
paper counted, no duplicates, p50 / p99, papers/s, the whole burst, and the ratio to the same 500
casts done by hand through psycopg in the same run (goal: p99 ≤ 300 ms, burst ≤ 5 s, ≥ 0.3× raw).

What is timed is what the phones do at the vote: one POST each to the cast API, answered with the
receipt (201, no redirect, no page). Before the clock starts the voters are signed in (sessions
written to the database: no password hashing in the burst), every request's bytes are built, and
each client has fetched the ballot once, as a phone does before it casts, so the workers have
served requests before (a fresh worker's first request imports the whole URLconf).

The load generator shares the 2 cores with the server, so it is kept cheap: plain sockets, bytes
built beforehand, only the status line read. Latency is the client's, from connect to the last
byte of the answer, so it includes the wait in gunicorn's backlog.

The raw baseline runs the service's own statements per voter through psycopg, 50 threads with a
connection each: in one transaction, the read of the ballot under its SHARE lock
(services.CAST_READ), the participation and the paper with its marks. Voters are seeded once and
reused; each run casts into two fresh ballots.
"""

from __future__ import annotations

import json
import queue
import secrets
import socket
import statistics
import threading
import time
import uuid

from congress.bench import classifier, cpu_used, gunicorn, processes, result, scenario, signed_in_session

VOTERS = 500
CLIENTS = 50
NAME = "ballot-burst"


def _seed_voters():
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group

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
    return users, [signed_in_session(user, expiry=3600) for user in users]


def _ballot(actor, voters, title):
    from congress.ballots import services
    from congress.models import Term, User

    owner, _ = Term.objects.get_or_create(number=99, defaults={"starts_on": "2030-01-01", "ends_on": "2035-01-01"})
    ballot = services.create_ballot(owner, title=title, kind="competitive", options=[f"项目{i}" for i in range(20)],
                                    actor=actor, seats=13)
    return services.open_ballot(ballot.pk, actor=actor, electorate=User.objects.filter(pk__in=[u.pk for u in voters]))


def _marks(ballot, rng):
    keys = [str(k) for k in ballot.options.values_list("pk", flat=True)]
    yes = set(rng.sample(keys, 13))
    return {k: "yes" if k in yes else rng.choice(["no", "abstain"]) for k in keys}


# --------------------------------------------------------------------------- the load generator


def _request(method: str, path: str, session: str, body: bytes = b"") -> bytes:
    """The bytes of one request from a signed-in phone (its session and CSRF cookies)."""
    csrf = secrets.token_hex(16)  # 32 characters: Django accepts an unmasked secret
    head = (f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
            f"Cookie: sessionid={session}; csrftoken={csrf}\r\nX-CSRFToken: {csrf}\r\n")
    if body:
        head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
    return (head + "\r\n").encode() + body


def _send(port: int, request: bytes) -> int:
    """Send `request` on a new connection (gunicorn's sync workers close each one after answering),
    read the answer to its last byte; its status, or 0 if the connection failed."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
            sock.sendall(request)
            first = sock.recv(65536)
            while sock.recv(65536):
                pass
    except OSError:
        return 0
    return int(first[9:12]) if first[:7] == b"HTTP/1." else 0


def _run_clients(port: int, requests: list[bytes]) -> tuple[float, list[float], list[int]]:
    """CLIENTS threads send `requests`, each its next one as soon as its last was answered; the
    wall time, the latency of every 201 and every status."""
    pending = queue.SimpleQueue()
    for request in requests:
        pending.put(request)
    per_client = [([], []) for _ in range(CLIENTS)]

    def client(latencies, statuses):
        while True:
            try:
                request = pending.get_nowait()
            except queue.Empty:
                return
            before = time.perf_counter()
            status = _send(port, request)
            if status == 201:
                latencies.append(time.perf_counter() - before)
            statuses.append(status)

    threads = [threading.Thread(target=client, args=lists) for lists in per_client]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    return elapsed, [x for lat, _ in per_client for x in lat], [s for _, st in per_client for s in st]


def _warm_up(port: int, ballot_id: int, sessions: list[str]) -> None:
    """Each client fetches the ballot, twice over: every worker has then served a request."""
    gets = [_request("GET", f"/api/v1/ballots/{ballot_id}/", s) for s in sessions[:CLIENTS] * 2]
    _elapsed, _latencies, statuses = _run_clients(port, gets)
    if set(statuses) != {200}:
        raise AssertionError(f"the warm-up's GETs answered {sorted(set(statuses))}, not only 200")


# --------------------------------------------------------------------------- the raw baseline


def _raw_burst(dsn, ballot_id, user_ids, marks):
    """The service's statements for each voter, through psycopg; papers written and seconds."""
    import psycopg

    from congress.ballots.services import CAST_READ, INSERT_PAPER, INSERT_PARTICIPATION, new_receipt

    jobs = queue.SimpleQueue()
    for user_id, paper in zip(user_ids, marks, strict=True):
        jobs.put((user_id, json.dumps(paper)))
    written = []

    def client():
        with psycopg.connect(dsn) as connection:
            while True:
                try:
                    user_id, paper = jobs.get_nowait()
                except queue.Empty:
                    return
                with connection.transaction():
                    connection.execute(CAST_READ, {"ballot": ballot_id, "user": user_id}).fetchone()
                    connection.execute(INSERT_PARTICIPATION, [uuid.uuid4(), ballot_id, user_id])
                    connection.execute(INSERT_PAPER, [uuid.uuid4(), ballot_id, paper, new_receipt()])
                written.append(1)

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return len(written), time.perf_counter() - start


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
    casts = [_request("POST", f"/api/v1/ballots/{ballot.pk}/cast/", session, json.dumps({"marks": paper}).encode())
             for session, paper in zip(sessions, marks, strict=True)]
    try:
        with gunicorn("congress.wsgi:application", name=NAME, env={"GUNICORN_CMD_ARGS": "--backlog 256"}) as port:
            _warm_up(port, ballot.pk, sessions)
            classify = classifier(port)
            before = processes()
            burst, latencies, statuses = _run_clients(port, casts)
            cpu = cpu_used(before, processes(), classify)
        raw_done, raw_seconds = _raw_burst(_dsn(), raw_ballot.pk, [u.pk for u in voters], raw_marks)
        papers = BallotPaper.objects.filter(ballot=ballot).count()
        participations = BallotParticipation.objects.filter(ballot=ballot).count()
        voted = BallotParticipation.objects.filter(ballot=ballot).values("user_id").distinct().count()
        duplicates = participations - voted
        started = time.perf_counter()
        services.close_ballot(ballot.pk, actor=actor)
        close_seconds = time.perf_counter() - started
        verified = services.verify_ballot(ballot.pk, actor=actor).ok
        cuts = statistics.quantiles(latencies, n=100, method="inclusive") if len(latencies) > 1 else [0] * 99
        rate, raw_rate = len(latencies) / burst, raw_done / raw_seconds
        cast = max(len(latencies), 1)
        return [
            result(NAME, "papers counted", papers, "papers"),
            result(NAME, "participations", participations, "rows"),
            result(NAME, "duplicate voters", duplicates, "voters"),
            result(NAME, "refused or failed casts", sum(1 for s in statuses if s != 201), "responses"),
            result(NAME, "p50", round(cuts[49] * 1000, 1), "ms"),
            result(NAME, "p99 (goal <= 300)", round(cuts[98] * 1000, 1), "ms"),
            result(NAME, "whole burst (goal <= 5)", round(burst, 2), "s"),
            result(NAME, "papers/s through HTTP", round(rate, 1), "papers/s",
                   ratio=round(rate / raw_rate, 3), baseline="raw psycopg papers/s (goal >= 0.3)"),
            result(NAME, "raw psycopg papers/s", round(raw_rate, 1), "papers/s"),
            *(result(NAME, f"CPU per paper: {kind}", round(cpu.get(kind, 0.0) / cast * 1000, 2), "ms")
              for kind in ("app workers", "postgres", "load generator", "other processes")),
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
