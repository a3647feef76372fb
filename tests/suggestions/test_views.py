"""The staff pages for suggestions: who may open them, the list with its filters, export and bulk
assignment, the detail page with its actions and timeline, the key supervision board, statistics."""

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.conf import settings
from django.utils import timezone
from django.utils.html import escape
from openpyxl import load_workbook

from congress import roles
from congress.views import form_messages
from suggestions import services
from suggestions.models import KeySupervision, Statistic, Suggestion, SupervisionAction
from tests.conftest import make_user
from tests.suggestions.conftest import accepted, assigned, draft, part, replied, submitted

pytestmark = pytest.mark.django_db
LIST = "/staff/suggestions/"


@pytest.fixture
def english(client):
    """Messages are asserted in English: the person chose it with the language switch."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def as_user(client, user):
    client.force_login(user)
    return client


def shown(response) -> list[tuple[str, str]]:
    """(level, text) of each message on the page the redirect led to."""
    return [(m.level_tag, str(m)) for m in response.context["messages"]]


def errors(response) -> list[str]:
    return [text for level, text in shown(response) if level == "error"]


def refused(response) -> list[str]:
    """What a refused action tells the user, each line once on the page: the messages of the
    refused form (with their fields' labels), on the form itself, or at the top when the page no
    longer offers that form. The page came back; nothing was redirected, nothing saved."""
    assert response.status_code == 200
    lines = form_messages(response.context["failed_form"])
    page = response.content.decode()
    for line in lines:
        message = escape(line.split(": ", 1)[-1])
        assert page.count(message) == 1, f"{message!r} appears {page.count(message)} times"
    return lines


def rows_of(response) -> list[tuple]:
    return list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))


# --------------------------------------------------------------------------- access


def test_anonymous_is_sent_to_sign_in(client, district):
    suggestion = submitted(district)
    for url in [LIST, f"{LIST}{suggestion.pk}/", f"{LIST}key/", f"{LIST}statistics/"]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    response = client.post(f"{LIST}{suggestion.pk}/accept/", {"confirmed": "1"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    suggestion.refresh_from_db()
    assert suggestion.status == "submitted"


@pytest.mark.parametrize("who", ["lead", "handler"])
def test_deputies_and_unit_handlers_may_not_open_staff_pages(client, district, who):
    d = district
    suggestion = assigned(d, lead="jt")
    user = d["lead"].user if who == "lead" else d["handlers"]["jt"]
    as_user(client, user)
    for url in [LIST, f"{LIST}{suggestion.pk}/", f"{LIST}key/", f"{LIST}statistics/"]:
        assert client.get(url).status_code == 403, url
    assert client.post(f"{LIST}{suggestion.pk}/close/", {"confirmed": "1", "note": "关闭"}).status_code == 403
    assert client.post(f"{LIST}statistics/refresh/", {"year": 2026}).status_code == 403
    suggestion.refresh_from_db()
    assert suggestion.status == "handling"


def test_drafts_are_not_found_on_staff_pages(client, district):
    private = draft(district)
    as_user(client, district["staff"])
    assert client.get(f"{LIST}{private.pk}/").status_code == 404
    assert client.post(f"{LIST}{private.pk}/accept/", {"confirmed": "1"}).status_code == 404
    private.refresh_from_db()
    assert private.status == "draft" and private.number == ""


def test_actions_answer_post_only(client, district):
    suggestion = submitted(district)
    as_user(client, district["staff"])
    assert client.get(f"{LIST}{suggestion.pk}/accept/").status_code == 405


# --------------------------------------------------------------------------- list, filters, export


def test_list_shows_the_office_columns_and_filters(client, district):
    d = district
    waiting = submitted(d, title="关于增设公交站点的建议")
    handled = assigned(d, lead="jt", co=("zj",), title="关于改造老旧小区的建议")
    as_user(client, d["staff"])
    page = client.get(LIST).content.decode()
    assert "关于增设公交站点的建议" in page and "关于改造老旧小区的建议" in page
    assert handled.number in page and "王建国" in page and "城乡建设" in page and "区交通局" in page

    by_status = client.get(LIST, {"status": "submitted"})
    assert [s.pk for s in by_status.context["object_list"]] == [waiting.pk]
    by_unit = client.get(LIST, {"unit_id": d["units"]["zj"].pk})
    assert [s.pk for s in by_unit.context["object_list"]] == [handled.pk]
    by_text = client.get(LIST, {"q": "老旧小区"})
    assert [s.pk for s in by_text.context["object_list"]] == [handled.pk]


def test_overdue_and_pending_request_filters(client, district):
    d = district
    late = assigned(d, lead="jt")  # assigned on 2 Feb 2026: its answer was due in May
    fresh = accepted(d)
    services.assign_suggestion(fresh, actor=d["staff"], lead_unit=d["units"]["jw"])
    services.request_extension(part(fresh, "jw"), actor=d["handlers"]["jw"], reason="需协调资金。",
                               due_on=part(fresh, "jw").due_on + timedelta(days=20))
    as_user(client, d["staff"])
    assert [s.pk for s in client.get(LIST, {"overdue": "true"}).context["object_list"]] == [late.pk]
    assert [s.pk for s in client.get(LIST, {"pending_request": "true"}).context["object_list"]] == [fresh.pk]


def test_excel_export_holds_the_filtered_rows_with_office_columns(client, english, district):
    d = district
    joint = draft(d, title="关于完善社区养老服务的建议")
    services.invite_cosigners(joint, actor=d["lead"].user, deputies=[d["cosigner"]])
    services.respond_to_invitation(joint.cosignatures.get(), actor=d["cosigner"].user, confirm=True)
    services.submit_suggestion(joint, actor=d["lead"].user, today=date(2026, 1, 8))
    services.accept_suggestion(joint, actor=d["staff"])
    services.assign_suggestion(joint, actor=d["staff"], lead_unit=d["units"]["jt"], co_units=[d["units"]["zj"]],
                               today=date(2026, 2, 2))
    submitted(d, title="另一件建议")
    as_user(client, d["staff"])
    response = client.get(LIST, {"q": "养老", "export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    header, *rows = rows_of(response)
    assert header == ("Number", "Title", "Lead deputy", "Co-signers", "Category", "Submitted at", "Session",
                      "Lead unit", "Co-units", "Assign by", "Assigned on", "Reply due on",
                      "Reply due date provisional", "Replied on", "Reply category",
                      "Satisfaction", "Status")
    assert len(rows) == 1
    row = dict(zip(header, rows[0], strict=True))
    joint.refresh_from_db()
    assert row["Number"] == joint.number and row["Title"] == "关于完善社区养老服务的建议"
    assert (row["Lead deputy"], row["Co-signers"], row["Category"]) == ("王建国", "李秀英", "城乡建设")
    assert (row["Lead unit"], row["Co-units"]) == ("区交通局", "区住房和城乡建设委员会")
    assert row["Assigned on"].date() == date(2026, 2, 2)
    assert row["Reply due on"].date() == part(joint, "jt").due_on
    assert row["Status"] == "Being handled"


def test_csv_export_follows_the_filters(client, district):
    d = district
    submitted(d, title="关于路灯维修的建议")
    submitted(d, title="关于垃圾分类的建议")
    as_user(client, d["staff"])
    response = client.get(LIST, {"q": "路灯", "export": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "关于路灯维修的建议" in body and "垃圾分类" not in body
    assert len(body.strip().splitlines()) == 2


@pytest.mark.parametrize("rows", [1, 30])
def test_list_query_count_is_constant(client, district, django_assert_num_queries, rows):
    d = district
    for _ in range(rows):
        suggestion = assigned(d, lead="jt", co=("zj",))
    services.put_under_key_supervision(suggestion, actor=d["staff"], leader=d["leader"], committee=d["committee"])
    as_user(client, d["staff"])
    # session, user, the permission look-up, unread notifications, filter choices (terms,
    # sessions with their term, categories), COUNT, the page (with deputy,
    # category, session, term and key supervision joined and the deadline as a subquery), the
    # live parts with their units, the bulk form's two unit lists; since issue 7: deputies and units
    # are type-aheads (no choice lists), the deadlines' calendar (known years, one range) and the
    # current term for the session choices
    with django_assert_num_queries(15):
        response = client.get(LIST)
    assert response.status_code == 200 and len(response.context["object_list"]) == rows


# --------------------------------------------------------------------------- bulk assignment


def test_bulk_assignment_assigns_the_valid_rows_and_names_the_refused_one(client, english, district):
    d = district
    one, two = accepted(d, title="第一件"), accepted(d, title="第二件")
    not_yet = submitted(d, title="尚未审查的建议")
    as_user(client, d["staff"])
    response = client.post(f"{LIST}assign/", {"suggestion": [one.pk, two.pk, not_yet.pk],
                                              "lead_unit": d["units"]["jt"].pk, "co_units": [d["units"]["zj"].pk],
                                              "next": f"{LIST}?status=accepted"}, follow=True)
    assert response.redirect_chain[-1][0] == f"{LIST}?status=accepted"
    for suggestion in (one, two):
        suggestion.refresh_from_db()
        assert suggestion.status == "handling"
        assert {(a.unit.code, a.role) for a in suggestion.assignments.all()} == {("jt", "lead"), ("zj", "co")}
    not_yet.refresh_from_db()
    assert not_yet.status == "submitted" and not not_yet.assignments.exists()
    messages = shown(response)
    assert ("success", f"2 suggestions assigned: {one.number}、{two.number}.") in messages
    assert errors(response) == ["尚未审查的建议 was not assigned: Only an accepted suggestion waiting for "
                                "assignment can be assigned."]


def test_bulk_assignment_without_rows_or_by_a_leader_changes_nothing(client, english, district):
    d = district
    waiting = accepted(d)
    as_user(client, d["staff"])
    response = client.post(f"{LIST}assign/", {"lead_unit": d["units"]["jt"].pk}, follow=True)
    assert errors(response) == ["Tick the suggestions to assign."]
    as_user(client, d["leader"])
    assert client.post(f"{LIST}assign/", {"suggestion": [waiting.pk], "lead_unit": d["units"]["jt"].pk}
                       ).status_code == 403
    waiting.refresh_from_db()
    assert waiting.status == "accepted" and not waiting.assignments.exists()


# --------------------------------------------------------------------------- the staff path


def test_a_full_staff_path_through_the_pages(client, english, district):
    d = district
    suggestion = submitted(d, title="关于学校周边交通安全的建议")
    url = f"{LIST}{suggestion.pk}/"
    as_user(client, d["staff"])
    page = client.get(url).content.decode()
    assert f"{url}accept/" in page and f"{url}reject/" in page and f"{url}assign/" not in page

    response = client.post(f"{url}accept/", {"confirmed": "1"}, follow=True)
    suggestion.refresh_from_db()
    assert suggestion.status == "accepted" and suggestion.number
    assert shown(response) == [("success", f"Accepted as No. {suggestion.number}.")]
    assert f"{url}assign/" in response.content.decode()

    response = client.post(f"{url}assign/", {"confirmed": "1", "mode": "lead_and_co", "lead_unit": d["units"]["jt"].pk,
                                             "co_units": [d["units"]["zj"].pk]}, follow=True)
    suggestion.refresh_from_db()
    assert suggestion.status == "handling" and suggestion.handling_mode == "lead_and_co"
    assert {(a.unit.code, a.role) for a in suggestion.assignments.all()} == {("jt", "lead"), ("zj", "co")}
    assert shown(response)[0][0] == "success"

    # the unit's part, through the services
    lead_part = part(suggestion, "jt")
    asked = lead_part.due_on + timedelta(days=30)
    extension = services.request_extension(lead_part, actor=d["handlers"]["jt"], due_on=asked,
                                           reason="需要协调区财政资金。")
    page = client.get(url).content.decode()
    assert f"{url}extensions/{extension.pk}/" in page and "需要协调区财政资金。" in page

    response = client.post(f"{url}extensions/{extension.pk}/", {"decision": "approve", "note": ""}, follow=True)
    extension.refresh_from_db()
    lead_part.refresh_from_db()
    assert extension.decision == "approved" and lead_part.due_on == asked
    assert shown(response)[0][0] == "success"

    response = client.post(f"{url}key-supervision/", {"leader": d["leader"].pk, "committee": d["committee"].pk,
                                                      "note": "主任会议确定"}, follow=True)
    supervision = KeySupervision.objects.get(suggestion=suggestion)
    assert (supervision.leader, supervision.committee) == (d["leader"], d["committee"])
    response = client.post(f"{url}key-supervision/actions/", {
        "kind": "visit", "happened_on": timezone.localdate().isoformat(), "description": "实地察看学校周边路口。"},
        follow=True)
    assert SupervisionAction.objects.get(key_supervision=supervision).description == "实地察看学校周边路口。"
    assert "实地察看学校周边路口。" in response.content.decode()

    response = client.post(f"{url}close/", {"confirmed": "1", "note": "问题已通过区专项整治解决。"}, follow=True)
    suggestion.refresh_from_db()
    assert suggestion.status == "closed" and suggestion.close_note == "问题已通过区专项整治解决。"
    assert set(suggestion.assignments.values_list("status", flat=True)) == {"cancelled"}

    page = response.content.decode()
    for label in ["Submitted", "Accepted", "Assigned to units", "Extension requested", "Extension approved",
                  "Put under key supervision", "Supervision recorded", "Closed"]:
        assert f'<strong class="event-label">{label}</strong>' in page, label
    assert "问题已通过区专项整治解决。" in page and "代表工委 张敏" in page


def test_separate_units_and_a_return_request_decided_with_a_new_unit(client, english, district):
    d = district
    suggestion = accepted(d)
    url = f"{LIST}{suggestion.pk}/"
    as_user(client, d["staff"])
    client.post(f"{url}assign/", {"confirmed": "1", "mode": "separate",
                                  "separate_units": [d["units"]["jt"].pk, d["units"]["jw"].pk]})
    suggestion.refresh_from_db()
    assert suggestion.handling_mode == "separate"
    assert set(suggestion.assignments.values_list("role", flat=True)) == {"separate"}
    request = services.request_reassignment(part(suggestion, "jw"), actor=d["handlers"]["jw"],
                                            reason="不属于本单位职责。", suggested_unit=d["units"]["zj"])

    response = client.post(f"{url}reassignments/{request.pk}/", {"decision": "refuse", "note": ""}, follow=True)
    request.refresh_from_db()
    assert request.decision == "pending"
    assert refused(response) == ["Note: Tell the unit why it must keep the case."]

    client.post(f"{url}reassignments/{request.pk}/", {"decision": "approve", "new_unit": d["units"]["zj"].pk})
    request.refresh_from_db()
    assert request.decision == "approved"
    assert {a.unit.code: a.status for a in suggestion.assignments.all()} == {
        "jt": "assigned", "jw": "returned", "zj": "assigned"}


def test_reject_and_reference_only(client, english, district):
    d = district
    refused, reference = submitted(d), submitted(d)
    as_user(client, d["staff"])
    client.post(f"{LIST}{refused.pk}/reject/", {"confirmed": "1", "reason": "personal", "note": "属个人事项"})
    client.post(f"{LIST}{reference.pk}/reference/", {"confirmed": "1", "note": "供参阅"})
    refused.refresh_from_db()
    reference.refresh_from_db()
    assert (refused.status, refused.reject_reason, refused.review_note) == ("rejected", "personal", "属个人事项")
    assert (reference.status, reference.review_note) == ("reference", "供参阅")


def test_merge_by_number_and_unmerge(client, english, district):
    d = district
    one, two = assigned(d, lead="jt"), assigned(d, lead="jt")
    as_user(client, d["staff"])
    response = client.post(f"{LIST}{one.pk}/merge/", {"numbers": "18-5-9999"}, follow=True)
    one.refresh_from_db()
    assert one.merge_group is None
    assert refused(response) == ["Numbers of the other suggestions: No suggestion has the number 18-5-9999."]

    client.post(f"{LIST}{one.pk}/merge/", {"numbers": two.number, "note": "内容相同"})
    one.refresh_from_db()
    two.refresh_from_db()
    assert one.merge_group is not None and one.merge_group == two.merge_group
    page = client.get(f"{LIST}{one.pk}/").content.decode()
    assert f"{LIST}{two.pk}/" in page

    client.post(f"{LIST}{two.pk}/unmerge/")
    one.refresh_from_db()
    assert one.merge_group is None


# --------------------------------------------------------------------------- refused actions


def test_assigning_without_a_lead_unit_is_refused_and_changes_nothing(client, english, district):
    d = district
    suggestion = accepted(d)
    as_user(client, d["staff"])
    response = client.post(f"{LIST}{suggestion.pk}/assign/", {"confirmed": "1", "mode": "lead_and_co",
                                                            "co_units": [d["units"]["zj"].pk]},
                           follow=True)
    suggestion.refresh_from_db()
    assert suggestion.status == "accepted" and not suggestion.assignments.exists()
    assert refused(response) == ["Lead unit: Choose the lead unit."]

    response = client.post(f"{LIST}{suggestion.pk}/assign/", {"confirmed": "1", "mode": "separate"}, follow=True)
    assert refused(response) == ["Units answering separately: Choose the units that answer separately."]
    assert not suggestion.assignments.exists()


def test_rejecting_without_a_reason_is_refused(client, english, district):
    suggestion = submitted(district)
    as_user(client, district["staff"])
    response = client.post(f"{LIST}{suggestion.pk}/reject/", {"confirmed": "1", "reason": "", "note": ""}, follow=True)
    suggestion.refresh_from_db()
    assert suggestion.status == "submitted" and suggestion.reject_reason == ""
    assert refused(response) == ["Ground for not accepting: Choose the ground for not accepting it."]
    response = client.post(f"{LIST}{suggestion.pk}/reject/", {"confirmed": "1", "reason": "other", "note": " "},
                           follow=True)
    assert refused(response) == ["Note to the deputy: Explain the reason when it is “other”."]
    suggestion.refresh_from_db()
    assert suggestion.status == "submitted"


def test_a_refused_action_shows_the_services_message_once_and_keeps_the_input(client, english, district):
    suggestion = submitted(district)
    as_user(client, district["staff"])
    response = client.post(f"{LIST}{suggestion.pk}/reject/", {"confirmed": "1", "reason": "other", "note": "   "})
    assert refused(response) == ["Note to the deputy: Explain the reason when it is “other”."]
    form = response.context["reject_form"]
    assert form is response.context["failed_form"] and form["reason"].value() == "other"
    assert form.has_error("note", "note_required")  # the service's own code, passed through unchanged
    assert '<option value="other" selected>' in response.content.decode()  # the input is kept
    assert [str(m) for m in response.context["messages"]] == ["Nothing was saved: see the message on the form."]
    suggestion.refresh_from_db()
    assert suggestion.status == "submitted"


def test_a_second_accept_is_refused_with_the_services_message(client, english, district):
    suggestion = accepted(district)
    number = suggestion.number
    as_user(client, district["staff"])
    response = client.post(f"{LIST}{suggestion.pk}/accept/", {"confirmed": "1"}, follow=True)
    assert refused(response) == ["This suggestion has already been reviewed."]
    suggestion.refresh_from_db()
    assert suggestion.number == number


def test_refused_extension_needs_a_note_and_closing_needs_a_reason(client, english, district):
    d = district
    suggestion = assigned(d, lead="jt", day=timezone.localdate())
    lead_part = part(suggestion, "jt")
    extension = services.request_extension(lead_part, actor=d["handlers"]["jt"], reason="资金未到位。",
                                           due_on=lead_part.due_on + timedelta(days=10))
    as_user(client, d["staff"])
    url = f"{LIST}{suggestion.pk}/"
    response = client.post(f"{url}extensions/{extension.pk}/", {"decision": "refuse", "note": ""}, follow=True)
    assert refused(response) == ["Note: Tell the unit why the extension is refused."]
    response = client.post(f"{url}extensions/{extension.pk}/", {"decision": "maybe"}, follow=True)
    assert len(refused(response)) == 1
    extension.refresh_from_db()
    lead_part.refresh_from_db()
    assert extension.decision == "pending" and lead_part.due_on == extension.previous_due_on

    response = client.post(f"{url}close/", {"confirmed": "1", "note": ""}, follow=True)
    assert refused(response) == ["Why is it closed?: Record why the suggestion is closed."]
    suggestion.refresh_from_db()
    assert suggestion.status == "handling"


def test_another_suggestions_request_is_not_found(client, district):
    d = district
    one, other = assigned(d, lead="jt", day=timezone.localdate()), assigned(d, lead="jw", day=timezone.localdate())
    extension = services.request_extension(part(other, "jw"), actor=d["handlers"]["jw"], reason="资金未到位。",
                                           due_on=part(other, "jw").due_on + timedelta(days=10))
    as_user(client, d["staff"])
    response = client.post(f"{LIST}{one.pk}/extensions/{extension.pk}/", {"decision": "approve"})
    assert response.status_code == 404
    extension.refresh_from_db()
    assert extension.decision == "pending"


def test_key_supervision_without_a_leader_is_refused(client, english, district):
    d = district
    suggestion = assigned(d, lead="jt")
    as_user(client, d["staff"])
    response = client.post(f"{LIST}{suggestion.pk}/key-supervision/", {"committee": d["committee"].pk},
                           follow=True)
    assert refused(response) == ["Supervising leader: Key supervision needs a supervising leader."]
    assert not KeySupervision.objects.exists()


def test_leaders_read_and_supervise_but_may_not_review_or_assign(client, district):
    d = district
    waiting, handled = submitted(d), assigned(d, lead="jt")
    as_user(client, d["leader"])
    page = client.get(f"{LIST}{waiting.pk}/").content.decode()
    assert "/accept/" not in page and "/reject/" not in page and "/close/" not in page
    assert client.post(f"{LIST}{waiting.pk}/accept/", {"confirmed": "1"}).status_code == 403
    assert client.post(f"{LIST}{waiting.pk}/reject/", {"confirmed": "1", "reason": "personal"}).status_code == 403
    waiting.refresh_from_db()
    assert waiting.status == "submitted" and waiting.number == ""

    assert client.post(f"{LIST}{handled.pk}/close/", {"confirmed": "1", "note": "结束"}).status_code == 403
    page = client.get(f"{LIST}{handled.pk}/").content.decode()
    assert "/key-supervision/" in page and "/assign/" not in page
    client.post(f"{LIST}{handled.pk}/key-supervision/", {"leader": d["leader"].pk, "committee": d["committee"].pk})
    assert KeySupervision.objects.filter(suggestion=handled, selected_by=d["leader"]).exists()


# --------------------------------------------------------------------------- detail and board


def test_detail_page_shows_the_handling_and_its_timeline(client, english, district):
    d = district
    suggestion = assigned(d, lead="jt", co=("zj",))
    services.send_co_unit_opinion(part(suggestion, "zj"), actor=d["handlers"]["zj"], opinion="同意增设泊位。")
    reply = replied(d, suggestion, "jt", category="B", commitments=[("年底前建成60个泊位", date(2026, 12, 31))])
    services.evaluate_reply(reply, actor=d["lead"].user, satisfaction="basically_satisfied", attitude="good",
                            approach="good", effect="fair", today=date(2026, 3, 5))
    as_user(client, d["staff"])
    page = client.get(f"{LIST}{suggestion.pk}/").content.decode()
    for text in ["区交通局", "区住房和城乡建设委员会", "同意增设泊位。", "已完成整改。", "局长 刘洋",
                 "年底前建成60个泊位", "电话沟通", "Basically satisfied"]:
        assert text in page, text
    labels = ["Submitted", "Accepted", "Assigned to units", "Co-unit sent its opinion", "Unit contacted the deputy",
              "Unit replied", "Deputy rated the reply"]
    positions = [page.index(f'<strong class="event-label">{label}</strong>') for label in labels]
    assert positions == sorted(positions)  # oldest first
    assert "suggestions.suggestion." not in page  # every action has a readable label


def test_key_supervision_board(client, district):
    d = district
    key, plain = assigned(d, lead="jt", co=("zj",)), assigned(d, lead="jw")
    supervision = services.put_under_key_supervision(key, actor=d["staff"], leader=d["leader"],
                                                     committee=d["committee"])
    services.record_supervision_action(supervision, actor=d["leader"], kind="meeting", happened_on=date(2026, 3, 1),
                                       description="召开督办会。")
    as_user(client, d["leader"])
    response = client.get(f"{LIST}key/")
    page = response.content.decode()
    assert [row["suggestion"].pk for row in response.context["rows"]] == [key.pk]
    assert key.title in page and plain.title not in page
    assert "副主任 陈刚" in page and "城乡建设环境保护委员会" in page and "召开督办会。" in page
    assert response.context["rows"][0]["due_on"] == part(key, "jt").due_on


def test_staff_home_tiles_count_and_link(client, district):
    d = district
    submitted(d)
    accepted(d)
    assigned(d, lead="jt")  # overdue by now
    as_user(client, d["staff"])
    tiles = {t["key"]: t for t in client.get("/staff/").context["tiles"]}
    assert tiles["suggestions.submitted"]["value"] == 1
    assert tiles["suggestions.accepted"]["value"] == 1
    assert tiles["suggestions.overdue"]["value"] == 1
    assert tiles["suggestions.requests"]["value"] == 0
    listed = client.get(tiles["suggestions.overdue"]["url"]).context["object_list"]
    assert len(listed) == 1
    as_user(client, d["handlers"]["jt"])
    from suggestions.tiles import staff_tiles

    assert staff_tiles(d["handlers"]["jt"]) == []


def test_the_home_the_filters_and_the_api_agree_on_what_is_overdue(client, district):
    """Overdue is `Assignment.objects.overdue()`: an answering part, open, past its due date. A
    co-unit's late opinion is not an overdue answer on any surface."""
    d = district
    answered = assigned(d, lead="jt", co=("zj",))
    replied(d, answered, "jt", day=date(2026, 3, 3))  # answered once the co-unit's opinion was due; its part is late
    late = assigned(d, lead="jw")  # nobody answered: overdue
    as_user(client, d["staff"])
    tiles = {t["key"]: t for t in client.get("/staff/").context["tiles"]}
    assert tiles["suggestions.overdue"]["value"] == 1
    listed = [s.pk for s in client.get(tiles["suggestions.overdue"]["url"]).context["object_list"]]
    assert listed == [late.pk]
    rows = {row["id"]: row["is_overdue"] for row in client.get("/api/v1/assignments/?page_size=50").json()["results"]}
    assert rows == {part(answered, "jt").pk: False, part(answered, "zj").pk: False, part(late, "jw").pk: True}
    overdue_api = client.get("/api/v1/assignments/?overdue=true").json()["results"]
    assert [row["id"] for row in overdue_api] == [part(late, "jw").pk]


# --------------------------------------------------------------------------- statistics


def rated(d, suggestion, satisfaction, code="jt", day=date(2026, 3, 2)):
    reply = replied(d, suggestion, code, day=day)
    services.evaluate_reply(reply, actor=d["lead"].user, satisfaction=satisfaction, attitude="good",
                            approach="good", effect="good", comment="不满意" if satisfaction == "unsatisfied" else "",
                            today=day + timedelta(days=3))


def test_statistics_page_after_recompute(client, english, district):
    d = district
    rated(d, assigned(d, lead="jt"), "satisfied")
    rated(d, assigned(d, lead="jt"), "basically_satisfied")
    assigned(d, lead="jw")  # never answered: overdue
    as_user(client, d["staff"])
    response = client.post(f"{LIST}statistics/refresh/", {"year": 2026}, follow=True)
    assert Statistic.objects.filter(year=2026).exists()
    assert response.redirect_chain[-1][0] == f"{LIST}statistics/?year=2026"
    assert shown(response)[0][0] == "success"

    response = client.get(f"{LIST}statistics/", {"year": 2026})
    lines = {line.label: line for line in response.context["unit_lines"]}
    transport, education = lines["区交通局"], lines["区教育委员会"]
    assert (transport.row.assigned, transport.row.replied, transport.row.replied_on_time) == (2, 2, 2)
    assert (transport.on_time, transport.satisfaction, transport.strict_satisfaction) == ("100.0%", "100.0%", "50.0%")
    assert (education.row.assigned, education.row.overdue, education.on_time) == (1, 1, "—")
    total = response.context["unit_total"]
    assert (total.row.assigned, total.row.overdue, total.satisfaction, total.strict_satisfaction) == (
        3, 1, "100.0%", "50.0%")
    assert [line.label for line in response.context["category_lines"]] == ["城乡建设"]
    page = response.content.decode()
    assert "<svg" in page and "100.0% / 50.0%" in page  # the satisfaction bars show both rates
    assert "Figures computed at" in page


def test_statistics_for_one_session_and_its_export(client, english, district):
    d = district
    rated(d, assigned(d, lead="jt"), "unsatisfied")
    Statistic.objects.all().delete()
    from suggestions.statistics import refresh_statistics

    refresh_statistics(2026)
    as_user(client, d["leader"])
    response = client.get(f"{LIST}statistics/", {"year": 2026, "meeting": d["session"].pk})
    assert [line.label for line in response.context["unit_lines"]] == ["区交通局"]
    assert response.context["meeting"] == d["session"]
    assert "Recompute now" not in response.content.decode()  # leaders read; the office recomputes

    export = client.get(f"{LIST}statistics/", {"year": 2026, "export": "xlsx"})
    header, *rows = rows_of(export)
    assert header[0] == "Unit" and "Satisfaction rate (with basically satisfied)" in header
    assert "Satisfaction rate (satisfied only)" in header
    assert [r[0] for r in rows] == ["区交通局", "Total"]
    unit = dict(zip(header, rows[0], strict=True))
    assert (unit["Assigned"], unit["Unsatisfied"], unit["Re-handled"]) == (1, 1, 1)


def test_statistics_default_to_this_year_and_survive_a_bad_year(client, district):
    as_user(client, district["staff"])
    response = client.get(f"{LIST}statistics/")
    assert response.status_code == 200 and response.context["year"] == timezone.localdate().year
    assert client.get(f"{LIST}statistics/", {"year": "abc"}).status_code == 200
    assert Statistic.objects.count() == 0


# --------------------------------------------------------------------------- sidebar


def test_sidebar_links_for_those_who_may_see_suggestions(client, district):
    as_user(client, district["leader"])
    page = client.get("/staff/").content.decode()
    assert f'href="{LIST}"' in page and f'href="{LIST}key/"' in page and f'href="{LIST}statistics/"' in page
    other = make_user(roles.STAFF, username="no-suggestions")
    other.groups.clear()
    from django.contrib.auth.models import Permission

    other.user_permissions.add(Permission.objects.get(codename="access_staff_ui"))
    as_user(client, other)
    assert f'href="{LIST}"' not in client.get("/staff/").content.decode()


# --------------------------------------------------------------------------- issue 7: shared page parts


def test_key_board_shows_active_cases_first_and_filters_by_state(client, district):
    d = district
    active, finished = assigned(d, lead="jt"), assigned(d, lead="jw")
    for suggestion in (active, finished):
        services.put_under_key_supervision(suggestion, actor=d["staff"], leader=d["leader"], committee=d["committee"])
    Suggestion.objects.filter(pk=finished.pk).update(status=Suggestion.Status.CLOSED)
    as_user(client, d["staff"])
    default = client.get(f"{LIST}key/")
    assert [row["suggestion"].pk for row in default.context["rows"]] == [active.pk]  # active by default
    every = client.get(f"{LIST}key/", {"state": "all"})
    assert [row["suggestion"].pk for row in every.context["rows"]] == [active.pk, finished.pk]
    closed = client.get(f"{LIST}key/", {"state": "closed", "leader": str(d["leader"].pk)})
    assert [row["suggestion"].pk for row in closed.context["rows"]] == [finished.pk]
    assert "deadline-explain" in default.content.decode()


def test_the_suggestion_list_sorts_by_number_both_ways(client, district):
    d = district
    first, second = accepted(d, title="甲"), accepted(d, title="乙")
    as_user(client, d["staff"])
    up = [s.pk for s in client.get(LIST, {"sort": "number"}).context["object_list"]]
    down = [s.pk for s in client.get(LIST, {"sort": "-number"}).context["object_list"]]
    assert up == [first.pk, second.pk] and down == [second.pk, first.pk]
    assert client.get(LIST, {"sort": "answer_due_on"}).status_code == 200


def test_the_bulk_form_sits_above_the_rows_with_a_select_all(client, district):
    d = district
    accepted(d)
    as_user(client, d["staff"])
    page = client.get(LIST).content.decode()
    assert "bulk-bar" in page and 'data-select-all="suggestion"' in page
    assert page.index("bulk-bar") < page.index('name="suggestion" value=')


def test_a_refused_assignment_keeps_both_selects(client, english, district):
    d = district
    suggestion = accepted(d)
    as_user(client, d["staff"])
    jt = d["units"]["jt"].pk
    response = client.post(f"{LIST}{suggestion.pk}/assign/", {"confirmed": "1", "mode": "lead_and_co",
                                                            "lead_unit": jt, "co_units": [jt]})
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count(f'<option value="{jt}" selected>') == 2  # lead unit and co-unit both kept


def test_statistics_say_when_figures_are_stale(client, district):
    from suggestions.statistics import refresh_statistics

    d = district
    suggestion = assigned(d, lead="zj")
    refresh_statistics(2026)
    as_user(client, d["staff"])
    fresh = client.get(f"{LIST}statistics/", {"year": "2026"}).content.decode()
    assert "stale-note" not in fresh
    replied(d, suggestion, code="zj")
    stale = client.get(f"{LIST}statistics/", {"year": "2026"}).content.decode()
    assert "stale-note" in stale
    # a long unit name is not cut to 14 characters: it takes two lines in the chart
    assert "区住房和城乡建设委员会" in stale


def test_statistics_session_choice_lists_that_years_sessions_only(client, district):
    d = district
    from congress.models import Meeting
    from tests.congress.factories import MeetingFactory

    old = MeetingFactory(term=d["term"], kind=Meeting.Kind.CONGRESS_SESSION, number=1,
                         starts_on=date(2022, 1, 5), ends_on=date(2022, 1, 8))
    as_user(client, d["staff"])
    form = client.get(f"{LIST}statistics/", {"year": "2026"}).context["form"]
    choices = list(form.fields["meeting"].queryset)
    assert d["session"] in choices and old not in choices


def test_the_list_session_filter_offers_the_current_terms_sessions(client, district):
    from congress.models import Meeting
    from tests.congress.factories import MeetingFactory, TermFactory

    d = district
    old_term = TermFactory(number=17, starts_on=date(2016, 1, 1), ends_on=date(2020, 12, 31))
    old = MeetingFactory(term=old_term, kind=Meeting.Kind.CONGRESS_SESSION, number=2,
                         starts_on=date(2018, 1, 5), ends_on=date(2018, 1, 8))
    as_user(client, d["staff"])
    form = client.get(LIST).context["filterset"].form
    if d["term"].starts_on <= timezone.localdate() <= d["term"].ends_on:
        assert d["session"] in form.fields["meeting"].queryset and old not in form.fields["meeting"].queryset
    chosen = client.get(LIST, {"meeting": old.pk}).context["filterset"].form
    assert old in chosen.fields["meeting"].queryset  # a session chosen by address stays listed


def test_filter_choices_are_read_afresh_for_each_request(client, district):
    """The filters hold their choices as callables (congress.filtersets.lazily): a category or a
    session added after the list was shown is offered, and can be filtered by, the next time."""
    from congress.models import Meeting
    from suggestions.models import Category

    d = district
    as_user(client, d["staff"])
    assert "城乡建设新类" not in client.get(LIST).content.decode()
    added = Category.objects.create(name="城乡建设新类", code="XL", sort_order=98)
    session = Meeting.objects.create(term=d["term"], kind=Meeting.Kind.CONGRESS_SESSION, number=9,
                                     starts_on=d["session"].starts_on, ends_on=d["session"].ends_on)
    page = client.get(LIST).content.decode()
    assert "城乡建设新类" in page and f'value="{session.pk}"' in page
    filtered = client.get(LIST, {"category_id": added.pk, "meeting": session.pk})
    assert filtered.status_code == 200 and not filtered.context["view"].filterset.errors


def test_the_filter_form_class_is_built_once_but_no_two_requests_share_a_field(client, district):
    """congress.filtersets.FilterSet builds each list's form class once per process; every form
    still has fields of its own, so what one request chose or was refused is not in the next."""
    d = district
    as_user(client, d["staff"])
    refused = client.get(LIST, {"category_id": "٣", "status": "handling"}).context["filterset"].form
    plain = client.get(LIST).context["filterset"].form
    assert type(refused) is type(plain)  # one class
    assert refused.errors and not plain.errors
    assert refused["status"].value() == ["handling"] and not plain["status"].value()
    assert all(refused.fields[name] is not plain.fields[name] for name in plain.fields)
    assert plain.fields["meeting"].queryset is not refused.fields["meeting"].queryset
