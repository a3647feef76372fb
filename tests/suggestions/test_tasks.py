"""The suggestions tasks in a real Celery worker on the test database and the suite's Redis.

Every date is given to the tasks: a worker test must pass on any day the suite runs."""

from datetime import timedelta
from unittest import mock

import pytest
from django.db import transaction

from congress import reminders as core_reminders
from congress.models import Reminder, WorkerHeartbeat
from congress.tasks import sweep_reminders
from suggestions import reminders
from suggestions.models import Statistic
from suggestions.tasks import create_reminders, refresh_statistics
from tests.suggestions.conftest import assigned, part

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]



def day_after_due(suggestion):
    """The day the lead unit's reply becomes overdue (early May 2026; the exact day depends on the
    Holiday rows a transactional test before this one may have flushed)."""
    return part(suggestion, "jt").due_on + timedelta(days=1)


def test_the_worker_runs_the_reminder_sweep_once(celery_worker_process, district):
    d = district
    suggestion = assigned(d, lead="jt")
    lead_part = part(suggestion, "jt")
    overdue = day_after_due(suggestion)
    celery_worker_process(WorkerHeartbeat.objects.exists, what="the worker")

    create_reminders.delay(today=overdue.isoformat())  # a test is not a web request: it may publish
    celery_worker_process(lambda: Reminder.objects.filter(object_id=lead_part.pk).count() == 2,
                          what="the reminders")
    assert set(Reminder.objects.values_list("kind", "recipient__username", "due_on")) == {
        ("suggestions.reply_overdue", "h-jt", overdue), ("suggestions.reply_overdue", "office", overdue)}

    # The result backend is off by default; ask for this one result to know the second run is over.
    # The beat task sweeps every app's rules: the suggestions' reminders exist already.
    second = sweep_reminders.apply_async(kwargs={"today": overdue.isoformat()}, ignore_result=False)
    assert second.get(timeout=30) == 0
    assert Reminder.objects.count() == 2


def test_the_worker_refreshes_the_statistics_of_the_day_it_is_given(celery_worker_process, district):
    d = district
    overdue = day_after_due(assigned(d, lead="jt"))
    assigned(d, lead="jw")
    celery_worker_process(WorkerHeartbeat.objects.exists, what="the worker")
    statistics = refresh_statistics.apply_async(kwargs={"today": overdue.isoformat()}, ignore_result=False)
    assert statistics.get(timeout=30) > 0
    by_unit = {row.unit.code: (row.assigned, row.overdue) for row in
               Statistic.objects.filter(year=2026, meeting__isnull=True, dimension="unit", unit__isnull=False)}
    assert by_unit["jt"] == (1, 1) and by_unit["jw"] == (1, 1)  # assigned, not answered, past 6 May
    assert not Statistic.objects.filter(year=2027).exists()


def test_a_rolled_back_sweep_creates_nothing(district):
    d = district
    overdue = day_after_due(assigned(d, lead="jt"))

    with pytest.raises(RuntimeError), transaction.atomic():
        assert reminders.create_reminders(today=overdue) == 2
        raise RuntimeError("the caller's transaction fails after the sweep")
    assert not Reminder.objects.exists()

    real_sweep = core_reminders.sweep_rule
    calls = []

    def failing_last(cursor, rule, **kwargs):
        calls.append(rule.kind)
        if rule.kind.endswith("commitment"):
            raise RuntimeError("the database went away mid-sweep")
        return real_sweep(cursor, rule, **kwargs)

    with mock.patch.object(core_reminders, "sweep_rule", failing_last), pytest.raises(RuntimeError):
        reminders.create_reminders(today=overdue)
    assert calls[0] == "suggestions.reply"  # the overdue reply was inserted, then rolled back
    assert not Reminder.objects.exists()
    assert reminders.create_reminders(today=overdue) == 2
