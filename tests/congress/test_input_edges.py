"""Bad input at the edge (issue 6, item 14): over-long text, far-future dates, ids in other digits,
deeply nested or oversized JSON. Each is refused with a 400 (413 for size) and a message, in JSON
on the API, and nothing is saved; unknown API addresses answer JSON 404, pages keep their HTML."""

import json
from datetime import date, timedelta

import pytest
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import QueryDict
from django.test import RequestFactory
from django.utils import timezone

from congress import bounds, errors
from suggestions.forms import BulkAssignForm
from suggestions.models import Suggestion
from suggestions.portal_forms import (
    CommitmentForm,
    ContactForm,
    ExtensionForm,
    ReplyForm,
    ResponsiblePersonForm,
    SuggestionForm,
)

# The suggestions tests' district and its `d` fixture, used here as fixtures (hence F401/F811).
# ruff: noqa: F811
from tests.suggestions.conftest import accepted, district, submitted  # noqa: F401
from tests.suggestions.test_api import assert_refused, assigned_today, d, signed_in, snapshot, unit_system  # noqa: F401

pytestmark = pytest.mark.django_db

API = "/api/v1"
HUGE = "长" * 100_000
FAR = "9999-12-31"


@pytest.fixture
def case(d, token_client):
    """An assignment being handled by 区交通局, and that unit's outside system."""
    suggestion = assigned_today(d)
    assignment = suggestion.assignments.get(unit__code="jt")
    return assignment, unit_system(token_client, d, "jt")


# --------------------------------------------------------------------------- over-long text through the API


@pytest.mark.parametrize("body, field", [
    ({"name": HUGE}, "name"),
    ({"name": "刘洋", "phone": "1" * 100_000}, "phone"),
    ({"name": "x" * 51}, "name"),  # one past the column
])
def test_an_over_long_responsible_person_is_refused(case, body, field):
    assignment, unit = case
    before = snapshot()
    refused = assert_refused(unit.post(f"{API}/assignments/{assignment.pk}/responsible-person/", body,
                                       format="json", HTTP_ACCEPT_LANGUAGE="en"), 400, field)
    assert "no more than" in refused[field][0]
    assert snapshot() == before


def test_a_name_at_the_columns_length_is_kept(case):
    assignment, unit = case
    response = unit.post(f"{API}/assignments/{assignment.pk}/responsible-person/", {"name": "刘" * 50}, format="json")
    assert response.status_code == 200
    assert response.json()["responsible_person"] == "刘" * 50


@pytest.mark.parametrize("body, field", [
    ({"category": "A", "body": "已办结。", "signed_by": HUGE}, "signed_by"),
    ({"category": "A", "body": HUGE, "signed_by": "局长 刘洋"}, "body"),
])
def test_an_over_long_reply_is_refused(case, body, field):
    assignment, unit = case
    before = snapshot()
    assert_refused(unit.post(f"{API}/assignments/{assignment.pk}/reply/", body, format="json"), 400, field)
    assert snapshot() == before


def test_free_text_is_bounded_by_the_setting(case, settings):
    assignment, unit = case
    before = snapshot()
    text = "x" * (settings.CONGRESS_MAX_TEXT_LENGTH + 1)
    assert_refused(unit.post(f"{API}/assignments/{assignment.pk}/contact/",
                             {"contacted_on": timezone.localdate().isoformat(), "method": "phone", "summary": text},
                             format="json"), 400, "summary")
    assert snapshot() == before


# --------------------------------------------------------------------------- dates beyond the horizon


def test_a_commitment_due_on_9999_12_31_is_refused(case):
    assignment, unit = case
    before = snapshot()
    body = assert_refused(unit.post(f"{API}/assignments/{assignment.pk}/reply/", {
        "category": "B", "body": "分年度解决。", "signed_by": "局长 刘洋",
        "commitments": [{"description": "新建停车场", "due_on": FAR}],
    }, format="json", HTTP_ACCEPT_LANGUAGE="en"), 400, "commitments")
    assert "no later than" in body["commitments"]["0"]["due_on"][0]
    assert snapshot() == before


