"""The embedded servers that `make run` / `make test` start on a machine with nothing but Python."""

import os
import subprocess
import sys

import environ
import psycopg
import pytest
import redis

from congress.localenv import (
    OWNER_FILE,
    ROOT,
    RedisServer,
    Services,
    ensure_database,
    postgres_url,
    start_postgres,
)


def test_socket_url_is_read_by_django_environ_as_socket_directory_and_name():
    config = environ.Env.db_url_config(postgres_url("/work/main/.local/pgdata", "congress"))
    assert config["HOST"] == "/work/main/.local/pgdata"
    assert config["NAME"] == "congress"
    assert config["USER"] == "postgres"


def test_embedded_redis_starts_answers_and_stops(tmp_path):
    server = RedisServer(tmp_path / "redis").start()
    try:
        client = redis.Redis.from_url(server.url)
        assert client.set("greeting", "你好") and client.get("greeting").decode() == "你好"
    finally:
        server.stop()
    assert not server.ping()


def dead_pid() -> int:
    gone = subprocess.Popen(["true"])  # noqa: S603, S607
    gone.wait()
    return gone.pid


def test_embedded_redis_replaces_a_leftover_server_from_a_killed_run(tmp_path):
    first = RedisServer(tmp_path / "redis").start()
    orphan = first.process  # as if `make run` had been killed with -9: the server lives on, its launcher is gone
    (tmp_path / "redis" / OWNER_FILE).write_text(f"{dead_pid()} {first.port}")
    second = RedisServer(tmp_path / "redis").start()
    try:
        assert orphan.wait(5) is not None  # the leftover was stopped, not left running beside the new one
        assert second.ping() and not second.reused
    finally:
        second.stop()


def test_a_second_command_reuses_the_running_redis_and_never_stops_it(tmp_path):
    running = RedisServer(tmp_path / "redis").start()  # `make run`, whose launcher (this process) lives
    try:
        redis.Redis.from_url(running.url).set("beat", "alive")
        second = RedisServer(tmp_path / "redis").start()  # `make manage` beside it
        assert second.reused and second.url == running.url
        second.stop()
        assert running.process.poll() is None and running.ping()
        assert redis.Redis.from_url(running.url).get("beat") == b"alive"
    finally:
        running.stop()
    assert not running.ping()


SECOND_COMMAND = """
import sys
from pathlib import Path
from congress.localenv import Services
with Services(redis_dir="redis-run", database="probe", local=Path(sys.argv[1])) as services:
    print("REUSED" if services.redis.reused else "STARTED", flush=True)
"""


def test_make_manage_beside_make_run_leaves_both_servers_running(tmp_path, monkeypatch):
    """Issue 6 item 13: a second command (its own process) uses the embedded Redis and PostgreSQL
    that the first started, and after it exits the first still has both."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("REDIS_URL", raising=False)
    local = tmp_path / "local"
    with Services(redis_dir="redis-run", database="probe", local=local) as first:
        env = {name: value for name, value in os.environ.items() if name not in {"DATABASE_URL", "REDIS_URL"}}
        second = subprocess.run([sys.executable, "-c", SECOND_COMMAND, str(local)], env=env, cwd=ROOT,  # noqa: S603
                                capture_output=True, text=True, timeout=120)
        assert second.returncode == 0, second.stderr
        assert "REUSED" in second.stdout and "embedded Redis stopped" not in second.stdout
        assert first.redis.process.poll() is None and first.redis.ping()
        config = environ.Env.db_url_config(os.environ["DATABASE_URL"])
        with psycopg.connect(host=config["HOST"], dbname=config["NAME"], user=config["USER"]) as conn:
            assert conn.execute("SELECT current_database()").fetchone() == ("probe",)
    assert not first.redis.ping()


def test_embedded_postgres_starts_creates_a_database_and_stops(tmp_path):
    server = start_postgres(tmp_path / "pgdata")
    url = ensure_database(server, "probe")
    config = environ.Env.db_url_config(url)
    with psycopg.connect(host=config["HOST"], dbname=config["NAME"], user=config["USER"]) as conn:
        assert conn.execute("SELECT current_database()").fetchone() == ("probe",)
    server.cleanup()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(host=config["HOST"], dbname=config["NAME"], user=config["USER"], connect_timeout=2)
