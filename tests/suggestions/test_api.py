"""The suggestions API: the unit's whole part done by an outside system with a unit token, the
office's part through a staff session, the deputy's rating through the deputy's session; refused
transitions (400/403 with a message, nothing changed), scope (404 outside it), no phone numbers in
any payload, flat query counts, and the OpenAPI document."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.request import Request
from rest_framework.test import APIClient, APIRequestFactory

from congress.models import AuditEvent, Term
from suggestions import services
from suggestions.filtersets import SuggestionFilterSet
from suggestions.models import (
    Assignment,
    Category,
    Commitment,
    ContactRecord,
    CoSignature,
    Evaluation,
    Extension,
    ReassignmentRequest,
    Reply,
    Suggestion,
)
from suggestions.statistics import refresh_statistics
from tests.suggestions.conftest import accepted, assigned, draft, part, replied, submitted

pytestmark = pytest.mark.django_db

API = "/api/v1"
MOBILE = re.compile(r"1[3-9]\d{9}")
UNIT_SCOPES = ("read", "unit-reply")


@pytest.fixture
def d(district):
    """The district, with its term reaching today: submitting and assigning through the API use
    today's date, which the services take from the clock."""
    today = timezone.localdate()
    Term.objects.filter(pk=district["term"].pk, ends_on__lt=today).update(ends_on=today + timedelta(days=365))
    district["term"].refresh_from_db()
    return district


