"""The shared ASCII-only input fields (congress/fields.py, congress/api/fields.py): full-width
("２０２６") and other Unicode digits ("٢٠٢٦", "²") are refused with one message in the office's words,
never read as a number or a date and never a 500; a far-future date is refused; ASCII is read.
Then one page and one API endpoint per loop: the typed input comes back with the message (page) or
a 400 names the field (API), and nothing is saved."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from rest_framework import serializers
from rest_framework.test import APIClient

from congress import bounds, fields
from congress.api import fields as api_fields
from congress.models import CalendarYear, Holiday, Term
from deputies.models import DutyRecord, Reception
from livelihood.forms import CycleForm
from livelihood.models import Project
from oversight.models import Finding, FindingExtension
from suggestions import services as suggestion_services
from suggestions.models import Extension
from tests.deputies.factories import point_table
from tests.deputies.stations_helpers import TODAY, world_fixture  # noqa: F401
from tests.livelihood.factories import ProjectFactory
from tests.oversight.conftest import office  # noqa: F401
from tests.oversight.factories import handler, opinion_sent, plan_with_topic
from tests.suggestions.conftest import accepted, district, part  # noqa: F401

ODD_DIGITS = ["２０２６", "٢٠٢٦", "²"]
ODD_DATES = ["２０２６-01-01", "٢٠٢٦-01-01", "²", "2026-0１-01"]
ODD_MOMENTS = ["２０２６-01-01T09:00", "٢٠٢٦-01-01T09:00", "²", "2026-01-01T0９:00"]
FAR = "9999-01-01"

DATE_MESSAGE = "Write the date as YYYY-MM-DD."
MOMENT_MESSAGE = "Write the date and time as YYYY-MM-DD HH:MM."
INTEGER_MESSAGE = "Write a whole number in the digits 0–9."
DECIMAL_MESSAGE = "Write a number in the digits 0–9, with a point for decimals."


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def refusal(field, value) -> list[str]:
    with pytest.raises(ValidationError) as refused:
        field.clean(value)
    return refused.value.messages


def api_refusal(field, value) -> list[str]:
    with pytest.raises(serializers.ValidationError) as refused:
        field.run_validation(value)
    return [str(message) for message in refused.value.detail]


# --------------------------------------------------------------------------- the form fields


@pytest.mark.parametrize("value", ODD_DATES + ["01/02/2026", "2026-13-01"])
def test_the_date_field_refuses_odd_digits_and_other_shapes(value):
    assert refusal(fields.DateField(), value) == [DATE_MESSAGE]


def test_the_date_field_reads_ascii_and_refuses_beyond_the_horizon():
    field = fields.DateField()
    assert field.clean(" 2026-03-01 ") == date(2026, 3, 1)
    assert refusal(field, FAR) == [f"Choose a date no later than {bounds.horizon().isoformat()} "
                                   f"(at most {bounds.horizon().year - timezone.localdate().year} years ahead)."]
    assert fields.DateField(horizon=False).clean(FAR) == date(9999, 1, 1)  # a past date's own rule decides
    assert fields.DateField(required=False).clean("") is None


def test_the_date_field_speaks_chinese_by_default():
    with translation.override("zh-hans"):
        assert refusal(fields.DateField(), "２０２６-01-01") == ["请按 YYYY-MM-DD 填写日期。"]
        assert refusal(fields.IntegerField(), "²") == ["请用半角数字 0–9 填写整数。"]


@pytest.mark.parametrize("value", ODD_MOMENTS + ["2027-13-45T99:00", "tomorrow"])
def test_the_datetime_field_refuses_odd_digits(value):
    assert refusal(fields.DateTimeField(), value) == [MOMENT_MESSAGE]


def test_the_datetime_field_reads_the_datetime_local_format_and_refuses_beyond_the_horizon():
    field = fields.DateTimeField()
    moment = field.clean("2026-03-01T09:30")
    assert timezone.is_aware(moment) and timezone.localtime(moment).replace(tzinfo=None) == datetime(2026, 3, 1, 9, 30)
    assert field.clean("2026-03-01 09:30") == moment
    assert "Choose a date no later than" in refusal(field, f"{FAR}T09:00")[0]
    assert 'type="datetime-local"' in field.widget.render("starts_at", moment)
    assert 'value="2026-03-01T09:30"' in field.widget.render("starts_at", moment)  # the picker's own format


@pytest.mark.parametrize("value", [*ODD_DIGITS, "1_000", "1e3", "12.5", "", "9" * 31])
def test_the_integer_field_reads_ascii_digits_only(value):
    field = fields.IntegerField(required=False)
    if value == "":
        assert field.clean(value) is None
    else:
        assert refusal(field, value) == [INTEGER_MESSAGE]
    assert field.clean(" -42 ") == -42 and field.clean(7) == 7


@pytest.mark.parametrize("value", ["２.５", "٢.٥", "²", "NaN", "Infinity", "1_0", "1e2", "1.2.3"])
def test_the_decimal_field_reads_ascii_digits_and_a_point_only(value):
    field = fields.DecimalField(max_digits=5, decimal_places=1)
    assert refusal(field, value) == [DECIMAL_MESSAGE]
    assert field.clean("-2.5") == Decimal("-2.5") and field.clean(".5") == Decimal("0.5")


def test_a_model_form_gets_the_ascii_fields_through_its_callback():
    form = CycleForm(data={"year": "٢٠٢٧", "title": "民生实事", "seats": "10",
                           "proposals_close_on": "２０２７-03-01", "session_on": FAR})
    assert isinstance(form.fields["year"], fields.IntegerField)
    assert isinstance(form.fields["proposals_close_on"], fields.DateField)
    assert not form.is_valid()
    assert form.errors["year"] == [INTEGER_MESSAGE] and form.errors["proposals_close_on"] == [DATE_MESSAGE]
    assert "Choose a date no later than" in form.errors["session_on"][0]


def test_the_bounds_helpers_read_ascii_digits_only():
    assert [bounds.parse_int(v) for v in ["０", "٣", "²", "-1", " 12 ", None, "9" * 20]] == [
        None, None, None, None, 12, None, None]
    assert bounds.parse_int("150", high=100) is None and bounds.parse_id("0") is None
    years = ["２０２７", "2027", "1999", "2101", ""]
    assert [bounds.parse_year(v, 2026) for v in years] == [2026, 2027, 2026, 2026, 2026]


# --------------------------------------------------------------------------- the serializer fields


@pytest.mark.parametrize("value", ODD_DATES)
def test_the_api_date_field_refuses_odd_digits(value):
    assert api_refusal(api_fields.DateField(), value) == [DATE_MESSAGE]


def test_the_api_date_field_reads_iso_and_refuses_beyond_the_horizon():
    assert api_fields.DateField().run_validation("2026-03-01") == date(2026, 3, 1)
    assert "Choose a date no later than" in api_refusal(api_fields.DateField(), FAR)[0]
    assert api_fields.DateField(horizon=False).run_validation(FAR) == date(9999, 1, 1)


@pytest.mark.parametrize("value", ODD_MOMENTS)
def test_the_api_datetime_field_refuses_odd_digits(value):
    assert api_refusal(api_fields.DateTimeField(), value) == [MOMENT_MESSAGE]


def test_the_api_datetime_field_reads_iso_with_an_offset_and_refuses_beyond_the_horizon():
    moment = api_fields.DateTimeField().run_validation("2026-03-01T09:30+08:00")
    assert moment == datetime.fromisoformat("2026-03-01T09:30+08:00")
    assert api_fields.DateTimeField().run_validation("2026-03-01T09:30") is not None
    assert "Choose a date no later than" in api_refusal(api_fields.DateTimeField(), f"{FAR}T09:00")[0]


@pytest.mark.parametrize("value", [*ODD_DIGITS, "1_000", "1e3"])
def test_the_api_integer_field_refuses_odd_digits_and_takes_json_numbers(value):
    field = api_fields.IntegerField()
    assert api_refusal(field, value) == [INTEGER_MESSAGE]
    assert field.run_validation(42) == 42 and field.run_validation("42") == 42


@pytest.mark.parametrize("value", ["２.５", "٢.٥", "²", "NaN", "1_0"])
def test_the_api_decimal_field_refuses_odd_digits_and_takes_json_numbers(value):
    field = api_fields.DecimalField(max_digits=5, decimal_places=1)
    assert api_refusal(field, value) == [DECIMAL_MESSAGE]
    assert field.run_validation(2.5) == Decimal("2.5") and field.run_validation("-2.5") == Decimal("-2.5")


# --------------------------------------------------------------------------- one page and one API per loop


def in_english(client):
    """Pages and API answers in English (the language switch's cookie), as the messages are asserted."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def shown_again(response, field: str, message: str):
    """The page came back (no redirect) with the message on the refused form and the typed input kept."""
    assert response.status_code == 200
    form = response.context["failed_form"]
    assert form.errors[field] == [message], form.errors
    return form


@pytest.mark.django_db
def test_congress_the_holiday_calendar_page_refuses_a_full_width_year(staff_client):
    before = (CalendarYear.objects.count(), Holiday.objects.count())
    response = in_english(staff_client).post("/staff/calendar/", {"year": "２０２７", "lines": "2027-01-01 元旦"})
    assert response.status_code == 200 and response.context["form"].errors["year"] == [INTEGER_MESSAGE]
    assert (CalendarYear.objects.count(), Holiday.objects.count()) == before


@pytest.mark.django_db
@pytest.mark.parametrize("starts_at", ODD_MOMENTS[:2])
def test_deputies_the_station_schedule_refuses_odd_digits_for_staff_and_keeper(world, client, starts_at):
    w = world
    start = (TODAY + timedelta(days=30)).isoformat()
    for user, url in [(w.staff, f"/staff/deputies/stations/{w.station.pk}/schedule/"),
                      (w.keeper, "/portal/deputies/station/schedule/")]:
        in_english(client).force_login(user)
        response = client.post(url, {"starts_at": starts_at, "ends_at": f"{start}T12:00",
                                     "deputies": [w.deputy.pk], "topic": "老旧小区改造"})
        form = shown_again(response, "starts_at", MOMENT_MESSAGE)
        assert form["topic"].value() == "老旧小区改造", url
    assert not Reception.objects.exists()


@pytest.mark.django_db
def test_deputies_the_points_api_refuses_odd_digits(deputy_user, staff_user, deputy):
    point_table(TODAY.year)
    api = in_english(APIClient())
    api.force_authenticate(deputy_user)
    response = api.post("/api/v1/duty-records/report/", {"item": "training", "occurred_on": "２０２６-01-01",
                                                         "description": "培训"}, format="json")
    assert response.status_code == 400 and response.json()["occurred_on"] == [DATE_MESSAGE]
    api.force_authenticate(staff_user)
    response = api.post("/api/v1/duty-records/adjust/", {"deputy": deputy.pk, "points": "٥", "reason": "补记"},
                        format="json")
    assert response.status_code == 400 and response.json()["points"] == [DECIMAL_MESSAGE]
    assert not DutyRecord.objects.exists()


@pytest.fixture
def assignment(district):  # noqa: F811
    today = timezone.localdate()
    Term.objects.filter(pk=district["term"].pk, ends_on__lt=today).update(ends_on=today + timedelta(days=365))
    suggestion = suggestion_services.assign_suggestion(accepted(district), actor=district["staff"],
                                                       lead_unit=district["units"]["jt"], today=today)
    return part(suggestion, "jt"), district["handlers"]["jt"], district["units"]["jt"]


@pytest.mark.django_db
def test_suggestions_the_extension_page_and_api_refuse_odd_digits(assignment, client, token_client):
    work, handler_user, unit = assignment
    in_english(client).force_login(handler_user)
    response = client.post(f"/portal/suggestions/assignments/{work.pk}/extension/",
                           {"extension-due_on": "２０２６-06-01", "extension-reason": "需要跨部门协调"})
    form = shown_again(response, "due_on", DATE_MESSAGE)
    assert form["reason"].value() == "需要跨部门协调"
    api, _token = token_client(handler_user, scopes=("read", "unit-reply"), unit=unit)
    in_english(api)
    response = api.post(f"/api/v1/assignments/{work.pk}/extension/", {"due_on": "٢٠٢٦-06-01", "reason": "x"},
                        format="json")
    assert response.status_code == 400 and response.json()["due_on"] == [DATE_MESSAGE]
    assert not Extension.objects.exists()


@pytest.mark.django_db
def test_livelihood_the_progress_page_and_api_refuse_odd_digits(unit_user, unit_client, token_client):
    project = ProjectFactory(status=Project.Status.ADOPTED, lead_unit=unit_user.unit)
    response = in_english(unit_client).post(f"/portal/livelihood/projects/{project.pk}/progress/",
                                {"percent": "５０", "text": "路灯已安装一半"})
    form = shown_again(response, "percent", INTEGER_MESSAGE)
    assert form["text"].value() == "路灯已安装一半"
    api, _token = token_client(unit_user, scopes=("read", "unit-reply"), unit=unit_user.unit)
    response = in_english(api).post("/api/v1/livelihood/progress-reports/",
                                    {"project": project.pk, "percent": "٥٠", "text": "x"}, format="json")
    assert response.status_code == 400 and response.json()["percent"] == [INTEGER_MESSAGE]
    assert not project.progress_reports.exists()


@pytest.mark.django_db
def test_oversight_the_extension_page_and_api_refuse_odd_digits(office, client, token_client):  # noqa: F811
    _plan, topic, units = plan_with_topic(office)
    opinion_sent(office, topic, units)
    mine = Finding.objects.get(opinion__topic=topic, unit=units[0])
    unit_user = handler(units[0])
    in_english(client).force_login(unit_user)
    response = client.post(f"/portal/oversight/findings/{mine.pk}/extension/",
                           {"due_on": "２０２７-01-01", "reason": "需要更多时间"})
    form = shown_again(response, "due_on", DATE_MESSAGE)
    assert form["reason"].value() == "需要更多时间"
    api, _token = token_client(unit_user, scopes=("read", "unit-reply"), unit=units[0])
    response = in_english(api).post(f"/api/v1/oversight/findings/{mine.pk}/extension/",
                                    {"due_on": "٢٠٢٧-01-01", "reason": "x"}, format="json")
    assert response.status_code == 400 and response.json()["due_on"] == [DATE_MESSAGE]
    assert not FindingExtension.objects.exists()


@pytest.mark.django_db
def test_list_filters_refuse_odd_digits_in_the_api(staff_user, unit_user, deputy):
    api = in_english(APIClient())
    api.force_authenticate(staff_user)
    for url, message in [("/api/v1/assignments/?due_after=２０２６-01-01", DATE_MESSAGE),
                         ("/api/v1/assignments/?suggestion_id=٣", DECIMAL_MESSAGE),
                         ("/api/v1/duty-records/?occurred_after=٢٠٢٦-01-01", DATE_MESSAGE),
                         ("/api/v1/points/?year=２０２６", DECIMAL_MESSAGE)]:
        response = api.get(url)
        assert response.status_code == 400 and message in str(response.json()), url
    assert api.get("/api/v1/assignments/?due_after=2026-01-01&suggestion_id=3").status_code == 200
