"""Working days on China's statutory calendar, make-up working days (调休) included."""

from datetime import date

import pytest

from congress.calendar import WorkCalendar, add_months
from congress.models import Holiday

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("start", "months", "expected"), [
    (date(2026, 1, 31), 1, date(2026, 2, 28)),   # February has no 31st: its last day
    (date(2024, 1, 31), 1, date(2024, 2, 29)),   # leap year
    (date(2026, 11, 30), 3, date(2027, 2, 28)),  # across a year end
    (date(2026, 3, 15), 3, date(2026, 6, 15)),
    (date(2026, 8, 31), 6, date(2027, 2, 28)),
])
def test_add_months_keeps_the_day_or_takes_the_month_end(start, months, expected):
    assert add_months(start, months) == expected


def test_statutory_holidays_and_make_up_days_come_from_the_package():
    work = WorkCalendar()
    assert not work.is_working_day(date(2026, 10, 1))  # National Day
    assert work.is_working_day(date(2026, 9, 20))      # a Sunday worked to make up for it
    assert not work.is_working_day(date(2026, 11, 21))  # an ordinary Saturday
    assert work.is_working_day(date(2026, 11, 23))      # an ordinary Monday


def test_adding_working_days_skips_the_holiday_and_counts_the_make_up_day():
    work = WorkCalendar()
    # From Friday 25 Sep 2026: the week of National Day (1–7 Oct) is off, Sunday 27 Sep… is not made up,
    # Saturday 10 Oct is a make-up working day.
    assert work.add_working_days(date(2026, 9, 25), 1) == date(2026, 9, 28)
    assert work.add_working_days(date(2026, 9, 30), 1) == date(2026, 10, 8)
    assert work.add_working_days(date(2026, 10, 9), 1) == date(2026, 10, 10)
    assert work.skipped(date(2026, 9, 30), date(2026, 10, 8))[0] == date(2026, 10, 1)


def test_staff_can_add_a_year_the_package_does_not_know():
    # 2027's New Year's Day falls on a Friday; before staff add it, it counts as a working day.
    assert WorkCalendar().is_working_day(date(2027, 1, 1))
    Holiday.objects.create(date=date(2027, 1, 1), kind=Holiday.Kind.HOLIDAY, name="元旦")
    assert not WorkCalendar().is_working_day(date(2027, 1, 1))
    assert WorkCalendar().add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 4)


def test_a_deadline_walk_costs_one_query(django_assert_num_queries):
    work = WorkCalendar.for_range(date(2026, 1, 1), date(2026, 12, 31))
    with django_assert_num_queries(0):
        assert work.add_working_days(date(2026, 1, 5), 60) > date(2026, 3, 1)


def test_sync_from_the_package_is_idempotent_and_keeps_staff_rows():
    from congress.holidays import sync_from_package

    Holiday.objects.create(date=date(2027, 2, 8), kind=Holiday.Kind.HOLIDAY, name="春节")
    added, last_year = sync_from_package()
    assert added == 0 and last_year >= 2026  # the data migration loaded everything already
    assert Holiday.objects.get(date=date(2027, 2, 8)).name == "春节"


def test_staff_add_a_holiday_in_the_admin(client):
    from django.contrib.auth.models import Group

    from tests.congress.factories import UserFactory

    staff = UserFactory(is_staff=True)
    staff.groups.add(Group.objects.get(name="staff"))
    client.force_login(staff)
    response = client.post("/admin/congress/holiday/add/", {"date": "2027-02-08", "kind": "holiday", "name": "春节"})
    assert response.status_code == 302
    assert not WorkCalendar().is_working_day(date(2027, 2, 8))
