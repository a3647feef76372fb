"""The suggestions tasks in a real Celery worker on the test database and the suite's Redis."""

from datetime import date
from unittest import mock

import pytest
from django.db import transaction

from congress.models import Reminder, WorkerHeartbeat
from suggestions import reminders
from suggestions.models import Statistic
from suggestions.tasks import create_reminders, refresh_statistics
from tests.suggestions.conftest import assigned, part

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_the_worker_runs_the_reminder_sweep_once(celery_worker_process, district):
    d = district
    suggestion = assigned(d, lead="jt")  # due 6 May 2026: overdue for the worker, which sweeps "today"
    lead_part = part(suggestion, "jt")
    celery_worker_process(WorkerHeartbeat.objects.exists, what="the worker")

    create_reminders.delay()  # a test is not a web request: it may publish
    celery_worker_process(lambda: Reminder.objects.filter(object_id=lead_part.pk).count() == 2,
                          what="the reminders")
    assert set(Reminder.objects.values_list("kind", "recipient__username")) == {
        ("suggestions.reply_overdue", "h-jt"), ("suggestions.reply_overdue", "office")}

    # The result backend is off by default; ask for this one result to know the second run is over.
    second = create_reminders.apply_async(ignore_result=False)
    assert second.get(timeout=30) == 0
    assert Reminder.objects.count() == 2

    statistics = refresh_statistics.apply_async(ignore_result=False)
    assert statistics.get(timeout=30) == Statistic.objects.count()  # the rows of the year(s) it refreshed


def test_a_rolled_back_sweep_creates_nothing(district):
    d = district
    assigned(d, lead="jt")
    today = date(2026, 5, 7)  # the day the reply becomes overdue

    with pytest.raises(RuntimeError), transaction.atomic():
        assert reminders.create_reminders(today=today) == 2
        raise RuntimeError("the caller's transaction fails after the sweep")
    assert not Reminder.objects.exists()

    real_sweep = reminders._sweep
    calls = []

    def failing_last(cursor, **kwargs):
        calls.append(kwargs["prefix"])
        if kwargs["prefix"].endswith("commitment"):
            raise RuntimeError("the database went away mid-sweep")
        return real_sweep(cursor, **kwargs)

    with mock.patch.object(reminders, "_sweep", failing_last), pytest.raises(RuntimeError):
        reminders.create_reminders(today=today)
    assert calls[0] == "suggestions.reply"  # the overdue reply was inserted, then rolled back
    assert not Reminder.objects.exists()
    assert reminders.create_reminders(today=today) == 2
