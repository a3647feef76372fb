"""Finding and filing-review deadlines through congress.reminders: T-30/7/1 and overdue, once each,
stopped when the finding is reported; the sweep in a real Celery worker."""

from datetime import date, timedelta

import pytest

from congress.models import Reminder, WorkerHeartbeat
from oversight import reminders, services
from oversight.models import Finding
from oversight.tasks import create_reminders
from tests.oversight.factories import handler, opinion_sent, plan_with_topic, user_in


def finding_world():
    office = user_in("staff", "office")
    _plan, topic, units = plan_with_topic(office)
    handlers = [handler(unit) for unit in units]
    opinion_sent(office, topic, units, issued_on=date(2026, 6, 25))
    return office, topic, units, handlers


@pytest.mark.django_db
def test_reminders_before_and_after_the_due_date():
    _office, topic, units, handlers = finding_world()
    finding = Finding.objects.get(opinion__topic=topic, unit=units[0])
    due = finding.due_on  # 2026-08-25
    assert reminders.create_reminders(due - timedelta(days=30)) == 2  # each unit's handler
    assert reminders.create_reminders(due - timedelta(days=30)) == 0
    assert reminders.create_reminders(due - timedelta(days=7)) == 2
    assert reminders.create_reminders(due - timedelta(days=1)) == 2
    overdue = reminders.create_reminders(due + timedelta(days=1))
    assert overdue == 2 + 2  # each finding: its unit's handler and, once overdue, the office
    kinds = set(Reminder.objects.filter(object_id=finding.pk).values_list("kind", flat=True))
    assert {"oversight.finding_due_30", "oversight.finding_due_7", "oversight.finding_due_1",
            "oversight.finding_overdue"} <= kinds


@pytest.mark.django_db
def test_a_reported_finding_gets_no_more_reminders():
    _office, topic, units, handlers = finding_world()
    finding = Finding.objects.get(opinion__topic=topic, unit=units[0])
    services.report_on_finding(finding, actor=handlers[0], outcome="done", content="已完成")
    reminders.create_reminders(finding.due_on - timedelta(days=7))
    assert not Reminder.objects.filter(object_id=finding.pk, kind__startswith="oversight.finding").exists()


@pytest.mark.django_db
def test_filing_and_review_reminders():
    office = user_in("staff", "office")
    from tests.congress.factories import UnitFactory

    maker = UnitFactory(code="gh")
    handler(maker, "h-gh")
    document = services.register_document(actor=office, title="办法", maker=maker, published_on=date(2026, 3, 1))
    assert reminders.create_reminders(date(2026, 3, 24)) == 1  # 7 days before filing is due
    services.receive_document(document, actor=office, received_on=date(2026, 3, 25))
    assert reminders.create_reminders(date(2026, 4, 17)) == 1  # review due 2026-04-24, the office
    assert Reminder.objects.filter(kind="oversight.review_due_7", recipient=office).exists()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_the_oversight_sweep_once(celery_worker_process):
    _office, topic, units, _handlers = finding_world()
    finding = Finding.objects.get(opinion__topic=topic, unit=units[0])
    celery_worker_process(WorkerHeartbeat.objects.exists, what="the worker")
    day = finding.due_on + timedelta(days=1)
    create_reminders.delay(today=day.isoformat())  # a test is not a web request: it may publish
    celery_worker_process(lambda: Reminder.objects.filter(kind="oversight.finding_overdue").count() == 4,
                          what="the reminders")
    again = create_reminders.apply_async(kwargs={"today": day.isoformat()}, ignore_result=False)
    assert again.get(timeout=30) == 0
