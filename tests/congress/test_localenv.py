"""The embedded servers that `make run` / `make test` start on a machine with nothing but Python."""

import environ
import psycopg
import pytest
import redis

from congress.localenv import RedisServer, ensure_database, postgres_url, start_postgres


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


def test_embedded_redis_replaces_a_leftover_server_from_a_killed_run(tmp_path):
    first = RedisServer(tmp_path / "redis").start()
    orphan = first.process  # as if `make run` had been killed with -9: the server lives on
    second = RedisServer(tmp_path / "redis").start()
    try:
        assert orphan.wait(5) is not None  # the leftover was stopped, not left running beside the new one
        assert second.ping()
    finally:
        second.stop()


def test_embedded_postgres_starts_creates_a_database_and_stops(tmp_path):
    server = start_postgres(tmp_path / "pgdata")
    url = ensure_database(server, "probe")
    config = environ.Env.db_url_config(url)
    with psycopg.connect(host=config["HOST"], dbname=config["NAME"], user=config["USER"]) as conn:
        assert conn.execute("SELECT current_database()").fetchone() == ("probe",)
    server.cleanup()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(host=config["HOST"], dbname=config["NAME"], user=config["USER"], connect_timeout=2)