def test_an_extension_to_9999_12_31_is_refused(case):
    assignment, unit = case
    before = snapshot()
    assert_refused(unit.post(f"{API}/assignments/{assignment.pk}/extension/",
                             {"due_on": FAR, "reason": "需要协调"}, format="json"), 400, "due_on")
    assert snapshot() == before


def test_the_horizon_is_a_setting(settings):
    today = timezone.localdate()
    settings.SUGGESTIONS_DATE_HORIZON_YEARS = 2
    assert bounds.horizon(date(2028, 2, 29)) == date(2030, 2, 28)
    bounds.validate_within_horizon(bounds.horizon())
    with pytest.raises(bounds.ValidationError):
        bounds.validate_within_horizon(bounds.horizon() + timedelta(days=1))
    assert bounds.horizon() == today.replace(year=today.year + 2)


# --------------------------------------------------------------------------- the same bounds on the forms


def test_portal_forms_refuse_over_long_text_and_far_dates():
    today = timezone.localdate().isoformat()
    assert "name" in ResponsiblePersonForm({"name": "x" * 51}).errors
    assert "phone" in ResponsiblePersonForm({"name": "刘洋", "phone": "1" * 31}).errors
    assert "due_on" in CommitmentForm({"description": "新建停车场", "due_on": FAR}).errors
    assert "due_on" in ExtensionForm({"due_on": FAR, "reason": "x"}).errors
    assert "summary" in ContactForm({"contacted_on": today, "method": "phone", "summary": HUGE}).errors
    assert "content" in SuggestionForm({"title": "x", "content": HUGE}).errors
    assert "title" in SuggestionForm({"title": "x" * 201, "content": "y"}).errors
    reply = ReplyForm({"category": "A", "body": "x", "signed_by": HUGE})
    assert not reply.is_valid() and "signed_by" in reply.errors


@pytest.mark.parametrize("ids", [["²"], ["1", "٣"], ["-1"], ["99999999999999999999"], ["1"] * 501])
def test_bulk_assign_refuses_ids_that_are_not_ascii_digits(ids):
    data = QueryDict(mutable=True)
    data.setlist("suggestion", ids)
    form = BulkAssignForm(data)
    assert not form.is_valid()
    assert form.non_field_errors()


def test_bulk_assign_through_the_page_refuses_a_unicode_digit_and_assigns_nothing(d, client):
    suggestion = accepted(d)
    client.force_login(d["staff"])
    response = client.post("/staff/suggestions/assign/", {"suggestion": ["²", str(suggestion.pk)],
                                                          "lead_unit": d["units"]["jt"].pk}, follow=True)
    assert response.status_code == 200
    assert Suggestion.objects.get(pk=suggestion.pk).status == Suggestion.Status.ACCEPTED
    assert any("Tick them again" in str(m) or "重新勾选" in str(m) for m in response.context["messages"])


def test_parse_id_takes_ascii_digits_only():
    assert bounds.parse_id("42") == 42
    assert bounds.parse_id(" 7 ") == 7
    for bad in ["²", "٣", "0", "-3", "1e3", "", "9" * 20, str(2**63)]:
        assert bounds.parse_id(bad) is None, bad


# --------------------------------------------------------------------------- JSON bodies


