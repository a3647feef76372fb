"""Duty points pages and API: each role's view, the refusals, the public notice page."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from congress import roles
from deputies.duties import record_duty
from deputies.models import DutyRecord, PointsObjection
from deputies.services import points as services
from tests.conftest import make_user
from tests.congress.factories import MeetingFactory
from tests.deputies.factories import DeputyFactory, point_table

TODAY = timezone.localdate()
YEAR = TODAY.year


@pytest.fixture
def table(db):
    point_table(YEAR)


@pytest.fixture
def year_of_points(table, deputy, staff_user):
    meeting = MeetingFactory(starts_on=TODAY, ends_on=TODAY)
    record_duty(deputy, item="oversight.activity", source=meeting, occurred_on=TODAY)
    other = DeputyFactory(name="李四", phone="13912345678")
    record_duty(other, item="public_welfare", source=meeting, occurred_on=TODAY)
    services.refresh_totals(YEAR)
    return {"meeting": meeting, "other": other}


STAFF_PAGES = ["/staff/deputies/points/", "/staff/deputies/points/records/", "/staff/deputies/points/meetings/",
               "/staff/deputies/points/import/", "/staff/deputies/points/adjustments/new/",
               "/staff/deputies/points/rules/", "/staff/deputies/points/notices/",
               "/staff/deputies/points/follow-ups/"]


@pytest.mark.parametrize("url", STAFF_PAGES)
def test_staff_pages_open_for_staff_and_refuse_deputies(year_of_points, staff_client, client, url):
    assert staff_client.get(url).status_code == 200
    client.force_login(make_user(roles.DEPUTY, username="dep2"))
    assert client.get(url).status_code == 403


def test_the_ranking_exports_to_excel_and_the_file_prints(year_of_points, staff_client, deputy):
    page = staff_client.get("/staff/deputies/points/")
    assert "王建国" in page.content.decode()
    export = staff_client.get("/staff/deputies/points/?export=xlsx")
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxml")
    records = staff_client.get("/staff/deputies/points/records/?export=xlsx")
    assert records.status_code == 200
    file = staff_client.get(f"/staff/deputies/{deputy.pk}/file/")
    assert file.status_code == 200 and "printable" in file.content.decode()


def test_the_verification_queue_verifies_and_refuses_twice(table, deputy, deputy_user, staff_client):
    record = services.report_duty(deputy, actor=deputy_user, item="training", occurred_on=TODAY, description="培训")
    queue = staff_client.get("/staff/deputies/points/records/?status=pending").content.decode()
    assert f'action="/staff/deputies/points/records/{record.pk}/verify/"' in queue and "data-confirm=" in queue
    url = f"/staff/deputies/points/records/{record.pk}/verify/"
    done = staff_client.post(url, {"confirmed": "1"}, follow=True)
    assert done.redirect_chain[-1][0] == "/staff/deputies/points/records/?status=pending"
    assert DutyRecord.objects.get(pk=record.pk).status == "counted"
    staff_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    again = staff_client.post(url, {"confirmed": "1"})
    # the record is no longer pending, its decision no longer offered: the message goes to the top, once
    assert again.status_code == 200
    assert [str(m) for m in again.context["messages"]] == ["This record was already decided."]
    assert again.content.decode().count("This record was already decided.") == 1
    assert staff_client.post(f"/staff/deputies/points/records/{record.pk}/explode/").status_code == 404
    assert DutyRecord.objects.get(pk=record.pk).status == "counted"


def test_a_deputy_reports_on_the_phone_and_sees_only_their_own(table, deputy, deputy_user, deputy_client):
    other = DeputyFactory()
    services.report_duty(other, actor=other.user or make_user(roles.DEPUTY, username="o"), item="training",
                         occurred_on=TODAY, description="他人") if other.user else None
    page = deputy_client.get("/portal/deputies/points/")
    assert page.status_code == 200
    report = "/portal/deputies/points/report/"
    answer = deputy_client.post(report, {"item": "training", "occurred_on": TODAY.isoformat(),
                                         "description": "<script>alert(1)</script>"})
    assert answer.status_code == 302
    record = DutyRecord.objects.get()
    assert record.deputy == deputy and record.status == "pending"
    page = deputy_client.get("/portal/deputies/points/").content.decode()
    assert "<script>alert(1)</script>" not in page
    long = deputy_client.post(report, {"item": "training", "occurred_on": TODAY.isoformat(),
                                       "description": "长" * 5000})
    assert long.status_code == 200 and DutyRecord.objects.count() == 1
    far = deputy_client.post(report, {"item": "training", "occurred_on": "9999-12-31", "description": "x"})
    assert far.status_code == 200 and DutyRecord.objects.count() == 1


def test_the_public_notice_page_takes_objections_with_a_rate_limit(year_of_points, staff_user, client, settings):
    notice = services.create_notice(actor=staff_user, year=YEAR, period="year")
    notice = services.publish_notice(notice, actor=staff_user)
    entry = notice.entries.first()
    url = f"/p/deputies/notices/{notice.slug}/"
    page = client.get(url)
    assert page.status_code == 200 and entry.deputy_name in page.content.decode()
    assert "13912345678" not in page.content.decode()
    settings.DEPUTIES_PUBLIC_OBJECTIONS_PER_HOUR = 2
    data = {"entry": entry.pk, "kind": "omission", "reason": "<b>漏记</b>", "public_name": "市民",
            "public_contact": "13800000001"}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 429
    assert PointsObjection.objects.count() == 2
    assert client.post(url, {**data, "reason": "长" * 3000}).status_code in (400, 429)
    # the contact is for staff only: not on the public page
    assert "13800000001" not in client.get(url).content.decode()
    # a draft notice is not public, an unknown slug is a 404
    draft = services.create_notice(actor=staff_user, year=YEAR, period="q1")
    assert client.get(f"/p/deputies/notices/{draft.slug}/").status_code == 404
    assert client.get("/p/deputies/notices/nope/").status_code == 404
    # after the period the form is gone and a post is refused
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "localdate", lambda *a: notice.objections_until + timedelta(days=2))
        settings.DEPUTIES_PUBLIC_OBJECTIONS_PER_HOUR = 50
        assert client.post(url, data).status_code == 400
    assert PointsObjection.objects.count() == 2


def test_the_points_api_lists_and_scopes(year_of_points, deputy, deputy_user, staff_user, api_client):
    api_client.force_authenticate(staff_user)
    rows = api_client.get(f"/api/v1/points/?year={YEAR}").json()["results"]
    assert [r["rank"] for r in rows] == [1, 2] or len(rows) == 2
    assert api_client.get("/api/v1/point-rules/?year=2026x").status_code == 400
    assert api_client.get(f"/api/v1/point-rules/?year={YEAR}").json()["count"] >= 10
    assert api_client.get("/api/v1/duty-records/").json()["count"] == 2
    api_client.force_authenticate(deputy_user)
    mine = api_client.get("/api/v1/duty-records/").json()
    assert mine["count"] == 1 and mine["results"][0]["deputy"] == deputy.pk
    assert len(api_client.get("/api/v1/points/").json()["results"]) == 1
    created = api_client.post("/api/v1/duty-records/report/", {"item": "training", "occurred_on": TODAY.isoformat(),
                                                               "description": "培训"}, format="json")
    assert created.status_code == 201 and created.json()["status"] == "pending"
    assert api_client.post(f"/api/v1/duty-records/{created.json()['id']}/verify/").status_code == 403
    far = api_client.post("/api/v1/duty-records/report/", {"item": "training", "occurred_on": "9999-12-31",
                                                           "description": "x"}, format="json")
    assert far.status_code == 400
    other = DutyRecord.objects.exclude(deputy=deputy).first()
    assert api_client.get(f"/api/v1/duty-records/{other.pk}/").status_code == 404
