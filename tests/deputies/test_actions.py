"""The deputies app's page actions on the shared ActionView: a refused action shows its page again
with what the person typed and the message once, nothing saved; an irreversible action asks first
(without confirmed=1 it shows the review page and saves nothing)."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils.html import escape

from congress.models import AuditEvent
from congress.views import form_messages
from deputies import stations_services
from deputies.models import (
    DutyRecord,
    PointRule,
    PointsFollowUp,
    PointsNotice,
    Reception,
    ReportBack,
    ResidentIssue,
)
from deputies.services import points as points_services
from tests.deputies.factories import point_table
from tests.deputies.stations_helpers import TODAY, held_shift, raised_issue, routed_issue, world_fixture  # noqa: F401


def as_user(client, user):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # messages asserted in English
    return client


def refused(response) -> list[str]:
    """The page came back (no redirect) with the refused form's messages, each once on the page."""
    assert response.status_code == 200
    failed = response.context["failed_form"]
    page = response.content.decode()
    for message in (escape(error) for errors in failed.errors.values() for error in errors):
        assert page.count(message) == 1, f"{message!r} appears {page.count(message)} times"
    lines = form_messages(failed)
    assert [str(m) for m in response.context["messages"]] == ["Nothing was saved: see the message on the form."]
    return lines


def reviewed(response, action) -> str:
    """The review page of an irreversible action: the same POST again, with confirmed=1."""
    page = response.content.decode()
    assert response.status_code == 200 and "congress/confirm.html" in [t.name for t in response.templates]
    assert 'name="confirmed" value="1"' in page and f'action="{action}"' in page
    return page


# --------------------------------------------------------------------------- refusals keep the input


def test_a_refused_route_keeps_what_was_typed_and_says_why_once(world, client):
    w = world
    issue, _code = raised_issue(w)
    as_user(client, w.staff)
    too_late = (TODAY + timedelta(days=400)).isoformat()
    response = client.post(f"/staff/deputies/issues/{issue.pk}/route/", {
        "route": "unit", "unit": w.unit.pk, "due_on": too_late, "note": "请尽快处理", "confirmed": "1"})
    lines = refused(response)
    assert len(lines) == 1 and "within 3 months at most" in lines[0]
    form = response.context["form"]
    assert form is response.context["failed_form"]
    assert form["note"].value() == "请尽快处理" and form["due_on"].value() == too_late
    assert "请尽快处理" in response.content.decode()
    issue.refresh_from_db()
    assert issue.status == ResidentIssue.Status.NEW and issue.unit_id is None
    assert not AuditEvent.objects.filter(action="deputies.resident_issue.routed").exists()


def test_a_refusal_on_the_field_it_concerns(world, client):
    w = world
    issue, _code = raised_issue(w)
    as_user(client, w.staff)
    response = client.post(f"/staff/deputies/issues/{issue.pk}/route/", {
        "route": "refused", "answer": "已告知", "note": "  ", "confirmed": "1"})
    assert refused(response) == [
        "Note (for a refusal: where to take the matter): Write where the resident should take the matter "
        "(court, arbitration, review body)."]
    assert response.context["form"].has_error("note", "redirect_note_required")  # the service's own code
    issue.refresh_from_db()
    assert issue.status == ResidentIssue.Status.NEW


def test_a_deputy_s_refused_report_keeps_the_description(table, deputy, deputy_user, client):
    as_user(client, deputy_user)
    response = client.post("/portal/deputies/points/report/", {
        "item": "training", "occurred_on": (TODAY + timedelta(days=3)).isoformat(), "description": "区人大培训班"})
    assert refused(response) == ["Date: A duty cannot be dated in the future."]
    assert response.context["form"]["description"].value() == "区人大培训班"
    assert "区人大培训班" in response.content.decode()
    assert not DutyRecord.objects.exists()


def test_a_keeper_s_refused_schedule_says_the_notice_rule_once(world, client):
    w = world
    as_user(client, w.keeper)
    soon = (TODAY + timedelta(days=1)).isoformat()
    response = client.post("/portal/deputies/station/schedule/", {
        "starts_at": f"{soon}T09:00", "ends_at": f"{soon}T12:00", "deputies": [w.deputy.pk], "topic": "老旧小区改造"})
    lines = refused(response)
    assert len(lines) == 1 and "announced at least" in lines[0]
    assert response.context["form"]["topic"].value() == "老旧小区改造"
    assert not Reception.objects.filter(station=w.station).exists()


def test_approving_a_notice_in_its_objection_period_is_refused_on_the_form(table, deputy, staff_user, client):
    notice = points_services.publish_notice(points_services.create_notice(actor=staff_user, year=TODAY.year,
                                                                          period="year"), actor=staff_user)
    as_user(client, staff_user)
    response = client.post(f"/staff/deputies/points/notices/{notice.pk}/approve/", {
        "note": "主任会议第5次", "confirmed": "1"})
    assert refused(response) == ["The objection period is still open."]
    assert response.context["approve_form"]["note"].value() == "主任会议第5次"
    notice.refresh_from_db()
    assert notice.status == PointsNotice.Status.PUBLISHED


