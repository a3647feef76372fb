"""Working days on China's statutory calendar, make-up working days (调休) included."""

import io
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


# --------------------------------------------------------------------------- years without calendar data

SPRING_FESTIVAL_2027 = "2027-01-01 元旦\n2027-02-06..2027-02-13 春节\n2027-02-14 调休上班\n"


def staff_client_for(client):
    from django.conf import settings

    from tests.conftest import make_user

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # messages are asserted in English
    client.force_login(make_user("staff", username="calendar-staff", name="办公室 李娜"))
    return client


def test_a_deadline_in_a_year_without_calendar_is_provisional_and_says_why():
    from congress.calendar import WorkCalendar

    deadline = WorkCalendar().months_deadline(date(2026, 11, 6), 3, rule=1, setting="SUGGESTIONS_REPLY_MONTHS")
    # (the reason is in the reader's language; only its year is asserted)
    # 6 Feb 2027 is a Saturday: on weekdays only it moves to Monday 8 Feb, in the middle of Spring Festival.
    assert deadline.due_on == date(2027, 2, 8) and deadline.moved_off_day_off
    assert deadline.is_provisional and deadline.missing_years == (2027,)
    assert "2027" in deadline.reason and "2027" in deadline.explain()
    assert deadline.as_dict()["is_provisional"] is True and deadline.as_dict()["setting"] == "SUGGESTIONS_REPLY_MONTHS"
    # a deadline inside a known year is final
    known = WorkCalendar().months_deadline(date(2026, 3, 2), 2, rule=1, setting="SUGGESTIONS_REPLY_MONTHS")
    assert not known.is_provisional and known.reason == ""
    assert known.due_on == date(2026, 5, 6) and [name for _day, name in known.skipped if name]  # May Day, named


def test_a_working_day_deadline_names_the_holidays_and_make_up_days_it_passed():
    deadline = WorkCalendar().working_days_deadline(date(2026, 9, 30), 5, rule=4,
                                                    setting="SUGGESTIONS_ASSIGN_WORKING_DAYS")
    assert deadline.due_on == date(2026, 10, 13)  # 1–7 Oct off, 10 Oct (Saturday) worked
    assert date(2026, 10, 10) in [day for day, _name in deadline.make_up_days]
    assert {day for day, _name in deadline.skipped} >= {date(2026, 10, 1), date(2026, 10, 7)}
    assert not deadline.is_provisional


def test_staff_enter_a_whole_year_in_one_form(client):
    from congress.models import AuditEvent, CalendarYear

    staff = staff_client_for(client)
    preview = staff.post("/staff/calendar/", {"year": "2027", "lines": SPRING_FESTIVAL_2027, "action": "preview"})
    assert preview.status_code == 200 and "春节" in preview.content.decode()
    assert not Holiday.objects.filter(date__year=2027).exists()  # a preview saves nothing

    response = staff.post("/staff/calendar/", {"year": "2027", "lines": SPRING_FESTIVAL_2027, "action": "save"})
    assert response.status_code == 302
    assert CalendarYear.objects.get(year=2027).source == CalendarYear.Source.FORM
    assert Holiday.objects.filter(date__year=2027, kind="holiday").count() == 9  # New Year + 8 days
    assert Holiday.objects.get(date=date(2027, 2, 14)).kind == "workday"
    work = WorkCalendar()
    assert not work.is_working_day(date(2027, 2, 8)) and work.is_working_day(date(2027, 2, 14))
    assert AuditEvent.objects.filter(action="congress.calendaryear.loaded").exists()
    # the year's page shows what is stored, ready to be corrected
    page = staff.get("/staff/calendar/?year=2027").content.decode()
    assert "2027-02-06..2027-02-13 春节" in page


@pytest.mark.parametrize(("line", "message"), [
    ("2026-12-31 元旦", "must be in 2027"),
    ("2027-02-10 调休上班", "is a weekday"),
    ("2027-02-13..2027-02-06 春节", "ends before it starts"),
    ("2027-02-30 春节", "not a real date"),
    ("春节 2027-02-06", "does not start with a date"),
    ("2027-02-08 补假", "already given on line 1"),
])
def test_each_bad_line_is_refused_with_its_line_and_nothing_is_saved(client, line, message):
    from congress.models import CalendarYear

    Holiday.objects.create(date=date(2027, 1, 1), kind=Holiday.Kind.HOLIDAY, name="元旦")  # an earlier entry
    staff = staff_client_for(client)
    lines = SPRING_FESTIVAL_2027.replace("2027-01-01 元旦\n", "") + line  # the bad line is line 3
    response = staff.post("/staff/calendar/", {"year": "2027", "lines": lines, "action": "save"})
    assert response.status_code == 200
    errors = response.context["parsed"].errors
    assert len(errors) == 1 and message in errors[0] and errors[0].startswith("Line 3")
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert list(Holiday.objects.filter(date__year=2027).values_list("name", flat=True)) == ["元旦"]


