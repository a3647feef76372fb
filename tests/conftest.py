"""Fixtures shared by every test: users per role, one client per kind of actor, API tokens,
a real Celery worker process and a private Redis that a test may stop (style.md B8); and the
rule that every test asserts something (tests/plugins/assertions.py)."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from rest_framework.test import APIClient

from congress import roles
from congress.localenv import RedisServer
from tests.congress.factories import UnitFactory, UserFactory
from tests.deputies.factories import DeputyFactory
from tests.plugins.assertions import pytest_collection_modifyitems  # noqa: F401  a test must assert

ROOT = Path(__file__).resolve().parent.parent


def make_user(role: str | None = None, **fields):
    user = UserFactory(**fields)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def staff_user(db):
    return make_user(roles.STAFF, username="staff1", name="办公室 张敏")


@pytest.fixture
def leader_user(db):
    return make_user(roles.LEADER, username="leader1")


@pytest.fixture
def unit(db):
    return UnitFactory(name="区教育委员会", code="jw")


@pytest.fixture
def unit_user(db, unit):
    return make_user(roles.UNIT_HANDLER, username="unit1", unit=unit)


@pytest.fixture
def deputy(db):
    return DeputyFactory(name="王建国")


@pytest.fixture
def deputy_user(db, deputy):
    user = make_user(roles.DEPUTY, username="deputy1", name=deputy.name)
    deputy.user = user
    deputy.save(update_fields=["user"])
    return user


def _client_for(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def staff_client(client, staff_user):
    return _client_for(client, staff_user)


@pytest.fixture
def leader_client(client, leader_user):
    return _client_for(client, leader_user)


@pytest.fixture
def unit_client(client, unit_user):
    return _client_for(client, unit_user)


@pytest.fixture
def deputy_client(client, deputy_user):
    return _client_for(client, deputy_user)


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def token_client(db):
    """token_client(user, scopes=["read"], unit=None) → (APIClient with the key, token)."""
    from congress.services import issue_api_token

    def build(user, scopes=("read",), unit=None, name=None):
        token, key = issue_api_token(
            actor=None, name=name or f"system-{user.username}-{'-'.join(scopes)}", user=user,
            scopes=list(scopes), unit=unit,
        )
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
        return client, token

    return build


def test_database_url() -> str:
    """The URL of the database pytest-django created, for processes the tests start."""
    s = connection.settings_dict
    if s["HOST"].startswith("/"):
        return f"postgres://{s['USER']}@/{quote(s['HOST'] + '/' + s['NAME'], safe='')}"
    password = f":{quote(s['PASSWORD'], safe='')}" if s["PASSWORD"] else ""
    return f"postgres://{quote(s['USER'], safe='')}{password}@{s['HOST']}:{s['PORT'] or 5432}/{s['NAME']}"


test_database_url.__test__ = False  # a helper, not a test


@pytest.fixture
def private_redis(tmp_path):
    """A Redis of this test's own, which it may stop or kill; never the one `make test` started."""
    server = RedisServer(tmp_path / "redis").start()
    yield server
    server.stop()


class WorkerProcess:
    """One real `celery worker` process (solo pool) on the test database and the suite's Redis.

    Calling it waits for a condition on the database; `kill()` sends SIGKILL, as the OOM killer
    or a power cut would; `stop()` is the polite shutdown the fixture does after the test.
    """

    def __init__(self, env: dict, log_path: Path):
        self.env, self.log_path = env, log_path
        self.process: subprocess.Popen | None = None

    def start(self) -> "WorkerProcess":
        # The log goes to a file, not a pipe nobody reads: a chatty worker must never block on it.
        with open(self.log_path, "w") as log:
            self.process = subprocess.Popen(  # noqa: S603
                [sys.executable, "-m", "celery", "-A", "congress", "worker", "--pool", "solo", "--loglevel",
                 "WARNING", "--hostname", f"test-{os.getpid()}-{self.log_path.stem}@%h", "--without-mingle",
                 "--without-gossip"],
                cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, text=True,
            )
        return self

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-5000:]

    def __call__(self, condition, timeout=30.0, what="the worker"):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return True
            if self.process.poll() is not None:
                raise AssertionError(f"the worker exited early:\n{self.log()}")
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what}:\n{self.log()}")

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def start_celery_worker(transactional_db, settings, tmp_path):
    """start_celery_worker(**environment) → a started WorkerProcess; all are stopped after the test."""
    workers = []

    def start(**environment):
        env = dict(os.environ, DATABASE_URL=test_database_url(), REDIS_URL=settings.REDIS_URL,
                   DJANGO_ENV="test", CONGRESS_WORKER_HEARTBEAT_SECONDS="1", **environment)
        worker = WorkerProcess(env, tmp_path / f"worker-{len(workers) + 1}.log").start()
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()


@pytest.fixture
def celery_worker_process(start_celery_worker):
    """A real `celery worker` process on the test database and the suite's Redis.

    Returns a function that waits for a condition on the database; the worker is stopped after.
    """
    return start_celery_worker()
