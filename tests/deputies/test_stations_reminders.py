"""Stations' reminders through congress.reminders: a station with nothing scheduled next week (to
the office), a deputy before a shift, a unit before a resident issue falls due and while overdue;
once each, cancelled when the work stops; one flow on a real Celery worker."""

from datetime import timedelta

from congress import reminders
from congress.models import Reminder, WorkerHeartbeat
from congress.notifications import deliver_due_reminders
from congress.tasks import sweep_reminders
from deputies import stations_services as services
from deputies.reminders import STATION_RULES
from tests.deputies.stations_helpers import TODAY, at, routed_issue, world_fixture  # noqa: F401


def sweep(day):
    return reminders.sweep(day, rules=STATION_RULES)


def test_a_deputy_is_reminded_the_day_before_a_shift_once(world, settings):
    w = world
    settings.DEPUTIES_STATION_NOTICE_DAYS = 3
    day = TODAY + timedelta(days=5)
    reception = services.schedule_reception(actor=w.staff, station=w.station, deputies=[w.deputy],
                                            starts_at=at(day, 14), ends_at=at(day, 17))
    assert not Reminder.objects.filter(kind="deputies.shift_due_1").exists()
    sweep(day - timedelta(days=1))
    shift_reminders = Reminder.objects.filter(kind="deputies.shift_due_1")
    assert list(shift_reminders.values_list("recipient__username", "due_on")) == [("deputy1", day - timedelta(days=1))]
    assert "14:00" in shift_reminders.get().title
    assert sweep(day - timedelta(days=1)) == 0
    services.cancel_reception(reception, actor=w.staff, note="场地维修")
    deliver_due_reminders(today=day - timedelta(days=1))
    assert shift_reminders.get().state == Reminder.State.CANCELLED


def test_the_office_hears_of_a_station_with_nothing_scheduled_next_week(world, settings):
    w = world
    settings.DEPUTIES_STATION_NOTICE_DAYS = 0
    monday = TODAY - timedelta(days=TODAY.weekday())
    sweep(monday)
    empty = set(Reminder.objects.filter(kind="deputies.station_empty_week_due_7")
                .values_list("object_id", flat=True))
    assert empty == {w.station.pk, w.other_station.pk}
    assert set(Reminder.objects.values_list("recipient__username", flat=True)) == {"staff1"}
    Reminder.objects.all().delete()
    next_week = monday + timedelta(days=8)
    services.schedule_reception(actor=w.staff, station=w.station, deputies=[w.deputy], starts_at=at(next_week),
                                ends_at=at(next_week, 12))
    sweep(monday)
    assert set(Reminder.objects.filter(kind="deputies.station_empty_week_due_7")
               .values_list("object_id", flat=True)) == {w.other_station.pk}


def test_a_unit_is_reminded_before_a_resident_issue_falls_due_and_weekly_when_overdue(world):
    w = world
    issue, _code = routed_issue(w)
    sweep(issue.due_on - timedelta(days=3))
    about_issues = Reminder.objects.filter(kind__startswith="deputies.resident_issue")
    assert list(about_issues.values_list("kind", "recipient__username")) == [("deputies.resident_issue_due_7", "h-zj")]
    sweep(issue.due_on + timedelta(days=1))
    overdue = Reminder.objects.filter(kind="deputies.resident_issue_overdue")
    assert set(overdue.values_list("recipient__username", flat=True)) == {"h-zj", "staff1"}
    services.answer_issue(issue, actor=w.handler, answer="已处理")
    sweep(issue.due_on + timedelta(days=8))
    assert about_issues.count() == 3  # answered: no new weekly overdue reminder


def test_the_worker_runs_the_stations_sweep(celery_worker_process, world):
    w = world
    issue, _code = routed_issue(w)
    celery_worker_process(WorkerHeartbeat.objects.exists, what="the worker")
    day = issue.due_on - timedelta(days=1)
    result = sweep_reminders.apply_async(kwargs={"today": day.isoformat()}, ignore_result=False)
    assert result.get(timeout=60) >= 1
    assert Reminder.objects.filter(kind="deputies.resident_issue_due_1", object_id=issue.pk).count() == 1
    again = sweep_reminders.apply_async(kwargs={"today": day.isoformat()}, ignore_result=False)
    assert again.get(timeout=60) == 0
