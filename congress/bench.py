"""The harness behind `make bench`: a registry of scenarios, timing helpers and the report.

A scenario is a plain function in `<app>/bench.py`, registered with `@scenario(...)`. It seeds
what it needs into the bench database, measures, and returns result rows built with `result()`.
`manage.py bench` imports those modules (`discover()`), runs the scenarios, prints `format_table()`
and calls `write_json()`, so that `.bench/latest.json` lets a tool compare two runs.

The scenarios live in the app packages so that the installed package never imports `tests` (a
wheel has no such package, or worse, another distribution's). The raw-SQL baselines the scenarios
compare against stay in the checkout's `tests/bench/`; only the gunicorn subprocess imports them,
named through `checkout_baseline()`.

Ratio goals (quality.md) compare two figures taken in the same run, on the same machine, because
absolute numbers say little across machines; a row carries its ratio and the baseline it used.
"""

from __future__ import annotations

import http.client
import json
import os
import platform
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from congress.localenv import free_port

ROOT = Path(__file__).resolve().parent.parent
OUTPUT_DIR = ROOT / ".bench"
REQUIRED_KEYS = ("scenario", "metric", "value", "unit")

# --------------------------------------------------------------------------- registry


@dataclass(frozen=True)
class Scenario:
    name: str
    app: str
    func: Callable[[], list[dict]]

    @property
    def summary(self) -> str:
        """The docstring's first line, shown by `manage.py bench --list`."""
        lines = (self.func.__doc__ or "").strip().splitlines()
        return lines[0] if lines else ""


SCENARIOS: dict[str, Scenario] = {}


def scenario(name: str, *, app: str):
    """Register a scenario under a name that `manage.py bench <name>` selects it by."""

    def register(func: Callable[[], list[dict]]) -> Callable[[], list[dict]]:
        # Two scenarios with one name would make a selection ambiguous and the report misleading.
        if name in SCENARIOS and SCENARIOS[name].func is not func:
            raise ValueError(f"bench scenario {name!r} is registered twice")
        SCENARIOS[name] = Scenario(name, app, func)
        return func

    return register


def discover() -> None:
    """Import `<app>.bench` of every installed app that has one, which registers its scenarios, and
    the modules an AppConfig lists in `bench_modules` (congress.bench is this harness, so the core's
    own scenarios live elsewhere; naming them here would make the harness import its scenarios).

    Only the module's own absence is expected; an error inside one is a bug and must show.
    """
    from importlib import import_module

    from django.apps import apps
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("bench")
    for config in apps.get_app_configs():
        for module in getattr(config, "bench_modules", ()):
            import_module(module)


def checkout_baseline(module: str) -> str:
    """The gunicorn app path ("tests.bench.<module>:application") of a raw baseline in the checkout.

    The baseline is imported by the gunicorn subprocess (run in ROOT), never by this process; outside
    a checkout the comparison cannot run, and says so instead of failing on an import.
    """
    if not (ROOT / "tests" / "bench" / f"{module}.py").is_file():
        raise RuntimeError(f"the raw baseline tests/bench/{module}.py is not here: run the bench from a checkout")
    return f"tests.bench.{module}:application"


def result(scenario: str, metric: str, value: float, unit: str, *,
           ratio: float | None = None, baseline: str | None = None) -> dict:
    """One row of the report; `ratio` is value / baseline's value when the row has a baseline."""
    row = {"scenario": scenario, "metric": metric, "value": value, "unit": unit}
    if ratio is not None:
        row.update(ratio=ratio, baseline=baseline)
    return row


# --------------------------------------------------------------------------- timing


@dataclass
class Timing:
    """What `run_for` saw: the latency of every successful call and how many calls failed."""

    latencies: list[float]
    errors: int
    elapsed: float

    @property
    def rate(self) -> float:
        """Successful calls per second; failed calls are not throughput."""
        return len(self.latencies) / self.elapsed

    def percentile_ms(self, percent: int) -> float:
        if len(self.latencies) < 2:
            return float("nan")  # every call failed (a crowd that only timed out): the errors row says so
        cuts = statistics.quantiles(self.latencies, n=100, method="inclusive")
        return cuts[percent - 1] * 1000


