"""The pages and the API: staff run the loop in the browser, units report in the portal or with a
unit-reply token for their own unit only, residents propose on the public page (rate-limited),
ratings show results only once published, bad input is a 400."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from oversight.models import Finding, HandlingReport, OversightPlan, SatisfactionVote, TopicProposal
from tests.oversight.factories import handler, opinion_sent, pdf, plan_with_topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def loop(office):
    plan, topic, units = plan_with_topic(office)
    opinion_sent(office, topic, units)
    return plan, topic, units


def test_staff_pages_render(staff_client, loop):
    _plan, topic, _units = loop
    finding = Finding.objects.filter(opinion__topic=topic).first()
    for path in ["/staff/oversight/", f"/staff/oversight/topics/{topic.pk}/", "/staff/oversight/findings/",
                 "/staff/oversight/findings/?overdue=true", "/staff/oversight/findings/?export=xlsx",
                 f"/staff/oversight/findings/{finding.pk}/", f"/staff/oversight/topics/{topic.pk}/opinion/print/",
                 "/staff/oversight/budget/", "/staff/oversight/budget/import/", "/staff/oversight/documents/",
                 "/staff/"]:
        response = staff_client.get(path)
        assert response.status_code == 200, path


def test_staff_close_a_finding_in_the_browser_only_with_evidence(staff_client, loop):
    _plan, topic, _units = loop
    finding = Finding.objects.filter(opinion__topic=topic).first()
    staff_client.post(f"/staff/oversight/findings/{finding.pk}/close/", {"note": "x", "confirmed": "1"})
    finding.refresh_from_db()
    assert finding.state == Finding.State.OPEN
    staff_client.post(f"/staff/oversight/findings/{finding.pk}/evidence/", {"file": pdf(), "note": "整改材料"})
    staff_client.post(f"/staff/oversight/findings/{finding.pk}/close/", {"note": "对单销号", "confirmed": "1"})
    finding.refresh_from_db()
    assert finding.state == Finding.State.CLOSED


def test_a_disguised_file_is_refused_as_evidence(staff_client, loop):
    from django.core.files.uploadedfile import SimpleUploadedFile

    _plan, topic, _units = loop
    finding = Finding.objects.filter(opinion__topic=topic).first()
    fake = SimpleUploadedFile("evil.pdf", b"MZ\x90\x00binary", content_type="application/pdf")
    staff_client.post(f"/staff/oversight/findings/{finding.pk}/evidence/", {"file": fake})
    assert not finding.evidence.exists()


def test_the_unit_reports_in_the_portal_and_sees_only_its_findings(client, loop):
    _plan, topic, units = loop
    mine, theirs = (Finding.objects.get(opinion__topic=topic, unit=unit) for unit in units)
    client.force_login(handler(units[0]))
    page = client.get("/portal/oversight/findings/")
    assert page.status_code == 200 and mine.problem in page.content.decode()
    assert theirs.problem not in page.content.decode()
    assert client.get(f"/portal/oversight/findings/{theirs.pk}/").status_code == 404
    assert client.post(f"/portal/oversight/findings/{theirs.pk}/report/", {}).status_code == 404
    client.post(f"/portal/oversight/findings/{mine.pk}/report/",
                {"outcome": "done", "content": "已完成", "file": pdf()})
    mine.refresh_from_db()
    assert mine.state == Finding.State.REPORTED and mine.evidence.count() == 1
    client.post(f"/portal/oversight/findings/{mine.pk}/extension/",
                {"due_on": (mine.due_on + timedelta(days=30)).isoformat(), "reason": "需要更多时间"})
    assert mine.extensions.count() == 1
    client.post(f"/portal/oversight/findings/{mine.pk}/extension/", {"due_on": "9999-01-01", "reason": "x"})
    assert mine.extensions.count() == 1  # beyond the horizon: refused by the form


def test_the_api_lists_findings_in_scope_and_takes_a_units_report(token_client, loop):
    _plan, topic, units = loop
    unit_user = handler(units[0])
    api, _token = token_client(unit_user, scopes=("read", "unit-reply"), unit=units[0])
    listing = api.get("/api/v1/oversight/findings/")
    assert listing.status_code == 200 and listing.json()["count"] == 1
    mine = Finding.objects.get(opinion__topic=topic, unit=units[0])
    theirs = Finding.objects.get(opinion__topic=topic, unit=units[1])
    assert api.get(f"/api/v1/oversight/findings/{theirs.pk}/").status_code == 404
    bad = api.post(f"/api/v1/oversight/findings/{mine.pk}/report/", {"outcome": "done", "content": "x" * 30_000},
                   format="json")
    assert bad.status_code == 400
    bad = api.post(f"/api/v1/oversight/findings/{mine.pk}/report/",
                   {"outcome": "in_progress", "content": "推进", "plan": "p", "expected_on": "٢٠٢٦-01-01"},
                   format="json")
    assert bad.status_code == 400
    done = api.post(f"/api/v1/oversight/findings/{mine.pk}/report/", {"outcome": "done", "content": "已完成"},
                    format="json")
    assert done.status_code == 201 and HandlingReport.objects.filter(finding=mine).count() == 1
    reports = api.get("/api/v1/oversight/handling-reports/")
    assert reports.json()["count"] == 1


def test_a_read_token_cannot_report_and_another_units_token_is_refused(token_client, loop):
    _plan, topic, units = loop
    unit_user = handler(units[0])
    mine = Finding.objects.get(opinion__topic=topic, unit=units[0])
    reader, _ = token_client(unit_user, scopes=("read",), name="reader")
    assert reader.post(f"/api/v1/oversight/findings/{mine.pk}/report/", {"outcome": "done", "content": "x"},
                       format="json").status_code == 403
    other, _ = token_client(unit_user, scopes=("read", "unit-reply"), unit=units[1], name="other")
    assert other.post(f"/api/v1/oversight/findings/{mine.pk}/report/", {"outcome": "done", "content": "x"},
                      format="json").status_code == 403


def test_ratings_show_results_only_once_published(token_client, client, loop):
    _plan, topic, units = loop
    vote = SatisfactionVote.objects.create(topic=topic, electorate_size=5, satisfied=3, result="satisfied",
                                           counted_at=timezone.now())
    reader, _ = token_client(handler(units[0]), scopes=("read",))
    assert reader.get("/api/v1/oversight/ratings/").json()["count"] == 0
    assert topic.title not in client.get("/p/oversight/ratings/").content.decode()
    SatisfactionVote.objects.filter(pk=vote.pk).update(published_at=timezone.now())
    data = reader.get("/api/v1/oversight/ratings/").json()
    assert data["count"] == 1 and data["results"][0]["result"] == "satisfied"
    assert topic.title in client.get("/p/oversight/ratings/").content.decode()


def test_api_lists_and_filters(staff_client, loop):
    _plan, topic, units = loop
    for path in ["/api/v1/oversight/plans/", "/api/v1/oversight/topics/",
                 f"/api/v1/oversight/findings/?unit={units[0].pk}", "/api/v1/oversight/findings/?overdue=true",
                 "/api/v1/oversight/budget-watch/?tier=3", "/api/v1/oversight/ratings/"]:
        assert staff_client.get(path).status_code == 200, path
    assert staff_client.get("/api/v1/oversight/budget-watch/?tier=٣").status_code == 400
    assert staff_client.get("/api/v1/oversight/findings/?unit=99999999999999999999").status_code == 400


def test_public_call_for_topics_is_rate_limited_and_shows_where_each_went(client, office, settings):
    plan = OversightPlan.objects.create(year=2027, title="2027年度监督工作计划", call_opens_on=date(2000, 1, 1),
                                        call_closes_on=date(2100, 1, 1))
    settings.OVERSIGHT_PUBLIC_PROPOSALS_PER_HOUR = 2
    data = {"title": "加强老旧小区加装电梯", "content": "群众反映强烈", "proposer_name": "张三",
            "proposer_contact": "13800000000"}
    assert client.post("/p/oversight/2027/propose/", data).status_code == 200
    assert client.post("/p/oversight/2027/propose/", data).status_code == 200
    assert client.post("/p/oversight/2027/propose/", data).status_code == 429
    assert TopicProposal.objects.filter(plan=plan).count() == 2
    assert client.post("/p/oversight/2027/propose/", {**data, "title": "x" * 500}).status_code in {400, 429}
    assert client.get("/p/oversight/99999999/propose/").status_code == 404
    assert client.get("/p/oversight/2027/").status_code == 404  # not published yet


def test_the_published_plan_page(client, loop):
    plan, topic, _units = loop
    page = client.get(f"/p/oversight/{plan.year}/")
    assert page.status_code == 200 and topic.title in page.content.decode()


def test_the_loop_runs_in_the_browser(client, office):
    from congress.ballots.models import Ballot
    from oversight.models import Topic
    from tests.congress.factories import CommitteeFactory, UnitFactory
    from tests.oversight.factories import members

    unit = UnitFactory(name="区卫生健康委员会", code="wjw")
    committee = CommitteeFactory()
    members(3)
    client.force_login(office)
    client.post("/staff/oversight/plans/", {"year": 2030, "title": "2030年度监督工作计划"})
    plan = OversightPlan.objects.get(year=2030)
    client.post(f"/staff/oversight/plans/{plan.pk}/topics/", {
        "kind": "work_report", "title": "基层医疗", "lead_committee": committee.pk, "target_units": [unit.pk]})
    client.post(f"/staff/oversight/plans/{plan.pk}/adopt/", {"approval_document": "主任会议纪要〔2030〕1号",
                                                            "confirmed": "1"})
    client.post(f"/staff/oversight/plans/{plan.pk}/publish/", {"confirmed": "1"})
    plan.refresh_from_db()
    assert plan.status == "adopted" and plan.published_at is not None
    topic = Topic.objects.get(plan=plan)
    client.post(f"/staff/oversight/topics/{topic.pk}/hear/", {"report_summary": "报告"})
    client.post(f"/staff/oversight/topics/{topic.pk}/opinion/", {"text": "意见", "findings": "wjw | 问题甲 | 整改",
                                                                "confirmed": "1"})
    finding = Finding.objects.get(opinion__topic=topic)
    unit_client = type(client)()
    unit_client.force_login(handler(unit))
    unit_client.post(f"/portal/oversight/findings/{finding.pk}/report/",
                     {"outcome": "done", "content": "已完成", "file": pdf()})
    evidence = finding.evidence.get()
    assert unit_client.get(f"/portal/oversight/evidence/{evidence.pk}/").status_code == 200
    client.post(f"/staff/oversight/findings/{finding.pk}/close/", {"note": "对单销号", "confirmed": "1"})
    client.post(f"/staff/oversight/topics/{topic.pk}/vote/", {"subjects": "", "confirmed": "1"})
    topic.refresh_from_db()
    finding.refresh_from_db()
    assert finding.state == "closed" and topic.stage == "rating"
    assert Ballot.objects.get(object_id=topic.pk).electorate_size == 3