def test_an_objection_answered_without_words_keeps_the_choice(table, deputy, deputy_user, staff_user, client):
    notice = points_services.publish_notice(points_services.create_notice(actor=staff_user, year=TODAY.year,
                                                                          period="year"), actor=staff_user)
    objection = points_services.object_to_notice(notice, entry_id=notice.entries.get().pk, kind="omission",
                                                 reason="漏记视察", actor=deputy_user)
    as_user(client, staff_user)
    response = client.post(f"/staff/deputies/points/notices/{notice.pk}/answer/", {
        "objection": objection.pk, "upheld": "1", "answer": "", "confirmed": "1"})
    assert refused(response) == ["Answer: This field is required."]
    assert response.context["failed_form"]["upheld"].value() == "1"
    objection.refresh_from_db()
    assert objection.status == "open"


# --------------------------------------------------------------------------- irreversible: review first


@pytest.fixture
def table(db):
    point_table(TODAY.year)


def test_routing_an_issue_asks_first_and_saves_nothing_until_confirmed(world, client):
    w = world
    issue, _code = raised_issue(w)
    as_user(client, w.staff)
    url = f"/staff/deputies/issues/{issue.pk}/route/"
    assert "data-confirm=" in client.get(f"/staff/deputies/issues/{issue.pk}/").content.decode()
    page = reviewed(client.post(url, {"route": "on_spot", "answer": "路灯已报修"}), url)
    assert "路灯已报修" in page  # what is about to be sent, as typed
    issue.refresh_from_db()
    assert issue.status == ResidentIssue.Status.NEW
    assert client.post(url, {"route": "on_spot", "answer": "路灯已报修", "confirmed": "1"}).status_code == 302
    issue.refresh_from_db()
    assert issue.status == ResidentIssue.Status.ANSWERED


def test_recording_a_reception_as_held_asks_first(world, client):
    w = world
    reception = held_shift(w)
    as_user(client, w.keeper)
    url = f"/portal/deputies/receptions/{reception.pk}/record/"
    reviewed(client.post(url, {"attended": [w.deputy.pk], "residents_received": 2}), url)
    reception.refresh_from_db()
    assert reception.status == Reception.Status.SCHEDULED and not DutyRecord.objects.exists()


def test_a_unit_s_answer_asks_first(world, client):
    w = world
    issue, _code = routed_issue(w)
    as_user(client, w.handler)
    url = f"/portal/deputies/issues/{issue.pk}/answer/"
    reviewed(client.post(url, {"answer": "已修复"}), url)
    issue.refresh_from_db()
    assert issue.status == ResidentIssue.Status.ROUTED and issue.answer == ""


def test_publishing_a_report_back_asks_first(world, client):
    w = world
    report_back = ReportBack.objects.create(deputy=w.deputy, year=TODAY.year)
    stations_services.record_report_back(report_back, actor=w.staff, held_on=TODAY, report="述职报告")
    as_user(client, w.staff)
    url = f"/staff/deputies/report-backs/{report_back.pk}/publish/"
    reviewed(client.post(url), url)
    report_back.refresh_from_db()
    assert report_back.status == ReportBack.Status.HELD
    assert client.post(url, {"confirmed": "1"}).status_code == 302
    report_back.refresh_from_db()
    assert report_back.status == ReportBack.Status.PUBLISHED


def test_recording_a_report_back_shows_its_rating_link_once(world, client):
    w = world
    report_back = ReportBack.objects.create(deputy=w.deputy, year=TODAY.year)
    as_user(client, w.staff)
    url = f"/staff/deputies/report-backs/{report_back.pk}/record/"
    data = {"held_on": TODAY.isoformat(), "report": "本年度履职情况", "comments": ""}
    reviewed(client.post(url, data), url)
    assert ReportBack.objects.get(pk=report_back.pk).status == ReportBack.Status.PLANNED
    done = client.post(url, {**data, "confirmed": "1"})
    assert done.status_code == 200 and "/p/report-backs/rate/" in done.context["rating_url"]
    assert done.context["rating_url"] in done.content.decode()
    again = client.get(f"/staff/deputies/report-backs/{report_back.pk}/")
    assert "rating_url" not in again.context  # only its digest is kept


@pytest.mark.parametrize("verb", ["verify", "return"])
def test_deciding_a_reported_duty_asks_first(table, deputy, deputy_user, staff_user, client, verb):
    record = points_services.report_duty(deputy, actor=deputy_user, item="training", occurred_on=TODAY,
                                         description="培训")
    as_user(client, staff_user)
    url = f"/staff/deputies/points/records/{record.pk}/{verb}/"
    reviewed(client.post(url, {"reason": "照片看不清"}), url)
    assert DutyRecord.objects.get(pk=record.pk).status == DutyRecord.Status.PENDING