def run_for(call: Callable[[], bool], *, seconds: float = 5.0, warmup: float = 1.0) -> Timing:
    """Call `call` back to back for `seconds` after `warmup` seconds that are not counted.

    The warm-up lets caches, connections and prepared statements settle, so the figures describe
    the steady state. `call` returns whether it succeeded; failures are counted, not timed.
    """
    warm_until = time.perf_counter() + warmup
    while time.perf_counter() < warm_until:
        call()
    latencies, errors = [], 0
    start = time.perf_counter()
    while (before := time.perf_counter()) < start + seconds:
        ok = call()
        if ok:
            latencies.append(time.perf_counter() - before)
        else:
            errors += 1
    return Timing(latencies, errors, time.perf_counter() - start)


def run_concurrently(make_call: Callable[[], Callable[[], bool]], *, clients: int = 20, seconds: float = 5.0,
                     warmup: float = 1.0) -> Timing:
    """`clients` threads, each with the call `make_call()` gives it (its own connection), calling back
    to back for `seconds` after an uncounted `warmup`: quality.md goal 3's concurrent figures. The
    threads wait on the network, not on the GIL, so one process drives twenty clients."""
    calls = [make_call() for _ in range(clients)]
    barrier = threading.Barrier(clients + 1)
    timings: list[Timing] = []
    lock = threading.Lock()

    def client(call):
        barrier.wait()
        timing = run_for(call, seconds=seconds, warmup=warmup)
        with lock:
            timings.append(timing)

    threads = [threading.Thread(target=client, args=(call,), daemon=True) for call in calls]
    for thread in threads:
        thread.start()
    barrier.wait()
    for thread in threads:
        thread.join(seconds + warmup + 30)
    return Timing([t for timing in timings for t in timing.latencies], sum(t.errors for t in timings),
                  max(timing.elapsed for timing in timings))


def best_of(call: Callable[[], object], n: int = 5) -> float:
    """The fastest of `n` runs, in seconds: the run least disturbed by the rest of the machine."""
    times = []
    for _ in range(n):
        before = time.perf_counter()
        call()
        times.append(time.perf_counter() - before)
    return min(times)


def signed_in_session(user, *, expiry: int | None = None) -> str:
    """The key of a session signed in as `user`, written directly: a scenario measures the page,
    not the sign-in form. The backend is the model backend (axes' comes first and only refuses)."""
    from django.conf import settings  # noqa: PLC0415 (the runner itself starts before Django)
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: PLC0415
    from django.contrib.sessions.backends.db import SessionStore  # noqa: PLC0415

    store = SessionStore()
    store[SESSION_KEY], store[BACKEND_SESSION_KEY] = str(user.pk), settings.AUTHENTICATION_BACKENDS[-1]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if expiry is not None:
        store.set_expiry(expiry)
    store.create()
    return store.session_key


# --------------------------------------------------------------------------- CPU by process


@dataclass(frozen=True)
class Process:
    pid: int
    ppid: int
    started: int  # clock ticks after boot: tells a reused pid from the process that had it
    cmdline: str
    cpu: float  # seconds of user + system time so far


