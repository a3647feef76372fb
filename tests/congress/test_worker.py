"""A real Celery worker on the real Redis: it writes its heartbeat, /healthz sees it, and the
delivery sweep runs in it against the database."""

import time
from collections import Counter

import pytest
from django.utils import timezone

from congress.models import Delivery, WorkerHeartbeat
from congress.notifications import notify
from congress.tasks import deliver_pending
from tests.congress.factories import UserFactory
from tests.congress.sms_probe import sent_keys

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_the_worker_heartbeat_reaches_healthz(celery_worker_process, client):
    celery_worker_process(WorkerHeartbeat.objects.exists, what="the first heartbeat")
    report = client.get("/healthz").json()
    assert report["database"]["ok"] and report["redis"]["ok"] and report["worker"]["ok"]
    assert report["status"] == "ok"
    first = WorkerHeartbeat.objects.get().seen_at
    celery_worker_process(lambda: WorkerHeartbeat.objects.get().seen_at > first, what="a second heartbeat")


def test_the_worker_runs_the_delivery_sweep(celery_worker_process, settings):
    user = UserFactory(email="li@example.org", phone="")
    notify(user, "test.hello", "来自工作进程的问候")
    celery_worker_process(WorkerHeartbeat.objects.exists, what="the worker")
    deliver_pending.delay()  # a test is not a web request: it may publish
    celery_worker_process(lambda: Delivery.objects.filter(state="sent").exists(), what="the delivery")
    assert Delivery.objects.get().sent_at <= timezone.now()


def test_a_worker_killed_mid_sweep_sends_nothing_twice(start_celery_worker, tmp_path):
    """Issue 6 item 12: SIGKILL the worker in the middle of 40 SMS, start another; each message
    goes out under one key, and only the one that was in flight is offered again, with that key."""
    sent_file = tmp_path / "sms.tsv"
    environment = {
        "CONGRESS_SMS_BACKEND": "tests.congress.sms_probe.SlowFileBackend", "CONGRESS_TEST_SMS_FILE": str(sent_file),
        "CONGRESS_TEST_SMS_SECONDS": "0.1", "CONGRESS_DELIVERY_CLAIM_SECONDS": "2",
        "CONGRESS_SMS_QUIET_START": "00:00", "CONGRESS_SMS_QUIET_END": "00:00",  # no quiet hours, whatever the hour
    }
    for number in range(40):
        notify(UserFactory(email="", phone=f"139{number:08d}"), "test.hello", f"第{number}条", channels=["sms"])
    keys = {row.idempotency_key for row in Delivery.objects.all()}

    first = start_celery_worker(**environment)
    first(WorkerHeartbeat.objects.exists, what="the first worker")
    deliver_pending.delay()
    first(lambda: len(sent_keys(sent_file)) >= 10, what="the first sends")
    first.kill()
    before = sent_keys(sent_file)
    assert 10 <= len(before) < 40, "the worker was killed mid-sweep"
    in_flight = {row.idempotency_key for row in Delivery.objects.filter(state="sending")}
    assert len(in_flight) <= 1  # one row is claimed at a time
    assert Delivery.objects.filter(state="sent").count() >= len(before) - 1

    second = start_celery_worker(**environment)
    second(lambda: WorkerHeartbeat.objects.count() == 2, what="the second worker")
    time.sleep(2.5)  # let the dead worker's claim go stale
    deliver_pending.delay()  # what beat does every minute
    second(lambda: Delivery.objects.filter(state="sent").count() == 40, what="the rest of the sweep")

    after = sent_keys(sent_file)
    assert set(after) == keys  # every message went out, each under its own row's key
    repeated = {key for key, times in Counter(after).items() if times > 1}
    assert repeated <= in_flight  # only the row in flight at the kill was offered again, with the same key
    assert all(times <= 2 for times in Counter(after).values())
