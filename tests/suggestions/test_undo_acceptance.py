"""撤销立案 (issue 8): the office undoes an acceptance made in error while nothing was built on it.
The suggestion goes back to review, its deputies' duty points are reversed (the totals follow), its
number stays reserved and comes back when it is accepted again; refusals change nothing; the staff
page (with its review step), the API and two staff acting at once."""


import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation
from rest_framework.test import APIClient

from congress.models import AuditEvent, Notification
from deputies.models import DutyRecord
from deputies.selectors import standing_of
from suggestions import rules, services
from suggestions.models import CoSignature, NumberSeries, Suggestion
from suggestions.staff.timeline import action_label
from tests.suggestions.conftest import SESSION_START, accepted, assigned, draft, race, submitted

YEAR = timezone.localdate().year
LIST = "/staff/suggestions/"
API = "/api/v1/suggestions"
REASON = "误将个人事项立案，退回重新审查。"


@pytest.fixture
def d(district):
    from tests.deputies.factories import point_table

    point_table(YEAR)  # the acceptance's points are of the year it happens in
    return district


def cosigned(d) -> Suggestion:
    """A submitted suggestion with the lead deputy and one confirmed co-signer."""
    suggestion = draft(d)
    services.invite_cosigners(suggestion, actor=d["lead"].user, deputies=[d["cosigner"]])
    invitation = suggestion.cosignatures.get(deputy=d["cosigner"])
    services.respond_to_invitation(invitation, actor=d["cosigner"].user, confirm=True)
    return services.submit_suggestion(suggestion, actor=d["lead"].user, today=SESSION_START)


def total(deputy):
    return standing_of(deputy, YEAR).total  # what the points pages show


def snapshot(suggestion):
    """What a refusal must leave as it was (events of the loop and the points only: issuing a test's
    API token is audited too)."""
    row = Suggestion.objects.get(pk=suggestion.pk)
    points = sorted(DutyRecord.objects.filter(source_id=suggestion.pk).values_list("item", "status"))
    events = AuditEvent.objects.filter(action__regex=r"^(suggestions|deputies)\.").count()
    return (row.status, row.number, row.reviewed_at, points, events, Notification.objects.count(),
            NumberSeries.objects.get().last)