def processes() -> dict[int, Process]:
    """Every process of the machine with the CPU it has used so far, from /proc ({} without it).

    The bench shares 2 cores with the server, the database and whatever else runs on the machine;
    the CPU each of them took during a measurement says where the time went, and how loaded the
    machine was.
    """
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    found = {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:  # gone meanwhile, or not ours to read
            continue
        fields = stat[stat.rindex(")") + 2:].split()  # the command name in (…) may hold spaces
        found[int(entry.name)] = Process(int(entry.name), int(fields[1]), int(fields[19]), cmdline,
                                         (int(fields[11]) + int(fields[12])) / tick)
    return found


def cpu_used(before: dict[int, Process], after: dict[int, Process],
             classify: Callable[[Process], str]) -> dict[str, float]:
    """CPU seconds used between two `processes()` snapshots, summed by `classify(process)`.
    A process started in between counts whole; one that ended in between is lost."""
    totals: dict[str, float] = {}
    for pid, process in after.items():
        earlier = before.get(pid)
        used = process.cpu - (earlier.cpu if earlier and earlier.started == process.started else 0.0)
        kind = classify(process)
        totals[kind] = totals.get(kind, 0.0) + used
    return totals


def classifier(port: int) -> Callable[[Process], str]:
    """Name the process kinds that share the cores: the app's workers (the server on `port`), our
    PostgreSQL, the load generator (this process), and everything else on the machine."""
    from django.db import connection  # noqa: PLC0415 (Django is set up by the time a scenario runs)

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    postmaster = processes().get(backend)
    postmaster = postmaster.ppid if postmaster else None
    me, server = os.getpid(), f"127.0.0.1:{port}"

    def classify(process) -> str:
        if process.pid == me:
            return "load generator"
        if server in process.cmdline:
            return "app workers"
        if postmaster in (process.pid, process.ppid):
            return "postgres"
        return "other processes"

    return classify


# --------------------------------------------------------------------------- HTTP


class HttpClient:
    """One sequential client on 127.0.0.1 that keeps its connection while the server allows.

    gunicorn's sync workers close every connection after the response; http.client then
    reconnects on the next request, so both servers of a comparison pay the same connect cost.
    """

    def __init__(self, port: int, headers: dict[str, str] | None = None):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        self.headers = headers or {}

    def get(self, path: str) -> tuple[int, bytes]:
        try:
            self.connection.request("GET", path, headers=self.headers)
            response = self.connection.getresponse()
            return response.status, response.read()
        except (OSError, http.client.HTTPException):
            self.connection.close()  # start afresh on the next call
            raise

    def get_ok(self, path: str) -> bool:
        """True for a 200; any other status or a broken connection counts as an error."""
        try:
            return self.get(path)[0] == 200
        except (OSError, http.client.HTTPException):
            return False

    def close(self) -> None:
        self.connection.close()


_CONTENT_LENGTH = re.compile(rb"\r\ncontent-length:[ \t]*(\d+)", re.IGNORECASE)


class Getter:
    """A call for `run_concurrently`: GET one path on a connection of its own, True for a whole 200.

    The crowd's clients share the machine's two cores with the servers they measure, so each costs
    as little as it can: the request is written once as bytes, and the answer is read to the end of
    the stream (gunicorn's sync workers close every connection after answering) and checked by its
    status line and Content-Length. http.client parses every answer's headers through the email
    package, about a millisecond of this process's CPU per request, taken from the servers."""

    def __init__(self, port: int, path: str, headers: dict[str, str] | None = None):
        lines = [f"GET {path} HTTP/1.1", f"Host: 127.0.0.1:{port}",
                 *(f"{name}: {value}" for name, value in (headers or {}).items()), "Connection: close"]
        self.request = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        self.address = ("127.0.0.1", port)

    def __call__(self) -> bool:
        chunks = []
        try:
            with socket.create_connection(self.address, timeout=10) as connection:
                connection.sendall(self.request)
                while chunk := connection.recv(1 << 16):
                    chunks.append(chunk)
        except OSError:
            return False
        head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
        if not head.startswith(b"HTTP/1.1 200 "):
            return False
        length = _CONTENT_LENGTH.search(head)
        return length is not None and int(length.group(1)) == len(body)


def http_getter(port: int, path: str, headers: dict[str, str] | None = None) -> Callable[[], bool]:
    """A call for `run_concurrently`: GET `path` on a connection of its own (`Getter`)."""
    return Getter(port, path, headers)


# quality.md's method: gunicorn sync workers, 2 × CPU (4 on the 2-core machine the goals are set for).
WORKERS = 2 * (os.cpu_count() or 1)


@contextmanager
def gunicorn(app: str, *, name: str, workers: int = WORKERS, env: dict[str, str] | None = None,
             timeout: float = 30.0) -> Iterator[int]:
    """Serve the WSGI `app` ("module:callable") on a free loopback port; yields the port.

    A real server, not the test client, so that the figures include what production pays
    (HTTP parsing, worker processes). Its output goes to `.bench/<name>.log`. The server is
    stopped on the way out whatever happened, so a failed scenario leaves no process behind.
    `--preload`: the workers fork from a master that has imported the app, so none is still
    importing (and eating a core) when the measured requests begin.
    """
    OUTPUT_DIR.mkdir(exist_ok=True)
    port = free_port()
    log_path = OUTPUT_DIR / f"{name}.log"
    argv = [str(Path(sys.executable).parent / "gunicorn"), app, "-w", str(workers),
            "-b", f"127.0.0.1:{port}", "--log-level", "warning", "--preload"]
    with log_path.open("wb") as log:
        process = subprocess.Popen(  # noqa: S603
            argv, cwd=ROOT, env={**os.environ, **(env or {})}, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            wait_until_answering(process, port, timeout, log_path)
            yield port
        finally:
            stop(process)


def wait_until_answering(process: subprocess.Popen, port: int, timeout: float, log_path: Path) -> None:
    """Return once a worker answers any HTTP request; a listening master is not enough."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        client = HttpClient(port)
        try:
            client.get("/")
            return
        except (OSError, http.client.HTTPException):
            time.sleep(0.1)
        finally:
            client.close()
    tail = log_path.read_text(errors="replace")[-2000:]
    raise RuntimeError(f"gunicorn did not answer on port {port} within {timeout:.0f} s:\n{tail}")


def stop(process: subprocess.Popen) -> None:
    """SIGTERM lets gunicorn stop its workers; SIGKILL to its process group if it hangs."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


# --------------------------------------------------------------------------- comparing two servers


def check_same_answer(path: str, django: HttpClient, raw: HttpClient) -> None:
    """The baseline must return exactly what the API returns, or the ratio compares two things."""
    answers = []
    for client in (django, raw):
        status, body = client.get(path)
        if status != 200:
            raise AssertionError(f"GET {path} answered {status}: {body[:300]!r}")
        answers.append(json.loads(body))
    ours, theirs = answers
    if ours["count"] != theirs["count"]:
        raise AssertionError(f"count differs: django {ours['count']}, raw {theirs['count']}")
    if not ours["results"]:
        raise AssertionError("the page is empty: nothing would be measured")
    for mine, other in zip(ours["results"], theirs["results"], strict=True):
        if mine != other:
            raise AssertionError(f"rows differ:\n django {mine}\n raw    {other}")


def server_figures(name: str, label: str, timing: Timing, ratio: float | None = None) -> list[dict]:
    """Throughput, median and tail latency of one server; `ratio` is its throughput over raw's."""
    return [
        result(name, f"{label} requests/s", round(timing.rate, 1), "req/s",
               ratio=ratio, baseline="raw requests/s" if ratio is not None else None),
        result(name, f"{label} p50", round(timing.percentile_ms(50), 2), "ms"),
        result(name, f"{label} p95", round(timing.percentile_ms(95), 2), "ms"),
        result(name, f"{label} errors", timing.errors, "responses"),
    ]


# --------------------------------------------------------------------------- running and reporting


def compare_with_raw(name: str, path: str, *, baseline: str, raw_env: dict[str, str],
                     headers: dict[str, str], clients: int = 20) -> list[dict]:
    """GET `path` through gunicorn running Django and through the raw-SQL baseline `baseline`
    (tests/bench/<baseline>.py) after checking both give the same answer; the figures of each, the
    Django/raw ratio (quality.md goal 3) and Django under `clients` concurrent clients, each on its
    own connection (goal 2: p95 ≤ 250 ms, 0 errors). Every list scenario compares this way."""
    with (
        gunicorn("congress.wsgi", name="gunicorn-django") as django_port,
        gunicorn(checkout_baseline(baseline), name=f"gunicorn-{baseline}", env=raw_env) as raw_port,
    ):
        django = HttpClient(django_port, headers)
        raw = HttpClient(raw_port)
        try:
            check_same_answer(path, django, raw)
            django_timing = run_for(lambda: django.get_ok(path))
            raw_timing = run_for(lambda: raw.get_ok(path))
        finally:
            django.close()
            raw.close()
        crowd = crowd_figures(name, f"django {clients} clients", django_port, path, headers, clients=clients)
        raw_crowd = crowd_figures(name, f"raw {clients} clients", raw_port, path, {}, clients=clients)
    # The crowd's errors (time-outs, refusals) are a figure of their own, reported, not raised.
    if django_timing.errors or raw_timing.errors:
        raise AssertionError(f"non-200 answers: django {django_timing.errors}, raw {raw_timing.errors}")
    ratio = round(django_timing.rate / raw_timing.rate, 3)
    return (server_figures(name, "django", django_timing, ratio) + server_figures(name, "raw", raw_timing)
            + crowd + raw_crowd)


def crowd_figures(name: str, label: str, port: int, path: str, headers: dict[str, str], *,
                  clients: int = 20) -> list[dict]:
    """`clients` concurrent clients on the server at `port` (quality.md goal 2), with the CPU each
    request cost the server's workers and PostgreSQL: with the two cores busy, that CPU is what sets
    the crowd's latency."""
    classify = classifier(port)
    before = processes()
    timing = run_concurrently(lambda: http_getter(port, path, headers), clients=clients)
    cpu = cpu_used(before, processes(), classify)
    served = max(len(timing.latencies), 1)
    return server_figures(name, label, timing) + [
        result(name, f"{label} CPU per request: {kind}", round(cpu.get(kind, 0.0) / served * 1000, 2), "ms")
        for kind in ("app workers", "postgres")]


def run(scenarios: list[Scenario], log: Callable[[str], object] = print) -> tuple[list[dict], list[dict]]:
    """Run each scenario; one that raises is recorded as a failure and the others still run."""
    rows, failures = [], []
    for item in scenarios:
        log(f"[bench] {item.name} …")
        try:
            produced = item.func()
            missing = [key for row in produced for key in REQUIRED_KEYS if key not in row]
            if missing:
                raise ValueError(f"result rows lack {sorted(set(missing))}")
            rows.extend(produced)
        except Exception as exc:  # a broken scenario must not hide the others' figures
            traceback.print_exc()
            failures.append({"scenario": item.name, "error": f"{type(exc).__name__}: {exc}"})
    return rows, failures


def format_value(value: float) -> str:
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.1f}" if abs(value) >= 100 else f"{value:.2f}"


def format_table(rows: list[dict]) -> str:
    """A plain-text table, one row per figure, readable in a terminal and in CI logs."""
    header = ("scenario", "metric", "value", "unit", "vs baseline")
    lines = [
        (row["scenario"], row["metric"], format_value(row["value"]), row["unit"],
         f"{row['ratio']:.2f}x {row['baseline']}" if row.get("ratio") is not None else "")
        for row in rows
    ]
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *lines, strict=True)]
    right = {2}  # numbers line up on the right

    def fmt(cells) -> str:
        return "  ".join(
            str(cell).rjust(width) if i in right else str(cell).ljust(width)
            for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([fmt(header), rule, *(fmt(line) for line in lines)])


def write_json(rows: list[dict], failures: list[dict], path: Path | None = None) -> Path:
    """Write the figures with enough context (when, on what machine) to compare two runs later."""
    path = path or OUTPUT_DIR / "latest.json"
    path.parent.mkdir(exist_ok=True)
    document = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "platform": platform.platform(),
                    "cpus": os.cpu_count()},
        "results": rows,
        "failures": failures,
    }
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    return path