def test_an_empty_year_is_refused():
    from django.utils import translation

    from congress.calendar import parse_year

    with translation.override("en"):
        assert parse_year(2027, ["", "# nothing yet"]).errors == ["Enter at least one holiday of 2027."]


def test_a_year_is_imported_from_a_csv_a_text_or_an_excel_file(client):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    from congress.models import CalendarYear

    staff = staff_client_for(client)
    csv_file = SimpleUploadedFile("2027.csv", "日期,名称\n2027-01-01,元旦\n2027-02-06..2027-02-13,春节\n"
                                  "2027-02-14,调休上班\n".encode("gb18030"))
    # the header row is not a date: it is refused with its line number, nothing saved
    response = staff.post("/staff/calendar/", {"year": "2027", "upload": csv_file, "action": "save"})
    assert response.status_code == 200 and response.context["parsed"].errors[0].startswith("Line 1")
    assert not CalendarYear.objects.filter(year=2027).exists()

    text_file = SimpleUploadedFile("2027.txt", SPRING_FESTIVAL_2027.encode())
    assert staff.post("/staff/calendar/", {"year": "2027", "upload": text_file, "action": "save"}).status_code == 302
    assert CalendarYear.objects.get(year=2027).source == CalendarYear.Source.FILE

    book = Workbook()
    sheet = book.active
    sheet.append([date(2028, 1, 1), None, "元旦"])
    sheet.append([date(2028, 1, 26), date(2028, 2, 1), "春节"])
    sheet.append([date(2028, 1, 23), None, "调休上班"])  # a Sunday
    content = io.BytesIO()
    book.save(content)
    xlsx = SimpleUploadedFile("2028.xlsx", content.getvalue())
    assert staff.post("/staff/calendar/", {"year": "2028", "upload": xlsx, "action": "save"}).status_code == 302
    assert not WorkCalendar().is_working_day(date(2028, 1, 31)) and WorkCalendar().is_working_day(date(2028, 1, 23))

    other = SimpleUploadedFile("2029.pdf", b"%PDF")
    response = staff.post("/staff/calendar/", {"year": "2029", "upload": other, "action": "save"})
    assert response.status_code == 200 and response.context["form"].has_error("upload")


def test_only_office_staff_enter_the_calendar(client):
    from tests.conftest import make_user

    client.force_login(make_user("leader", username="calendar-leader"))
    assert client.get("/staff/calendar/").status_code == 403
    assert client.post("/staff/calendar/", {"year": "2027", "lines": SPRING_FESTIVAL_2027,
                                            "action": "save"}).status_code == 403
    assert not Holiday.objects.filter(date__year=2027).exists()


def test_from_1_november_the_staff_home_warns_that_next_year_is_missing(client):
    import time_machine

    from congress.calendar import load_year, parse_year

    staff = staff_client_for(client)
    with time_machine.travel(date(2026, 10, 31), tick=False):
        assert "congress.calendar_missing" not in keys(staff.get("/staff/").context["tiles"])
    with time_machine.travel(date(2026, 11, 1), tick=False):
        tiles = staff.get("/staff/").context["tiles"]
        assert "congress.calendar_missing" in keys(tiles)
        load_year(parse_year(2027, SPRING_FESTIVAL_2027.splitlines()), source="form")
        assert "congress.calendar_missing" not in keys(staff.get("/staff/").context["tiles"])


def keys(tiles):
    return [tile["key"] for tile in tiles]


def test_sync_from_the_package_marks_its_years_known():
    from congress.holidays import package_years, sync_from_package
    from congress.models import CalendarYear

    CalendarYear.objects.filter(year=2026).delete()
    sync_from_package()
    assert set(package_years()) <= set(CalendarYear.objects.values_list("year", flat=True))
    assert not CalendarYear.objects.filter(year=2027).exists()
