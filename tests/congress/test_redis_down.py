"""With Redis stopped the site keeps working: no request talks to the broker
(architecture.md, Celery). Each request must come back within 2 s rather than hang."""

import threading

import pytest
from django.db import connections

from congress.models import Delivery
from congress.notifications import notify
from tests.deputies.factories import DeputyFactory

pytestmark = pytest.mark.django_db(transaction=True)
HANG_LIMIT = 2.0


def answered_in_time(call):
    """Run a request in a thread; fail if it has not come back within HANG_LIMIT seconds."""
    box = {}

    def run():
        try:
            box["response"] = call()
        finally:
            connections.close_all()  # this thread's own connection, or the test database stays in use

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(HANG_LIMIT)
    assert not worker.is_alive(), "the request hung while Redis was down"
    return box["response"]


@pytest.fixture
def redis_down(private_redis, settings):
    settings.REDIS_URL = settings.CELERY_BROKER_URL = settings.CELERY_RESULT_BACKEND = private_redis.url
    private_redis.stop(kill=True)
    return private_redis


def test_sign_in_pages_and_api_work_with_redis_stopped(redis_down, client, staff_user, token_client):
    DeputyFactory(name="孙丽君")
    response = answered_in_time(lambda: client.post(
        "/accounts/login/", {"username": "staff1", "password": "correct-horse-battery"}))
    assert response.status_code == 302
    for url in ("/staff/", "/staff/deputies/", "/notifications/"):
        assert answered_in_time(lambda url=url: client.get(url)).status_code == 200
    api, _ = token_client(staff_user)
    listing = answered_in_time(lambda: api.get("/api/v1/deputies/"))
    assert listing.status_code == 200 and listing.json()["results"][0]["name"] == "孙丽君"


def test_healthz_reports_redis_down_but_stays_200(redis_down, client):
    response = answered_in_time(lambda: client.get("/healthz"))
    assert response.status_code == 200
    report = response.json()
    assert report["redis"]["ok"] is False and report["database"]["ok"] is True
    assert report["status"] == "degraded"


def test_messages_written_while_redis_is_down_wait_in_the_outbox(redis_down, staff_user):
    notify(staff_user, "test.hello", "Redis 停止期间的消息")
    assert Delivery.objects.filter(state="pending").count() == 1  # sent by the next sweep, not lost