def signed_in(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def unit_system(token_client, d, code):
    """An outside unit system: a token with read + unit-reply for its unit, on its handler's account."""
    client, _ = token_client(d["handlers"][code], scopes=UNIT_SCOPES, unit=d["units"][code])
    return client


def assigned_today(d, lead="jt", co=()):
    return services.assign_suggestion(accepted(d), actor=d["staff"], lead_unit=d["units"][lead],
                                      co_units=[d["units"][c] for c in co], today=timezone.localdate())


def no_phone(response):
    """No mobile number of anyone (deputies, handlers, responsible persons) in a payload."""
    found = MOBILE.findall(response.content.decode())
    assert not found, f"phone numbers in {response.request['PATH_INFO']}: {found}"
    return response


def snapshot():
    """What a refused request must leave as it was."""
    return {
        "suggestions": sorted(Suggestion.objects.values_list("pk", "status", "number", "handling_mode")),
        "assignments": sorted(Assignment.objects.values_list("pk", "status", "due_on", "round", "responsible_person")),
        "replies": Reply.objects.count(), "evaluations": Evaluation.objects.count(),
        "commitments": sorted(Commitment.objects.values_list("pk", "status")),
        "contacts": ContactRecord.objects.count(), "extensions": Extension.objects.count(),
        "returns": sorted(ReassignmentRequest.objects.values_list("pk", "decision")),
        "events": AuditEvent.objects.count(),
    }


def assert_refused(response, code, field=None):
    """A refusal with a message (under `field` when given)."""
    assert response.status_code == code, response.content
    body = response.json()
    messages = body[field] if field else body.get("detail") or body.get("non_field_errors")
    assert messages, body
    return body


# --------------------------------------------------------------------------- the whole loop


def test_the_whole_loop_with_the_unit_part_done_by_outside_systems(d, token_client):
    today = timezone.localdate()
    deputy, office = signed_in(d["lead"].user), signed_in(d["staff"])
    suggestion = draft(d)

    response = no_phone(deputy.post(f"{API}/suggestions/{suggestion.pk}/submit/"))
    assert response.status_code == 200 and response.json()["status"] == "submitted"
    response = office.post(f"{API}/suggestions/{suggestion.pk}/accept/")
    assert response.status_code == 200 and response.json()["number"]
    response = office.post(f"{API}/suggestions/{suggestion.pk}/assign/",
                           {"lead_unit": d["units"]["jt"].pk, "co_units": [d["units"]["zj"].pk]}, format="json")
    assert response.status_code == 200, response.content
    body = no_phone(response).json()
    assert body["status"] == "handling" and body["handling_mode"] == "lead_and_co"
    assert {(a["unit"]["name"], a["role"]) for a in body["assignments"]} == {
        ("区交通局", "lead"), ("区住房和城乡建设委员会", "co")}

    # The co-unit's system polls its work and sends its opinion.
    co_unit = unit_system(token_client, d, "zj")
    rows = no_phone(co_unit.get(f"{API}/assignments/", {"status": "assigned"})).json()["results"]
    assert [(r["suggestion"]["id"], r["role"]) for r in rows] == [(suggestion.pk, "co")]
    response = co_unit.post(f"{API}/assignments/{rows[0]['id']}/opinion/", {"opinion": "同意增设泊位。"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "done"

    # The lead unit's system: poll, name the responsible person, contact the deputy, reply B.
    unit = unit_system(token_client, d, "jt")
    suggestion.refresh_from_db()
    rows = no_phone(unit.get(f"{API}/assignments/", {"status": "assigned", "overdue": "false"})).json()["results"]
    assert [(r["suggestion"]["number"], r["role"], r["is_overdue"]) for r in rows] == [
        (suggestion.number, "lead", False)]
    work = rows[0]["id"]
    response = no_phone(unit.post(f"{API}/assignments/{work}/responsible-person/",
                                  {"name": "科长 周明", "phone": "13912345678"}, format="json"))
    assert response.status_code == 200 and response.json()["responsible_person"] == "科长 周明"
    assert Assignment.objects.get(pk=work).responsible_phone == "13912345678"  # kept, never shown
    response = unit.post(f"{API}/assignments/{work}/contact/",
                         {"contacted_on": today.isoformat(), "method": "face", "summary": "与代表面商。"},
                         format="json")
    assert response.status_code == 201 and response.json()["method"] == "face"
    promise_due = today + timedelta(days=60)
    response = no_phone(unit.post(f"{API}/assignments/{work}/reply/", {
        "category": "B", "body": "已列入年度计划，正在实施。", "signed_by": "局长 刘洋",
        "commitments": [{"description": "年底前建成60个泊位", "due_on": promise_due.isoformat()}],
    }, format="json"))
    assert response.status_code == 201, response.content
    reply = response.json()
    assert reply["category"] == "B" and "区住房和城乡建设委员会：同意增设泊位。" in reply["co_unit_opinions"]
    assert [(c["description"], c["due_on"], c["status"]) for c in reply["commitments"]] == [
        ("年底前建成60个泊位", promise_due.isoformat(), "open")]

    # The deputy rates the answer in their own session.
    listed = deputy.get(f"{API}/replies/", {"suggestion_id": suggestion.pk}).json()["results"]
    assert [r["id"] for r in listed] == [reply["id"]] and listed[0]["evaluation"] is None
    response = deputy.post(f"{API}/replies/{reply['id']}/evaluate/", {
        "satisfaction": "basically_satisfied", "attitude": "good", "approach": "good", "effect": "fair",
    }, format="json")
    assert response.status_code == 201 and response.json()["satisfaction"] == "basically_satisfied"
    assert deputy.get(f"{API}/suggestions/{suggestion.pk}/").json()["status"] == "tracking"

    # The unit's system finds its open promise by polling, and closes it when done.
    polled = unit.get(f"{API}/assignments/{work}/").json()
    commitment = polled["replies"][0]["commitments"][0]["id"]
    assert unit.get(f"{API}/commitments/", {"status": "open"}).json()["results"][0]["id"] == commitment
    response = unit.post(f"{API}/commitments/{commitment}/resolve/",
                         {"fulfilled": True, "resolution": "60个泊位已建成启用。"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "fulfilled"
    final = no_phone(deputy.get(f"{API}/suggestions/{suggestion.pk}/")).json()
    assert final["status"] == "closed" and final["closed_at"]
    assert {a["status"] for a in final["assignments"]} == {"done"}


def test_a_suggestion_carries_the_documented_fields_and_no_phone(d):
    suggestion = assigned(d, lead="jt", co=("zj",))
    body = no_phone(signed_in(d["staff"]).get(f"{API}/suggestions/{suggestion.pk}/")).json()
    assert list(body) == ["id", "number", "title", "content", "category", "lead_deputy", "co_signers", "meeting",
                          "status", "status_display", "handling_mode", "handling_mode_display", "assigned_on",
                          "assignments", "is_key", "submitted_at", "closed_at"]
    assert body["lead_deputy"] == "王建国" and body["category"]["name"] == "城乡建设"
    assert body["meeting"]["id"] == d["session"].pk and body["is_key"] is False
    assert set(body["assignments"][0]) == {"id", "unit", "role", "role_display", "status", "status_display",
                                           "due_on", "due_is_provisional", "round", "replied_at"}


def test_no_phone_numbers_in_any_payload(d, token_client):
    """Not even for the office, which sees deputies' phones in the register: none of this API's
    resources carries one, though deputies, handlers and the responsible person all have one."""
    suggestion = assigned(d, lead="jt", co=("zj",))
    services.set_responsible_person(part(suggestion, "jt"), actor=d["handlers"]["jt"], name="科长 周明",
                                    phone="13912345678")
    services.send_co_unit_opinion(part(suggestion, "zj"), actor=d["handlers"]["zj"], opinion="同意。")
    reply = replied(d, suggestion, "jt", category="C", commitments=[("列入计划", timezone.localdate())])
    services.evaluate_reply(reply, actor=d["lead"].user, satisfaction="satisfied", attitude="good", approach="good",
                            effect="good")
    services.request_extension(part(assigned_today(d), "jt"), actor=d["handlers"]["jt"],
                               due_on=timezone.localdate() + timedelta(days=120), reason="需要协调")
    services.request_reassignment(part(assigned_today(d), "jt"), actor=d["handlers"]["jt"], reason="不属于本单位")
    clients = [signed_in(d["staff"]), signed_in(d["lead"].user), unit_system(token_client, d, "jt")]
    for resource in ("suggestions", "assignments", "replies", "commitments", "extension-requests",
                     "reassignment-requests"):
        for client in clients:
            rows = no_phone(client.get(f"{API}/{resource}/")).json()["results"]
            assert rows, resource
            no_phone(client.get(f"{API}/{resource}/{rows[0]['id']}/"))


def test_co_signers_are_listed_by_name_and_status(d):
    suggestion = draft(d)
    services.invite_cosigners(suggestion, actor=d["lead"].user, deputies=[d["cosigner"], d["other"]])
    services.respond_to_invitation(CoSignature.objects.get(deputy=d["cosigner"]), actor=d["cosigner"].user,
                                   confirm=True)
    services.withdraw_invitation(CoSignature.objects.get(deputy=d["other"]), actor=d["lead"].user)
    body = no_phone(signed_in(d["lead"].user).get(f"{API}/suggestions/{suggestion.pk}/")).json()
    assert [(s["name"], s["status"]) for s in body["co_signers"]] == [("李秀英", "confirmed")]


# --------------------------------------------------------------------------- office actions


def test_office_review_actions(d):
    office = signed_in(d["staff"])
    one, two, three = submitted(d), submitted(d), accepted(d)
    response = office.post(f"{API}/suggestions/{one.pk}/reject/", {"reason": "personal", "note": ""}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "rejected"
    response = office.post(f"{API}/suggestions/{two.pk}/reference/", {"note": "供参阅"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "reference"
    response = office.post(f"{API}/suggestions/{three.pk}/key-supervision/",
                           {"leader": d["leader"].pk, "committee": d["committee"].pk}, format="json")
    assert response.status_code == 200 and response.json()["is_key"] is True
    response = office.post(f"{API}/suggestions/{three.pk}/close/", {"note": "情况已变化。"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "closed"


def test_separate_units(d):
    suggestion = accepted(d)
    response = signed_in(d["staff"]).post(f"{API}/suggestions/{suggestion.pk}/assign/", {
        "separate_units": [d["units"]["jt"].pk, d["units"]["jw"].pk]}, format="json")
    assert response.status_code == 200
    assert {a["role"] for a in response.json()["assignments"]} == {"separate"}


def test_the_lead_deputy_withdraws(d):
    suggestion = assigned(d)
    deputy = signed_in(d["lead"].user)
    before = snapshot()
    assert_refused(deputy.post(f"{API}/suggestions/{suggestion.pk}/withdraw/", {"reason": " "}, format="json"), 400,
                   "reason")
    assert snapshot() == before
    response = deputy.post(f"{API}/suggestions/{suggestion.pk}/withdraw/", {"reason": "已解决。"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"


def test_extension_requested_by_the_unit_and_decided_by_the_office(d, token_client):
    assignment = part(assigned_today(d), "jt")
    unit, office = unit_system(token_client, d, "jt"), signed_in(d["staff"])
    wanted = assignment.due_on + timedelta(days=30)
    before = snapshot()
    too_late = assignment.assigned_on + timedelta(days=300)
    assert_refused(unit.post(f"{API}/assignments/{assignment.pk}/extension/",
                             {"due_on": too_late.isoformat(), "reason": "需要调研"}, format="json"), 400, "due_on")
    assert_refused(unit.post(f"{API}/assignments/{assignment.pk}/extension/", {"due_on": "soon", "reason": "x"},
                             format="json"), 400, "due_on")
    assert snapshot() == before

    response = unit.post(f"{API}/assignments/{assignment.pk}/extension/",
                         {"due_on": wanted.isoformat(), "reason": "需要跨部门协调。"}, format="json")
    assert response.status_code == 201 and response.json()["decision"] == "pending"
    extension = response.json()["id"]
    assert [e["id"] for e in office.get(f"{API}/extension-requests/", {"decision": "pending"}).json()["results"]] == [
        extension]
    assert_refused(unit.post(f"{API}/extension-requests/{extension}/decide/", {"approve": True}, format="json"), 403)
    assert_refused(office.post(f"{API}/extension-requests/{extension}/decide/", {"approve": False}, format="json"), 400,
                   "note")
    response = office.post(f"{API}/extension-requests/{extension}/decide/", {"approve": True}, format="json")
    assert response.status_code == 200 and response.json()["decision"] == "approved"
    assert Assignment.objects.get(pk=assignment.pk).due_on == wanted


def test_a_returned_case_goes_to_the_new_unit_and_can_no_longer_be_answered(d, token_client):
    suggestion = assigned_today(d)
    assignment = part(suggestion, "jt")
    unit, office = unit_system(token_client, d, "jt"), signed_in(d["staff"])
    response = unit.post(f"{API}/assignments/{assignment.pk}/return/",
                         {"reason": "不属于本单位职责。", "suggested_unit": d["units"]["jw"].pk}, format="json")
    assert response.status_code == 201 and response.json()["suggested_unit"]["name"] == "区教育委员会"
    request_id = response.json()["id"]
    response = office.post(f"{API}/reassignment-requests/{request_id}/decide/",
                           {"approve": True, "new_unit": d["units"]["jw"].pk}, format="json")
    assert response.status_code == 200 and response.json()["decision"] == "approved"
    assert Assignment.objects.get(pk=assignment.pk).status == "returned"
    assert Assignment.objects.get(suggestion=suggestion, unit__code="jw").status == "assigned"

    # The old part is no longer the unit's: out of its scope, like the suggestion itself (issue 6, item 2).
    before = snapshot()
    assert_refused(unit.post(f"{API}/assignments/{assignment.pk}/reply/",
                             {"category": "A", "body": "已解决", "signed_by": "局长"}, format="json"), 404)
    assert snapshot() == before


def test_a_return_after_the_window_is_refused(d, token_client):
    assignment = part(assigned(d), "jt")  # assigned on 2 Feb 2026: the 7 working days are long over
    unit = unit_system(token_client, d, "jt")
    before = snapshot()
    body = assert_refused(unit.post(f"{API}/assignments/{assignment.pk}/return/", {"reason": "不属于本单位。"},
                                    format="json"), 400)
    assert body["non_field_errors"]
    assert snapshot() == before


def test_reassignment_is_the_action_and_return_its_former_path(d, token_client, client):
    assignment = part(assigned_today(d), "jt")
    unit = unit_system(token_client, d, "jt")
    response = unit.post(f"{API}/assignments/{assignment.pk}/reassignment/", {"reason": "不属于本单位职责。"},
                         format="json")
    assert response.status_code == 201 and response.json()["decision"] == "pending"
    # the former path answers the same action: here its refusal, a request already pending
    before = snapshot()
    body = assert_refused(unit.post(f"{API}/assignments/{assignment.pk}/return/", {"reason": "再次申请。"},
                                    format="json"), 400)
    assert body["non_field_errors"] and snapshot() == before
    paths = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    assert "deprecated" not in paths["/api/v1/assignments/{id}/reassignment/"]["post"]
    assert paths["/api/v1/assignments/{id}/return/"]["post"]["deprecated"] is True


# --------------------------------------------------------------------------- refusals change nothing


def test_replying_twice_is_refused(d, token_client):
    suggestion = assigned(d)
    replied(d, suggestion, "jt")
    unit = unit_system(token_client, d, "jt")
    before = snapshot()
    assert_refused(unit.post(f"{API}/assignments/{part(suggestion, 'jt').pk}/reply/",
                             {"category": "A", "body": "再次答复", "signed_by": "局长 刘洋"}, format="json"), 400)
    assert snapshot() == before


def test_bad_reply_input_gets_field_messages(d, token_client):
    assignment = part(assigned(d), "jt")
    unit = unit_system(token_client, d, "jt")
    url = f"{API}/assignments/{assignment.pk}/reply/"
    before = snapshot()
    assert_refused(unit.post(url, {"category": "E", "body": "x", "signed_by": "y"}, format="json"), 400, "category")
    assert_refused(unit.post(url, {"category": "A", "body": "x"}, format="json"), 400, "signed_by")
    assert_refused(unit.post(url, {"category": "A", "body": "x", "signed_by": " "}, format="json"), 400, "signed_by")
    body = assert_refused(
        unit.post(
            url,
            {"category": "B", "body": "x", "signed_by": "y", "commitments": [{"description": "z", "due_on": "never"}]},
            format="json",
        ),
        400,
        "commitments",
    )
    assert "due_on" in body["commitments"]["0"]  # item index → that item's field messages
    assert_refused(unit.post(url, {"category": "B", "body": "x", "signed_by": "y"}, format="json"), 400, "commitments")
    assert_refused(unit.post(url, "not json", content_type="application/json"), 400)
    assert unit.post(url, {"category": "A", "body": "x", "signed_by": "y"}).status_code == 415  # JSON bodies only
    assert snapshot() == before


def test_the_unassigned_are_out_of_a_units_reach(d, token_client):
    waiting = accepted(d)  # accepted, not assigned to anyone yet
    other = part(assigned(d, lead="jw"), "jw")  # assigned to another unit
    unit = unit_system(token_client, d, "jt")
    before = snapshot()
    assert unit.get(f"{API}/suggestions/{waiting.pk}/").status_code == 404
    assert_refused(
        unit.post(
            f"{API}/assignments/{other.pk}/reply/", {"category": "A", "body": "x", "signed_by": "y"}, format="json"
        ),
        404,
    )
    assert snapshot() == before


def test_a_co_unit_cannot_reply(d, token_client):
    co_part = part(assigned(d, lead="jt", co=("zj",)), "zj")
    co_unit = unit_system(token_client, d, "zj")
    before = snapshot()
    assert_refused(
        co_unit.post(
            f"{API}/assignments/{co_part.pk}/reply/", {"category": "A", "body": "x", "signed_by": "y"}, format="json"
        ),
        400,
    )
    assert snapshot() == before


def test_a_token_answers_only_for_its_own_unit(d, token_client):
    """A token issued for unit jt on the account of jw's handler: jw's work is visible to the
    account, but the token may not answer for jw."""
    assignment = part(assigned(d, lead="jw"), "jw")
    client, _ = token_client(d["handlers"]["jw"], scopes=UNIT_SCOPES, unit=d["units"]["jt"])
    before = snapshot()
    body = assert_refused(
        client.post(
            f"{API}/assignments/{assignment.pk}/reply/",
            {"category": "A", "body": "已解决。", "signed_by": "局长 刘洋"},
            format="json",
        ),
        403,
    )
    assert "区交通局" in body["detail"]
    assert_refused(
        client.post(
            f"{API}/assignments/{assignment.pk}/contact/",
            {"contacted_on": "2026-03-02", "method": "phone", "summary": "电话沟通"},
            format="json",
        ),
        403,
    )
    assert snapshot() == before


def test_a_read_only_token_cannot_post(d, token_client):
    suggestion = assigned(d)
    replied(d, suggestion, "jt", category="B", commitments=[("年内完成", timezone.localdate() + timedelta(days=9))])
    read_only, _ = token_client(d["handlers"]["jt"], scopes=["read"])
    before = snapshot()
    body = assert_refused(
        read_only.post(
            f"{API}/commitments/{Commitment.objects.get().pk}/resolve/",
            {"fulfilled": True, "resolution": "完成"},
            format="json",
        ),
        403,
    )
    assert "unit-reply" in body["detail"]
    assert_refused(read_only.post(f"{API}/assignments/{part(suggestion, 'jt').pk}/contact/", {}, format="json"), 403)
    assert snapshot() == before


def test_office_and_deputy_actions_are_not_taken_with_tokens(d, token_client):
    """Even a token on an office account: "read" grants no writes (see suggestions/api/views.py)."""
    suggestion = submitted(d)
    office_token, _ = token_client(d["staff"], scopes=["read", "stats"])
    before = snapshot()
    body = assert_refused(office_token.post(f"{API}/suggestions/{suggestion.pk}/accept/"), 403)
    assert "token" in body["detail"].lower() or "令牌" in body["detail"]
    assert snapshot() == before
    assert office_token.get(f"{API}/suggestions/{suggestion.pk}/").status_code == 200  # reading is fine


def test_only_the_office_accepts_and_assigns(d, token_client):
    suggestion = submitted(d)
    before = snapshot()
    # The lead deputy sees the suggestion but may not accept it.
    assert_refused(signed_in(d["lead"].user).post(f"{API}/suggestions/{suggestion.pk}/accept/"), 403)
    # A leader sees it too, and may not accept it either.
    assert_refused(signed_in(d["leader"]).post(f"{API}/suggestions/{suggestion.pk}/accept/"), 403)
    assert snapshot() == before
    anonymous = APIClient().post(f"{API}/suggestions/{suggestion.pk}/accept/")
    assert anonymous.status_code == 401


def test_assigning_without_a_lead_unit_is_refused(d):
    suggestion = accepted(d)
    office = signed_in(d["staff"])
    url = f"{API}/suggestions/{suggestion.pk}/assign/"
    before = snapshot()
    assert_refused(office.post(url, {"co_units": [d["units"]["zj"].pk]}, format="json"), 400, "lead_unit")
    assert_refused(office.post(url, {"lead_unit": 999999}, format="json"), 400, "lead_unit")
    assert_refused(
        office.post(url, {"lead_unit": d["units"]["jt"].pk, "separate_units": [d["units"]["jw"].pk]}, format="json"),
        400,
        "lead_unit",
    )
    assert snapshot() == before
    assert not Assignment.objects.exists()


def test_office_inputs_are_checked(d):
    office = signed_in(d["staff"])
    suggestion = submitted(d)
    before = snapshot()
    assert_refused(
        office.post(f"{API}/suggestions/{suggestion.pk}/reject/", {"reason": "boring"}, format="json"), 400, "reason"
    )
    assert_refused(
        office.post(f"{API}/suggestions/{suggestion.pk}/reject/", {"reason": "other", "note": ""}, format="json"),
        400,
        "note",
    )
    assert_refused(
        office.post(
            f"{API}/suggestions/{suggestion.pk}/key-supervision/", {"committee": d["committee"].pk}, format="json"
        ),
        400,
        "leader",
    )
    assert_refused(office.post(f"{API}/suggestions/{suggestion.pk}/close/", {}, format="json"), 400, "note")
    assert_refused(
        office.post(f"{API}/suggestions/{suggestion.pk}/assign/", {"lead_unit": d["units"]["jt"].pk}, format="json"),
        400,
    )  # not accepted yet
    assert snapshot() == before


def test_rating_someone_elses_answer_and_rating_twice_are_refused(d):
    suggestion = assigned(d)
    services.invite_cosigners(draft(d), actor=d["lead"].user, deputies=[d["cosigner"]])  # unrelated draft
    reply = replied(d, suggestion, "jt")
    url = f"{API}/replies/{reply.pk}/evaluate/"
    rating = {"satisfaction": "satisfied", "attitude": "good", "approach": "good", "effect": "good"}
    before = snapshot()
    assert_refused(signed_in(d["other"].user).post(url, rating, format="json"), 404)  # not theirs to see
    assert_refused(signed_in(d["handlers"]["jt"]).post(url, rating, format="json"), 403)  # the unit rating itself
    assert_refused(
        signed_in(d["lead"].user).post(url, {**rating, "satisfaction": "unsatisfied"}, format="json"), 400, "comment"
    )
    assert_refused(signed_in(d["lead"].user).post(url, {**rating, "effect": "great"}, format="json"), 400, "effect")
    assert snapshot() == before

    assert signed_in(d["lead"].user).post(url, rating, format="json").status_code == 201
    before = snapshot()
    assert_refused(signed_in(d["lead"].user).post(url, rating, format="json"), 400)
    assert snapshot() == before
    assert Evaluation.objects.count() == 1


def test_a_co_signer_sees_the_answer_but_does_not_rate_it(d):
    suggestion = draft(d)
    services.invite_cosigners(suggestion, actor=d["lead"].user, deputies=[d["cosigner"]])
    services.respond_to_invitation(CoSignature.objects.get(), actor=d["cosigner"].user, confirm=True)
    services.submit_suggestion(suggestion, actor=d["lead"].user, today=d["session"].starts_on)
    services.accept_suggestion(suggestion, actor=d["staff"])
    services.assign_suggestion(suggestion, actor=d["staff"], lead_unit=d["units"]["jt"], today=d["session"].ends_on)
    reply = replied(d, suggestion, "jt")
    cosigner = signed_in(d["cosigner"].user)
    assert cosigner.get(f"{API}/replies/{reply.pk}/").status_code == 200
    before = snapshot()
    assert_refused(
        cosigner.post(
            f"{API}/replies/{reply.pk}/evaluate/",
            {"satisfaction": "satisfied", "attitude": "good", "approach": "good", "effect": "good"},
            format="json",
        ),
        403,
    )
    assert snapshot() == before


# --------------------------------------------------------------------------- scope


def test_another_units_assignment_is_absent_and_404(d, token_client):
    mine, theirs = part(assigned(d, lead="jt"), "jt"), part(assigned(d, lead="jw"), "jw")
    for client in (unit_system(token_client, d, "jt"), signed_in(d["handlers"]["jt"])):
        ids = [row["id"] for row in client.get(f"{API}/assignments/").json()["results"]]
        assert ids == [mine.pk]
        assert client.get(f"{API}/assignments/{theirs.pk}/").status_code == 404
        assert client.get(f"{API}/suggestions/{theirs.suggestion_id}/").status_code == 404
        assert [s["id"] for s in client.get(f"{API}/suggestions/").json()["results"]] == [mine.suggestion_id]
        assert client.get(f"{API}/assignments/", {"unit_id": d["units"]["jw"].pk}).json()["count"] == 0


def test_a_deputy_cannot_see_another_deputys_draft(d):
    mine = draft(d)
    other = signed_in(d["other"].user)
    assert other.get(f"{API}/suggestions/{mine.pk}/").status_code == 404
    assert other.get(f"{API}/suggestions/").json()["count"] == 0
    before = snapshot()
    assert_refused(other.post(f"{API}/suggestions/{mine.pk}/submit/"), 404)
    assert snapshot() == before
    # Drafts are the deputy's own: not even the office sees them.
    assert signed_in(d["staff"]).get(f"{API}/suggestions/{mine.pk}/").status_code == 404
    assert signed_in(d["lead"].user).get(f"{API}/suggestions/{mine.pk}/").status_code == 200


def test_replies_commitments_and_requests_follow_the_assignments_scope(d, token_client):
    mine = assigned(d, lead="jt")
    theirs = assigned(d, lead="jw")
    soon = timezone.localdate() + timedelta(days=20)
    replied(d, mine, "jt", category="B", commitments=[("甲", soon)])
    replied(d, theirs, "jw", category="B", commitments=[("乙", soon)])
    unit = unit_system(token_client, d, "jt")
    assert [r["assignment"] for r in unit.get(f"{API}/replies/").json()["results"]] == [part(mine, "jt").pk]
    assert [c["description"] for c in unit.get(f"{API}/commitments/").json()["results"]] == ["甲"]
    other_commitment = Commitment.objects.get(description="乙")
    assert unit.get(f"{API}/commitments/{other_commitment.pk}/").status_code == 404
    before = snapshot()
    assert_refused(
        unit.post(
            f"{API}/commitments/{other_commitment.pk}/resolve/", {"fulfilled": True, "resolution": "x"}, format="json"
        ),
        404,
    )
    assert snapshot() == before
    assert unit.get(f"{API}/replies/", {"assignment_id": part(theirs, "jw").pk}).json()["count"] == 0


def test_filters(d, token_client):
    late = part(assigned(d, lead="jt"), "jt")  # due in May 2026
    fresh = part(assigned_today(d, lead="jt"), "jt")
    done = assigned(d, lead="jt")
    replied(d, done, "jt")
    unit = unit_system(token_client, d, "jt")

    def ids(url, **params):
        return sorted(row["id"] for row in unit.get(url, params).json()["results"])

    assert ids(f"{API}/assignments/", overdue="true") == [late.pk]
    assert ids(f"{API}/assignments/", overdue="false") == sorted([fresh.pk, part(done, "jt").pk])
    assert ids(f"{API}/assignments/", status="replied") == [part(done, "jt").pk]
    assert ids(f"{API}/assignments/", unit_id=d["units"]["jt"].pk) == sorted([late.pk, fresh.pk, part(done, "jt").pk])
    # the suggestions filter is the staff list's
    assert ids(f"{API}/suggestions/", status="replied") == [done.pk]
    assert ids(f"{API}/suggestions/", overdue="true") == [late.suggestion_id]
    assert unit.get(f"{API}/assignments/", {"status": "lost"}).status_code == 400


def test_ordering(d):
    first, second = assigned(d), assigned(d)
    office = signed_in(d["staff"])
    numbers = [row["number"] for row in office.get(f"{API}/suggestions/", {"ordering": "number"}).json()["results"]]
    assert numbers == sorted([first.number, second.number])
    numbers = [row["number"] for row in office.get(f"{API}/suggestions/", {"ordering": "-number"}).json()["results"]]
    assert numbers == sorted([first.number, second.number], reverse=True)


# --------------------------------------------------------------------------- statistics


@pytest.fixture
def figures(d):
    suggestion = assigned(d, lead="jt")
    reply = replied(d, suggestion, "jt", category="A")
    services.evaluate_reply(
        reply,
        actor=d["lead"].user,
        satisfaction="satisfied",
        attitude="good",
        approach="good",
        effect="good",
        today=reply.replied_at.date(),
    )
    assigned(d, lead="jw")
    refresh_statistics(2026)
    return d


def test_statistics_per_unit_with_rates(figures, token_client):
    d = figures
    client, _ = token_client(d["staff"], scopes=["stats"])
    response = no_phone(client.get(f"{API}/suggestion-stats/", {"year": 2026, "dimension": "unit"}))
    assert response.status_code == 200
    body = response.json()
    assert (body["year"], body["meeting"], body["dimension"]) == (2026, None, "unit")
    rows = {row["unit"]["name"]: row for row in body["results"]}
    assert set(rows) == {"区交通局", "区教育委员会"}
    transport = rows["区交通局"]
    assert (transport["assigned"], transport["replied"], transport["category_a"]) == (1, 1, 1)
    assert (transport["satisfaction_rate"], transport["strict_satisfaction_rate"], transport["solved_rate"]) == (
        1.0,
        1.0,
        1.0,
    )
    assert transport["fulfilment_rate"] is None and transport["category"] is None
    assert body["totals"]["assigned"] == 2 and body["totals"]["replied"] == 1


def test_statistics_per_category_and_session(figures):
    d = figures
    body = (
        signed_in(d["leader"])
        .get(f"{API}/suggestion-stats/", {"year": 2026, "meeting": d["session"].pk, "dimension": "category"})
        .json()
    )
    assert [(row["category"]["name"], row["assigned"]) for row in body["results"]] == [("城乡建设", 2)]


def test_statistics_are_for_the_office_and_leaders_only(figures, token_client):
    d = figures
    url = f"{API}/suggestion-stats/"
    assert_refused(signed_in(d["lead"].user).get(url, {"year": 2026}), 403)
    assert_refused(signed_in(d["handlers"]["jt"]).get(url, {"year": 2026}), 403)
    unit_stats, _ = token_client(d["handlers"]["jt"], scopes=["stats"])
    assert_refused(unit_stats.get(url, {"year": 2026}), 403)
    office_reader, _ = token_client(d["staff"], scopes=["read"])
    assert "stats" in assert_refused(office_reader.get(url, {"year": 2026}), 403)["detail"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"year": 1999}, "year"),
        ({"year": "twenty"}, "year"),
        ({"year": 2101}, "year"),
        ({"year": 2026, "dimension": "deputy"}, "dimension"),
        ({"year": 2026, "meeting": 999999}, "meeting"),
    ],
)
def test_statistics_query_is_checked(figures, params, field):
    assert_refused(signed_in(figures["staff"]).get(f"{API}/suggestion-stats/", params), 400, field)


# --------------------------------------------------------------------------- query counts


def _many_suggestions(d, count):
    for _ in range(count):
        suggestion = draft(d)
        services.invite_cosigners(suggestion, actor=d["lead"].user, deputies=[d["cosigner"]])
        services.respond_to_invitation(suggestion.cosignatures.get(), actor=d["cosigner"].user, confirm=True)
        services.submit_suggestion(suggestion, actor=d["lead"].user, today=d["session"].starts_on)
        services.accept_suggestion(suggestion, actor=d["staff"])
        services.assign_suggestion(
            suggestion,
            actor=d["staff"],
            lead_unit=d["units"]["jt"],
            co_units=[d["units"]["zj"]],
            today=d["session"].ends_on,
        )
        replied(d, suggestion, "jt", category="B", commitments=[("年内完成", timezone.localdate() + timedelta(days=9))])


# Staff session: session, user, the user's permissions (own and groups' in one statement:
# congress.backends), COUNT(*), the page with category, deputy, session, term and key supervision
# joined, co-signers, units' parts.
@pytest.mark.parametrize("page_size", [1, 25])
def test_suggestion_list_query_count_is_flat(d, django_assert_num_queries, page_size):
    _many_suggestions(d, 26)
    office = signed_in(d["staff"])
    with django_assert_num_queries(7):
        response = office.get(f"{API}/suggestions/", {"page_size": page_size})
    assert response.status_code == 200 and len(response.json()["results"]) == page_size


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_list_row_is_the_suggestions_detail(d, language):
    """The list is built from plain rows for speed (congress/api/rows.py); whatever a suggestion
    holds — co-signers (one withdrawn), a session or none, key supervision, units answering
    separately, a draft's blank handling mode, an answer's timestamps — its row in the list is
    byte for byte what its detail (the serializer) says."""
    with_cosigners = draft(d)
    services.invite_cosigners(with_cosigners, actor=d["lead"].user, deputies=[d["cosigner"], d["other"]])
    services.respond_to_invitation(with_cosigners.cosignatures.get(deputy=d["cosigner"]),
                                   actor=d["cosigner"].user, confirm=True)
    services.withdraw_invitation(with_cosigners.cosignatures.get(deputy=d["other"]), actor=d["lead"].user)
    key = assigned(d, co=("zj",))
    services.put_under_key_supervision(key, actor=d["staff"], leader=d["leader"], committee=d["committee"])
    answered = assigned(d, separate=("jt", "zj"))
    replied(d, answered, "jt", category="B", commitments=[("年内完成", timezone.localdate() + timedelta(days=9))])
    submitted(d, day=timezone.localdate())  # between sessions: no meeting, no handling mode yet
    office = signed_in(d["staff"])
    rows = office.get(f"{API}/suggestions/", {"page_size": 50}, HTTP_ACCEPT_LANGUAGE=language).json()["results"]
    assert len(rows) == 3 and {row["is_key"] for row in rows} == {True, False}
    assert any(row["meeting"] is None for row in rows) and any(row["meeting"] for row in rows)
    for row in rows:
        detail = office.get(f"{API}/suggestions/{row['id']}/", HTTP_ACCEPT_LANGUAGE=language).json()
        assert row == detail
    lead = signed_in(d["lead"].user)  # the lead deputy sees the draft with its co-signers
    mine = lead.get(f"{API}/suggestions/", {"page_size": 50}).json()["results"]
    drafted = next(row for row in mine if row["id"] == with_cosigners.pk)
    assert [c["name"] for c in drafted["co_signers"]] == [d["cosigner"].name]
    assert drafted == lead.get(f"{API}/suggestions/{with_cosigners.pk}/").json()


# Unit token: the token with its user and the user's and the groups' permissions in one query
# (congress.api.auth.load_token), COUNT(*), the page with suggestion, deputy, key supervision
# and unit joined, replies, commitments.
@pytest.mark.parametrize("page_size", [1, 25])
def test_assignment_list_query_count_is_flat(d, token_client, django_assert_num_queries, page_size):
    _many_suggestions(d, 26)
    unit = unit_system(token_client, d, "jt")
    unit.get(f"{API}/assignments/", {"page_size": 1})  # first use stamps last_used_at; not counted below
    with django_assert_num_queries(5):
        response = unit.get(f"{API}/assignments/", {"page_size": page_size})
    assert response.status_code == 200 and len(response.json()["results"]) == page_size


@pytest.mark.parametrize("page_size", [1, 25])
def test_reply_and_commitment_lists_query_counts_are_flat(d, django_assert_num_queries, page_size):
    _many_suggestions(d, 26)
    office = signed_in(d["staff"])
    # session, user, permissions (one statement), COUNT(*), page (assignment, unit and rating joined),
    # commitments
    with django_assert_num_queries(6):
        assert len(office.get(f"{API}/replies/", {"page_size": page_size}).json()["results"]) == page_size
    # session, user, permissions (cached per user object, so asked again for this request), COUNT(*), page
    with django_assert_num_queries(5):
        assert len(office.get(f"{API}/commitments/", {"page_size": page_size}).json()["results"]) == page_size


# --------------------------------------------------------------------------- OpenAPI

ACTIONS = {
    "/api/v1/suggestions/{id}/": [
        "submit",
        "accept",
        "reject",
        "reference",
        "assign",
        "withdraw",
        "close",
        "key-supervision",
    ],
    "/api/v1/assignments/{id}/": ["contact", "opinion", "reply", "extension", "return", "responsible-person"],
    "/api/v1/replies/{id}/": ["evaluate"],
    "/api/v1/commitments/{id}/": ["resolve"],
    "/api/v1/extension-requests/{id}/": ["decide"],
    "/api/v1/reassignment-requests/{id}/": ["decide"],
}


def test_the_schema_documents_every_resource_and_action(client):
    document = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    paths = document["paths"]
    for base, actions in ACTIONS.items():
        assert base in paths and base.replace("{id}/", "") in paths
        for name in actions:
            operation = paths[f"{base}{name}/"]["post"]
            assert {"200", "201"} & set(operation["responses"]), name
            assert {"400", "403", "404"} <= set(operation["responses"]), name
            assert operation["description"], name  # the action's docstring
    stats = paths["/api/v1/suggestion-stats/"]["get"]
    assert {p["name"] for p in stats["parameters"]} >= {"year", "meeting", "dimension"}
    assert stats["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/SuggestionStats")
    assert {"400", "403"} <= set(stats["responses"])
    assert {p["name"] for p in paths["/api/v1/assignments/"]["get"]["parameters"]} >= {
        "status",
        "overdue",
        "unit_id",
        "page",
        "page_size",
        "ordering",
    }
    reply_body = paths["/api/v1/assignments/{id}/reply/"]["post"]["requestBody"]["content"]["application/json"]
    assert reply_body["schema"]["$ref"].endswith("/ReplyInputRequest")
    assert "responsible_phone" not in str(document) and "phone" not in document["components"]["schemas"]["Assignment"]


def test_schema_generation_is_valid_and_warns_about_nothing(tmp_path):
    """`manage.py spectacular --validate --fail-on-warn`: a valid OpenAPI document, no warning at all."""
    import yaml
    from django.core.management import call_command

    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = yaml.safe_load(target.read_text())
    assert "/api/v1/suggestions/{id}/key-supervision/" in schema["paths"]
    assert {"SuggestionStatusEnum", "AssignmentStatusEnum", "RatingAspectEnum"} <= set(schema["components"]["schemas"])


def test_display_labels_are_the_translated_choice_labels(district):
    """The list translates each choice label once per response; every row still gets its own label."""
    from django.utils import translation

    from suggestions.models import Suggestion
    from tests.suggestions.conftest import accepted, submitted

    d = district
    submitted(d)
    accepted(d)
    client = APIClient()
    client.force_authenticate(d["staff"])
    rows = client.get("/api/v1/suggestions/", HTTP_ACCEPT_LANGUAGE="zh-hans").json()["results"]
    with translation.override("zh-hans"):
        expected = {value: str(label) for value, label in Suggestion.Status.choices}
    assert sorted((r["status"], r["status_display"]) for r in rows) == sorted(
        [("accepted", expected["accepted"]), ("submitted", expected["submitted"])]
    )
    assert expected["accepted"] != "Accepted, awaiting assignment"  # the catalogue really translated it


def test_the_category_filter_checks_the_ids_shape_and_does_not_look_them_up(d, django_assert_num_queries):
    """An id typed with other digits is refused with a message; an unknown one matches nothing; and
    filtering costs no query of its own (congress.filtersets.UncheckedIdsField)."""
    other = Category.objects.create(name="城市建设", code="CJ", sort_order=99)
    mine, theirs = submitted(d), submitted(d)
    Suggestion.objects.filter(pk=theirs.pk).update(category=other)
    office = signed_in(d["staff"])
    body = office.get(f"{API}/suggestions/", {"category_id": other.pk}).json()
    assert [row["id"] for row in body["results"]] == [theirs.pk]
    both = office.get(f"{API}/suggestions/", {"category_id": [other.pk, d["category"].pk]}).json()
    assert {row["id"] for row in both["results"]} == {mine.pk, theirs.pk}
    assert office.get(f"{API}/suggestions/", {"category_id": 10**12}).json()["count"] == 0
    for typed in ("３", "٣", "1.5", "-1", "9" * 30):
        assert_refused(office.get(f"{API}/suggestions/", {"category_id": typed}), 400, "category_id")
    unfiltered = 7  # as test_suggestion_list_query_count_is_flat counts them
    with django_assert_num_queries(unfiltered):
        office.get(f"{API}/suggestions/", {"category_id": other.pk})


def test_the_api_checks_filters_with_the_form_class_fields_and_a_refusal_does_not_stay(d):
    """The API's filter backend checks a list's query with its form class's fields, not copies
    (congress.filtersets.FilterSet.checks_only): a refused filter is a 400 with its message, the next
    request is filtered right, and a form that is shown still gets fields of its own."""
    mine = submitted(d)
    office = signed_in(d["staff"])
    assert_refused(office.get(f"{API}/suggestions/", {"status": "lost", "category_id": "٣"}), 400, "status")
    body = office.get(f"{API}/suggestions/", {"status": "submitted", "category_id": d["category"].pk}).json()
    assert [row["id"] for row in body["results"]] == [mine.pk]
    assert office.get(f"{API}/suggestions/", {"status": "closed"}).json()["count"] == 0

    request = Request(APIRequestFactory().get("/", {"status": "submitted"}))
    request.user = d["staff"]
    checked = SuggestionFilterSet(request.query_params, Suggestion.objects.all(), request=request)
    checked.checks_only = True  # as congress.api.filters.FilterBackend sets it
    assert checked.is_valid() and list(checked.qs) == [mine]
    shown = SuggestionFilterSet(request.query_params, Suggestion.objects.all(), request=request)
    form_class = type(shown.form)
    assert all(checked.form.fields[name] is form_class.base_fields[name] for name in form_class.base_fields)
    assert all(shown.form.fields[name] is not form_class.base_fields[name] for name in form_class.base_fields)