def test_a_refused_return_shows_the_record_with_its_decision(table, deputy, deputy_user, staff_user, client):
    record = points_services.report_duty(deputy, actor=deputy_user, item="training", occurred_on=TODAY,
                                         description="培训")
    as_user(client, staff_user)
    response = client.post(f"/staff/deputies/points/records/{record.pk}/return/", {"reason": " ", "confirmed": "1"})
    assert refused(response) == ["Reason: This field is required."]
    assert response.context["record"].no_form is response.context["failed_form"]
    assert DutyRecord.objects.get(pk=record.pk).status == DutyRecord.Status.PENDING


def test_an_adjustment_is_approved_by_a_second_person_after_review(table, deputy, staff_user, client):
    from congress import roles
    from tests.conftest import make_user

    record = points_services.request_adjustment(deputy, actor=staff_user, points="5", reason="漏记视察")
    as_user(client, staff_user)
    url = f"/staff/deputies/points/records/{record.pk}/approve/"
    assert refused(client.post(url, {"confirmed": "1"})) == [
        "An adjustment needs a second person: someone else must approve it."]
    as_user(client, make_user(roles.STAFF, username="staff2"))
    reviewed(client.post(url), url)
    assert DutyRecord.objects.get(pk=record.pk).status == DutyRecord.Status.PENDING
    assert client.post(url, {"confirmed": "1"}).status_code == 302
    assert DutyRecord.objects.get(pk=record.pk).status == DutyRecord.Status.COUNTED


def test_publishing_and_approving_a_notice_ask_first(table, deputy, staff_user, client):
    notice = points_services.create_notice(actor=staff_user, year=TODAY.year, period="year")
    as_user(client, staff_user)
    url = f"/staff/deputies/points/notices/{notice.pk}/publish/"
    page = reviewed(client.post(url, {"objection_days": "5"}), url)
    assert 'name="objection_days" value="5"' in page
    notice.refresh_from_db()
    assert notice.status == PointsNotice.Status.DRAFT and not notice.entries.exists()
    assert client.post(url, {"objection_days": "5", "confirmed": "1"}).status_code == 302
    notice.refresh_from_db()
    assert notice.status == PointsNotice.Status.PUBLISHED and notice.objections_until == TODAY + timedelta(days=5)
    approve = f"/staff/deputies/points/notices/{notice.pk}/approve/"
    reviewed(client.post(approve, {"note": "主任会议"}), approve)
    notice.refresh_from_db()
    assert notice.status == PointsNotice.Status.PUBLISHED


def test_closing_a_follow_up_asks_first(deputy, staff_user, client):
    follow_up = PointsFollowUp.objects.create(deputy=deputy, year=TODAY.year, kind="talk", total=45)
    as_user(client, staff_user)
    url = "/staff/deputies/points/follow-ups/close/"
    page = reviewed(client.post(url, {"follow_up": follow_up.pk, "outcome": "已约谈"}), url)
    assert "已约谈" in page
    follow_up.refresh_from_db()
    assert follow_up.status == "open" and follow_up.outcome == ""
    assert client.post(url, {"follow_up": follow_up.pk, "outcome": "已约谈", "confirmed": "1"}).status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.status == "done" and follow_up.outcome == "已约谈"


def test_a_rule_that_gave_points_is_not_edited(table, deputy, staff_user, client):
    from deputies.duties import record_duty
    from tests.congress.factories import MeetingFactory

    record_duty(deputy, item="training", source=MeetingFactory(starts_on=TODAY, ends_on=TODAY), occurred_on=TODAY)
    rule = PointRule.objects.get(year=TODAY.year, item="training")
    as_user(client, staff_user)
    response = client.post(f"/staff/deputies/points/rules/{rule.pk}/save/", {
        "name": "学习培训（新）", "category": rule.category, "points": "9", "yearly_cap": "", "mode": rule.mode})
    assert refused(response) == ["Records were already given these points; change next year's table instead."]
    assert response.context["form"]["name"].value() == "学习培训（新）"
    rule.refresh_from_db()
    assert rule.points != 9 and rule.name != "学习培训（新）"


def test_a_deputy_s_late_objection_is_refused_with_the_reason(table, deputy, deputy_user, staff_user, client,
                                                              monkeypatch):
    from django.utils import timezone

    notice = points_services.publish_notice(points_services.create_notice(actor=staff_user, year=TODAY.year,
                                                                          period="year"), actor=staff_user)
    monkeypatch.setattr(timezone, "localdate", lambda *a: notice.objections_until + timedelta(days=1))
    as_user(client, deputy_user)
    response = client.post(f"/portal/deputies/notices/{notice.slug}/object/", {"kind": "omission",
                                                                             "reason": "三月的视察漏记"})
    message = "The objection period of this notice is over; corrections go into the next notice."
    # the page no longer offers the form: the reason why stands at the top, once
    assert response.status_code == 200 and [str(m) for m in response.context["messages"]] == [message]
    assert response.content.decode().count(message) == 1
    assert 'action="/portal/deputies/notices/' not in response.content.decode()
    assert not notice.objections.exists()