def test_deeply_nested_json_is_a_400_not_a_crash(case):
    assignment, unit = case
    before = snapshot()
    nested = "[" * 100_000 + "]" * 100_000
    response = unit.post(f"{API}/assignments/{assignment.pk}/reply/", nested, content_type="application/json",
                         HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "nested" in response.json()["detail"]
    assert snapshot() == before


def test_brackets_inside_strings_do_not_count_as_nesting(case):
    assignment, unit = case
    body = json.dumps({"name": '[[[{{"' * 8})  # 40 brackets and escaped quotes, all inside one string
    response = unit.post(f"{API}/assignments/{assignment.pk}/responsible-person/", body,
                         content_type="application/json")
    assert response.status_code == 200


def test_a_body_over_the_upload_limit_is_a_json_413(case, settings):
    assignment, unit = case
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    before = snapshot()
    response = unit.post(f"{API}/assignments/{assignment.pk}/reply/",
                         {"category": "A", "body": "x" * 2000, "signed_by": "刘洋"}, format="json",
                         HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 413
    assert "1000 bytes" in response.json()["detail"]
    assert snapshot() == before


def test_an_oversized_form_body_is_a_400_page_and_nothing_changes(d, client, settings):
    suggestion = submitted(d)
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client.force_login(d["staff"])
    page = client.post(f"/staff/suggestions/{suggestion.pk}/accept/", {"note": "x" * 5000})
    assert page.status_code == 400
    assert page["Content-Type"].startswith("text/html")
    assert Suggestion.objects.get(pk=suggestion.pk).status == Suggestion.Status.SUBMITTED


def test_django_refusing_a_body_answers_json_under_api():
    factory = RequestFactory()
    too_big = errors.bad_request(factory.post(f"{API}/suggestions/1/accept/"), RequestDataTooBig("big"))
    assert too_big.status_code == 413 and json.loads(too_big.content)["detail"]
    malformed = errors.bad_request(factory.post(f"{API}/suggestions/1/accept/"), SuspiciousOperation("odd"))
    assert malformed.status_code == 400 and json.loads(malformed.content)["detail"]
    assert errors.bad_request(factory.post("/staff/"), SuspiciousOperation("odd"))["Content-Type"].startswith(
        "text/html")


# --------------------------------------------------------------------------- 404 and 500 in JSON under /api/


@pytest.mark.parametrize("path", [
    f"{API}/suggestions/abc/", f"{API}/suggestions/²/", f"{API}/suggestions/99999999999999999999/",
    f"{API}/assignments/abc/", f"{API}/no-such-resource/", "/api/v2/",
])
def test_unknown_api_addresses_answer_json_404(d, path):
    client = signed_in(d["staff"])
    response = client.get(path)
    assert response.status_code == 404, response.content[:200]
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"]


def test_a_posted_action_on_a_non_integer_id_is_a_json_404(case):
    _, unit = case
    response = unit.post(f"{API}/assignments/abc/reply/", {}, format="json")
    assert response.status_code == 404
    assert response.json()["detail"]


def test_unknown_pages_keep_the_html_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_crash_under_api_answers_json_and_elsewhere_the_page():
    factory = RequestFactory()
    api = errors.server_error(factory.get(f"{API}/suggestions/"))
    assert api.status_code == 500
    assert json.loads(api.content)["detail"]
    page = errors.server_error(factory.get("/staff/"))
    assert page.status_code == 500
    assert page["Content-Type"].startswith("text/html")


def test_a_database_error_that_slips_past_the_bounds_is_a_400_not_a_500():
    from django.db import DataError

    from congress.api.errors import exception_handler

    response = exception_handler(DataError("value too long for type character varying(50)"), {})
    assert response.status_code == 400
    assert response.data["non_field_errors"]


def test_the_api_parser_counts_nesting_before_decoding(settings):
    from io import BytesIO

    from rest_framework.exceptions import ParseError

    from congress.api.parsers import JSONParser, RequestTooLarge

    depth = settings.CONGRESS_API_MAX_JSON_DEPTH
    ok = "[" * depth + "]" * depth
    assert JSONParser().parse(BytesIO(ok.encode())) == json.loads(ok)
    with pytest.raises(ParseError, match=str(depth)):
        JSONParser().parse(BytesIO(("[" * (depth + 1) + "]" * (depth + 1)).encode()))
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10
    with pytest.raises(RequestTooLarge):
        JSONParser().parse(BytesIO(b'{"a": "0123456789"}'))
