"""Celery: the nightly totals through a real worker; the quarterly pace note through the congress
reminder sweep, once per quarter, only to deputies below the pace."""

from datetime import date

from django.utils import timezone

from congress import reminders, roles
from congress.models import Reminder, WorkerHeartbeat
from congress.tasks import sweep_reminders
from deputies.duties import record_duty
from deputies.models import PointsSummary
from deputies.services.points import refresh_totals
from deputies.tasks import refresh_points_totals
from tests.conftest import make_user
from tests.congress.factories import MeetingFactory
from tests.deputies.factories import DeputyFactory, point_table


def test_the_worker_computes_the_nightly_totals(celery_worker_process):
    today = timezone.localdate()
    point_table(today.year)
    deputy = DeputyFactory()
    record_duty(deputy, item="oversight.activity", source=MeetingFactory(starts_on=today, ends_on=today),
                occurred_on=today)
    celery_worker_process(WorkerHeartbeat.objects.exists, what="the worker")
    result = refresh_points_totals.apply_async(kwargs={"today": today.isoformat()}, ignore_result=False)
    assert result.get(timeout=30) == 1
    assert PointsSummary.objects.get(deputy=deputy, year=today.year).total == 3
    again = refresh_points_totals.apply_async(kwargs={"today": today.isoformat()}, ignore_result=False)
    assert again.get(timeout=30) == 1 and PointsSummary.objects.count() == 1


def test_the_pace_note_goes_once_a_quarter_to_deputies_below_the_pace(db):
    year = timezone.localdate().year
    point_table(year)
    slow = DeputyFactory(user=make_user(roles.DEPUTY, username="slow"))
    fast = DeputyFactory(user=make_user(roles.DEPUTY, username="fast"))
    meetings = [MeetingFactory(starts_on=date(year, 3, 1), ends_on=date(year, 3, 1), number=n) for n in range(1, 8)]
    for meeting in meetings:  # 21 points by March: above the pace of 15
        record_duty(fast, item="oversight.activity", source=meeting, occurred_on=date(year, 3, 1))
    refresh_totals(year)
    march = date(year, 3, 20)
    assert reminders.sweep(today=march) >= 1
    assert list(Reminder.objects.filter(kind__startswith="deputies.points_pace").values_list(
        "recipient__username", flat=True)) == ["slow"]
    assert reminders.sweep(today=march) == 0  # once per quarter
    assert reminders.sweep(today=date(year, 3, 10)) == 0  # too early: the window opens 14 days before
    assert sweep_reminders(today=date(year, 3, 21).isoformat()) == 0
    assert slow.pk != fast.pk