def signed_in(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


# --------------------------------------------------------------------------- the service


def test_undoing_sends_it_back_to_review_reverses_the_points_and_keeps_the_number(d):
    suggestion = services.accept_suggestion(cosigned(d), actor=d["staff"])
    number = suggestion.number
    assert (total(d["lead"]), total(d["cosigner"])) == (3, 1)

    undone = services.undo_acceptance(suggestion, actor=d["staff"], reason=f"  {REASON} ")
    undone.refresh_from_db()
    assert undone.status == Suggestion.Status.SUBMITTED and undone.reviewed_at is None
    assert undone.number == number and undone.reserved_number == number and undone.issued_number == ""
    assert str(undone) == undone.title  # nowhere shown as a numbered case
    assert (total(d["lead"]), total(d["cosigner"])) == (0, 0)
    assert set(DutyRecord.objects.filter(source_id=suggestion.pk).values_list("item", "status")) == {
        ("suggestion.lead", "reversed"), ("suggestion.cosign", "reversed")}
    event = AuditEvent.objects.get(action="suggestions.suggestion.acceptance_undone")
    assert event.actor == d["staff"] and event.note == REASON and event.data["number"] == number
    told = Notification.objects.get(kind="suggestions.acceptance_undone")
    assert told.recipient == d["lead"].user and told.body == REASON
    assert rules.can_accept(d["staff"], undone)  # the office reviews it again

    again = services.accept_suggestion(undone, actor=d["staff"])
    assert again.number == number and again.issued_number == number  # the reserved number, reused
    assert NumberSeries.objects.get().last == 1  # no number was spent twice, none skipped
    assert (total(d["lead"]), total(d["cosigner"])) == (3, 1)  # counted once more, exactly once
    assert DutyRecord.objects.filter(source_id=suggestion.pk).count() == 2
    assert set(DutyRecord.objects.filter(source_id=suggestion.pk).values_list("status", flat=True)) == {"counted"}
    nxt = accepted(d)
    assert nxt.number.endswith("-0002")  # the series goes on after the reused number


def test_a_declined_co_signer_gets_nothing_back(d):
    suggestion = draft(d)
    services.invite_cosigners(suggestion, actor=d["lead"].user, deputies=[d["cosigner"], d["other"]])
    for deputy, confirm in ((d["cosigner"], True), (d["other"], False)):
        services.respond_to_invitation(suggestion.cosignatures.get(deputy=deputy), actor=deputy.user,
                                       confirm=confirm)
    suggestion = services.submit_suggestion(suggestion, actor=d["lead"].user, today=SESSION_START)
    services.accept_suggestion(suggestion, actor=d["staff"])
    services.undo_acceptance(suggestion, actor=d["staff"], reason=REASON)
    services.accept_suggestion(suggestion, actor=d["staff"])
    assert (total(d["lead"]), total(d["cosigner"]), total(d["other"])) == (3, 1, 0)
    assert not DutyRecord.objects.filter(deputy=d["other"]).exists()
    assert suggestion.cosignatures.get(deputy=d["other"]).status == CoSignature.Status.DECLINED


def test_the_timeline_names_the_undo_in_both_languages(d):
    with translation.override("zh-hans"):
        assert action_label("suggestions.suggestion.acceptance_undone") == "撤销立案，退回重新审查"
    with translation.override("en"):
        assert action_label("suggestions.suggestion.acceptance_undone") == "Acceptance undone, back in review"


def refused(call, code, field=None):
    with pytest.raises(ValidationError) as raised:
        call()
    error = raised.value
    if field:
        assert list(error.error_dict) == [field]
        error = error.error_dict[field][0]
    assert error.code == code
    return error.messages[0]


def test_an_assigned_case_is_refused_in_the_offices_words(d):
    suggestion = assigned(d)
    before = snapshot(suggestion)
    with translation.override("zh-hans"):
        message = refused(lambda: services.undo_acceptance(suggestion, actor=d["staff"], reason=REASON), "assigned")
    assert message == "已交办的建议不能撤销立案。"
    assert snapshot(suggestion) == before


def test_a_case_whose_units_all_returned_it_is_refused(d):
    """Accepted again after every unit returned it (rule 5), it has parts: the acceptance stands."""
    suggestion = assigned(d)
    part = suggestion.assignments.get()
    services.request_reassignment(part, actor=d["handlers"]["jt"], reason="不属本单位职责。",
                                  today=part.assigned_on)
    services.decide_reassignment(part.reassignment_requests.get(), actor=d["staff"], approve=True, note="同意退回。")
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.ACCEPTED
    before = snapshot(suggestion)
    with translation.override("zh-hans"):
        message = refused(lambda: services.undo_acceptance(suggestion, actor=d["staff"], reason=REASON), "assigned")
    assert message == "已交办的建议不能撤销立案。"
    assert snapshot(suggestion) == before


def test_a_merged_or_key_case_and_one_not_accepted_are_refused(d):
    one, two = accepted(d), accepted(d)
    services.merge_suggestions([one, two], actor=d["staff"])
    before = snapshot(one)
    refused(lambda: services.undo_acceptance(one, actor=d["staff"], reason=REASON), "merged")
    assert snapshot(one) == before
    key = accepted(d)
    services.put_under_key_supervision(key, actor=d["staff"], leader=d["leader"], committee=d["committee"])
    refused(lambda: services.undo_acceptance(key, actor=d["staff"], reason=REASON), "key_supervision")
    assert Suggestion.objects.get(pk=key.pk).status == Suggestion.Status.ACCEPTED
    waiting = submitted(d)
    refused(lambda: services.undo_acceptance(waiting, actor=d["staff"], reason=REASON), "not_accepted")


@pytest.mark.parametrize("reason, code", [("", "reason_required"), ("   ", "reason_required"),
                                          ("长" * 20_001, "too_long")])
def test_a_blank_or_over_long_reason_is_refused(d, reason, code):
    suggestion = accepted(d)
    before = snapshot(suggestion)
    refused(lambda: services.undo_acceptance(suggestion, actor=d["staff"], reason=reason), code, "reason")
    assert snapshot(suggestion) == before


@pytest.mark.parametrize("who", ["handler", "lead", "leader"])
def test_only_the_office_undoes_an_acceptance(d, who):
    suggestion = accepted(d)
    user = {"handler": d["handlers"]["jt"], "lead": d["lead"].user, "leader": d["leader"]}[who]
    before = snapshot(suggestion)
    with pytest.raises(PermissionDenied):
        services.undo_acceptance(suggestion, actor=user, reason=REASON)
    assert snapshot(suggestion) == before
    assert not rules.can_undo_acceptance(user, suggestion)


# --------------------------------------------------------------------------- the staff page


def test_the_staff_page_undoes_it_after_the_review_step(client, d):
    suggestion = accepted(d)
    number = suggestion.number
    client.force_login(d["staff"])
    url = f"{LIST}{suggestion.pk}/"
    page = client.get(url).content.decode()
    assert f"{url}undo-acceptance/" in page and "撤销立案" in page

    # Without JS: the review step shows what is about to happen and saves nothing.
    response = client.post(f"{url}undo-acceptance/", {"reason": REASON})
    assert response.status_code == 200 and "congress/confirm.html" in [t.name for t in response.templates]
    assert "确定撤销该建议的立案吗" in response.content.decode() and REASON in response.content.decode()
    assert Suggestion.objects.get(pk=suggestion.pk).status == Suggestion.Status.ACCEPTED

    response = client.post(f"{url}undo-acceptance/", {"reason": REASON, "confirmed": "1"}, follow=True)
    done = [str(m) for m in response.context["messages"]]
    assert done == [f"已撤销立案：建议已退回重新审查，编号{number}仍为其保留。"]
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.SUBMITTED and suggestion.number == number
    page = response.content.decode()
    assert f"{number}（已保留，立案已撤销）" in page  # the office sees the number as reserved only
    assert f'<span class="muted">{number}</span>' not in page  # not in the heading as a case number
    assert "撤销立案，退回重新审查" in page and REASON in page  # the timeline
    assert f"{url}accept/" in page and f"{url}undo-acceptance/" not in page

    listing = client.get(LIST, {"status": "submitted"}).content.decode()
    assert suggestion.title in listing and number not in listing


def test_a_blank_reason_is_refused_on_the_form_before_the_review_step(client, d):
    suggestion = accepted(d)
    client.force_login(d["staff"])
    response = client.post(f"{LIST}{suggestion.pk}/undo-acceptance/", {"reason": "  ", "confirmed": "1"})
    assert response.status_code == 200 and response.context["failed_form"] is response.context["undo_form"]
    page = response.content.decode()
    assert page.count("请说明撤销立案的理由。") == 1  # on the form, once; no banner repeating it
    assert Suggestion.objects.get(pk=suggestion.pk).status == Suggestion.Status.ACCEPTED
    response = client.post(f"{LIST}{suggestion.pk}/undo-acceptance/", {"reason": "长" * 20_001})
    assert response.context["failed_form"].has_error("reason")
    assert Suggestion.objects.get(pk=suggestion.pk).status == Suggestion.Status.ACCEPTED


def test_the_staff_page_offers_no_undo_once_assigned_and_refuses_a_stale_post(client, d):
    suggestion = assigned(d)
    client.force_login(d["staff"])
    url = f"{LIST}{suggestion.pk}/"
    assert f"{url}undo-acceptance/" not in client.get(url).content.decode()
    response = client.post(f"{url}undo-acceptance/", {"reason": REASON, "confirmed": "1"})
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == ["已交办的建议不能撤销立案。"]
    assert Suggestion.objects.get(pk=suggestion.pk).status == Suggestion.Status.HANDLING


def test_deputies_and_handlers_cannot_post_the_staff_action(client, d):
    suggestion = accepted(d)
    for user in (d["lead"].user, d["handlers"]["jt"]):
        client.force_login(user)
        assert client.post(f"{LIST}{suggestion.pk}/undo-acceptance/",
                           {"reason": REASON, "confirmed": "1"}).status_code == 403
    assert Suggestion.objects.get(pk=suggestion.pk).status == Suggestion.Status.ACCEPTED


def test_the_deputy_portal_shows_no_number_while_it_is_back_in_review(client, d):
    suggestion = accepted(d)
    number = suggestion.number
    services.undo_acceptance(suggestion, actor=d["staff"], reason=REASON)
    client.force_login(d["lead"].user)
    for url in ("/portal/suggestions/", f"/portal/suggestions/{suggestion.pk}/"):
        page = client.get(url).content.decode()
        assert suggestion.title in page and number not in page, url


# --------------------------------------------------------------------------- the API


def test_the_api_undoes_it_and_then_refuses_with_the_message(d):
    suggestion = accepted(d)
    office = signed_in(d["staff"])
    response = office.post(f"{API}/{suggestion.pk}/undo-acceptance/", {"reason": REASON}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "submitted" and body["number"] == ""  # reserved, not shown as a case number
    listed = office.get(f"{API}/", {"status": "submitted"}).json()["results"]
    assert [(row["id"], row["number"]) for row in listed] == [(suggestion.pk, "")]

    response = office.post(f"{API}/{suggestion.pk}/undo-acceptance/", {"reason": REASON}, format="json",
                           HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [
        "Only an accepted suggestion not yet assigned can have its acceptance undone."]}


def test_the_api_refuses_a_blank_or_missing_reason(d):
    suggestion = accepted(d)
    before = snapshot(suggestion)
    office = signed_in(d["staff"])
    response = office.post(f"{API}/{suggestion.pk}/undo-acceptance/", {"reason": " "}, format="json")
    assert response.status_code == 400 and response.json() == {"reason": ["请说明撤销立案的理由。"]}
    response = office.post(f"{API}/{suggestion.pk}/undo-acceptance/", {}, format="json")
    assert response.status_code == 400 and list(response.json()) == ["reason"]
    long = "长" * (settings.CONGRESS_MAX_TEXT_LENGTH + 1)
    response = office.post(f"{API}/{suggestion.pk}/undo-acceptance/", {"reason": long}, format="json")
    assert response.status_code == 400 and list(response.json()) == ["reason"]
    assert snapshot(suggestion) == before


def test_the_api_refuses_others_and_tokens(d, token_client):
    suggestion = accepted(d)
    before = snapshot(suggestion)
    url = f"{API}/{suggestion.pk}/undo-acceptance/"
    assert signed_in(d["lead"].user).post(url, {"reason": REASON}, format="json").status_code == 403
    assert signed_in(d["leader"]).post(url, {"reason": REASON}, format="json").status_code == 403
    # Not the other deputy's nor an unassigned unit's to see: 404.
    assert signed_in(d["other"].user).post(url, {"reason": REASON}, format="json").status_code == 404
    assert signed_in(d["handlers"]["jt"]).post(url, {"reason": REASON}, format="json").status_code == 404
    office_token, _ = token_client(d["staff"], scopes=["read", "stats"])
    assert office_token.post(url, {"reason": REASON}, format="json").status_code == 403
    assert APIClient().post(url, {"reason": REASON}, format="json").status_code == 401
    assert snapshot(suggestion) == before


def test_the_openapi_document_describes_the_action(d):
    schema = signed_in(d["staff"]).get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    operation = schema["paths"]["/api/v1/suggestions/{id}/undo-acceptance/"]["post"]
    assert set(operation["responses"]) >= {"200", "400", "403", "404"}
    body = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert "reason" in schema["components"]["schemas"][body]["properties"]


# --------------------------------------------------------------------------- two staff at once


@pytest.mark.django_db(transaction=True)
def test_two_staff_undoing_and_accepting_at_once_leave_it_consistent(district):
    from congress import roles
    from tests.conftest import make_user
    from tests.deputies.factories import point_table

    d = district
    point_table(YEAR)
    second = make_user(roles.STAFF, username="office2")
    suggestion = services.accept_suggestion(cosigned(d), actor=d["staff"])
    number = suggestion.number
    for _round in range(8):
        _results, errors = race(lambda: services.undo_acceptance(suggestion, actor=d["staff"], reason=REASON),
                      lambda: services.undo_acceptance(suggestion, actor=second, reason=REASON),
                      lambda: services.accept_suggestion(suggestion, actor=second))
        assert all(e is None or isinstance(e, ValidationError) for e in errors), errors
        row = Suggestion.objects.get(pk=suggestion.pk)
        assert row.number == number and NumberSeries.objects.get().last == 1
        counted = row.status == Suggestion.Status.ACCEPTED
        assert row.status in (Suggestion.Status.ACCEPTED, Suggestion.Status.SUBMITTED)
        assert (total(d["lead"]), total(d["cosigner"])) == ((3, 1) if counted else (0, 0))
        assert (row.reviewed_at is not None) == counted
        if not counted:
            services.accept_suggestion(suggestion, actor=d["staff"])
    assert DutyRecord.objects.filter(source_id=suggestion.pk).count() == 2
