"""A real Celery worker on the real Redis: it writes its heartbeat, /healthz sees it, and the
delivery sweep runs in it against the database."""

import pytest
from django.utils import timezone

from congress.models import Delivery, WorkerHeartbeat
from congress.notifications import notify
from congress.tasks import deliver_pending
from tests.congress.factories import UserFactory

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
