"""The oversight pages' actions (oversight.staff.actions, oversight.portal.views): a refused action
shows its page again with what was typed and the message once, saving nothing; an irreversible one
asks once more (the review page) before it does anything."""

from datetime import date

import pytest
from django.utils import translation
from django.utils.translation import gettext

from congress.ballots.models import Ballot
from oversight import services
from oversight.models import (
    DeliberationOpinion,
    Finding,
    HandlingReport,
    NormativeDocument,
    OversightPlan,
    SpecialReview,
    TopicProposal,
)
from tests.congress.factories import UnitFactory
from tests.oversight.factories import handler, members, opinion_sent, pdf, plan_with_topic, report_all

pytestmark = pytest.mark.django_db


def zh(message: str) -> str:
    with translation.override("zh-hans"):
        return gettext(message)


def templates(response) -> set[str]:
    return {t.name for t in response.templates}


@pytest.fixture
def loop(office):
    plan, topic, units = plan_with_topic(office)
    opinion_sent(office, topic, units)
    return plan, topic, units


@pytest.fixture
def office_client(client, office):
    client.force_login(office)
    return client


# --------------------------------------------------------------------------- refusals


def test_a_refused_adoption_shows_the_board_again_with_the_typed_document(office_client, office):
    plan = services.create_plan(actor=office, year=2031, title="2031年度监督工作计划")  # no topic yet
    response = office_client.post(f"/staff/oversight/plans/{plan.pk}/adopt/",
                                  {"approval_document": "主任会议纪要〔2031〕7号", "confirmed": "1"})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="主任会议纪要〔2031〕7号"' in page
    assert page.count(zh("A plan needs at least one topic before it is adopted.")) == 1
    assert zh("Nothing was saved: see the message on the form.") in page
    plan.refresh_from_db()
    assert plan.status == OversightPlan.Status.DRAFT and plan.approval_document == ""


def test_a_bad_findings_line_keeps_the_opinion_as_typed(office_client, office):
    _plan, topic, _units = plan_with_topic(office)
    services.record_hearing(topic, actor=office, report_summary="报告")
    response = office_client.post(f"/staff/oversight/topics/{topic.pk}/opinion/", {
        "text": "常委会审议意见正文", "findings": "jw | 问题甲 | 整改\nnosuch | 问题乙 | 整改", "confirmed": "1"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "常委会审议意见正文" in page and "nosuch | 问题乙 | 整改" in page
    line = zh("Line %(n)d: write “unit code | problem | what must be done”.") % {"n": 2}
    assert page.count(line) == 1
    assert not DeliberationOpinion.objects.filter(topic=topic).exists()


def test_a_proposal_adopted_into_no_topic_is_refused_on_the_topic_field(office_client, office):
    plan, topic, _units = plan_with_topic(office)
    proposal = TopicProposal.objects.create(plan=plan, source="resident", title="加装电梯", content="x",
                                            proposer_name="张三")
    url = f"/staff/oversight/proposals/{proposal.pk}/"
    response = office_client.post(url, {"outcome": "adopted", "group_label": "城建类", "rank": "2"})
    page = response.content.decode()
    assert response.status_code == 200 and 'value="城建类"' in page
    assert page.count(zh("Name the topic the proposal went into.")) == 1
    proposal.refresh_from_db()
    assert proposal.outcome == TopicProposal.Outcome.PENDING and proposal.group_label == ""

    other = plan_with_topic(office, year=2027)[1]  # a topic of another plan is no choice here
    response = office_client.post(url, {"outcome": "adopted", "topic": other.pk})
    assert response.status_code == 200 and TopicProposal.objects.get(pk=proposal.pk).topic is None

    response = office_client.post(url, {"outcome": "adopted", "topic": topic.pk, "group_label": "城建类"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.outcome, proposal.topic, proposal.group_label) == ("adopted", topic, "城建类")


def test_a_units_report_without_a_plan_is_refused_with_its_text_kept(client, loop):
    _plan, topic, units = loop
    finding = Finding.objects.get(opinion__topic=topic, unit=units[0])
    client.force_login(handler(units[0]))
    response = client.post(f"/portal/oversight/findings/{finding.pk}/report/",
                           {"outcome": "in_progress", "content": "已制定整改方案，正在推进"})
    page = response.content.decode()
    assert response.status_code == 200 and "已制定整改方案，正在推进" in page
    assert page.count(zh("Work in progress needs a plan and an expected date.")) == 1
    assert not HandlingReport.objects.filter(finding=finding).exists()
    finding.refresh_from_db()
    assert finding.state == Finding.State.OPEN


def test_a_second_request_for_more_time_is_refused_on_the_page(client, loop):
    _plan, topic, units = loop
    finding = Finding.objects.get(opinion__topic=topic, unit=units[0])
    client.force_login(handler(units[0]))
    url = f"/portal/oversight/findings/{finding.pk}/extension/"
    assert client.post(url, {"due_on": "2026-12-01", "reason": "施工期长"}).status_code == 302
    response = client.post(url, {"due_on": "2027-01-01", "reason": "再次申请"})
    page = response.content.decode()
    assert response.status_code == 200 and "再次申请" in page
    assert page.count(zh("A request for more time is already waiting for the office.")) == 1
    assert finding.extensions.count() == 1


def test_a_full_activity_refuses_the_sign_up_once(client, office):
    from tests.deputies.factories import DeputyFactory
    from tests.oversight.factories import user_in

    _plan, topic, _units = plan_with_topic(office)
    activity = services.add_activity(topic, actor=office, kind="research", title="调研学校", held_on=date(2030, 5, 1),
                                     capacity=1)
    first = user_in("deputy", "d1")
    DeputyFactory(user=first)
    services.sign_up(activity, actor=first)
    second = user_in("deputy", "d2")
    DeputyFactory(user=second)
    client.force_login(second)
    response = client.post(f"/portal/oversight/activities/{activity.pk}/sign-up/")
    assert response.status_code == 200
    assert response.content.decode().count(zh("This activity is full.")) == 1
    assert activity.participations.count() == 1


# --------------------------------------------------------------------------- the review step


def with_evidence(finding, office):
    services.add_evidence(finding, actor=office, file=pdf(), note="整改材料")
    return finding


def test_closing_a_finding_asks_once_more_and_saves_nothing_until_confirmed(office_client, office, loop):
    _plan, topic, _units = loop
    finding = with_evidence(Finding.objects.filter(opinion__topic=topic).first(), office)
    url = f"/staff/oversight/findings/{finding.pk}/close/"
    review = office_client.post(url, {"note": "对单销号：材料齐全"})
    page = review.content.decode()
    assert review.status_code == 200 and "congress/confirm.html" in templates(review)
    assert 'name="note" value="对单销号：材料齐全"' in page and 'name="confirmed" value="1"' in page
    finding.refresh_from_db()
    assert finding.state != Finding.State.CLOSED
    assert office_client.post(url, {"note": "对单销号：材料齐全", "confirmed": "1"}).status_code == 302
    finding.refresh_from_db()
    assert finding.state == Finding.State.CLOSED and finding.closing_note == "对单销号：材料齐全"


def test_sending_the_opinion_asks_once_more(office_client, office):
    _plan, topic, _units = plan_with_topic(office)
    services.record_hearing(topic, actor=office, report_summary="报告")
    review = office_client.post(f"/staff/oversight/topics/{topic.pk}/opinion/",
                                {"text": "意见", "findings": "jw | 问题甲 | 整改"})
    assert review.status_code == 200 and "congress/confirm.html" in templates(review)
    assert not DeliberationOpinion.objects.filter(topic=topic).exists()


def test_adopting_and_publishing_the_plan_ask_once_more(office_client, office):
    plan = services.create_plan(actor=office, year=2032, title="2032年度监督工作计划")
    services.add_topic(plan, actor=office, kind="work_report", title="议题", lead_committee=_committee(),
                       target_units=[UnitFactory()])
    review = office_client.post(f"/staff/oversight/plans/{plan.pk}/adopt/", {"approval_document": "纪要1号"})
    assert "congress/confirm.html" in templates(review)
    assert OversightPlan.objects.get(pk=plan.pk).status == OversightPlan.Status.DRAFT
    office_client.post(f"/staff/oversight/plans/{plan.pk}/adopt/", {"approval_document": "纪要1号", "confirmed": "1"})
    review = office_client.post(f"/staff/oversight/plans/{plan.pk}/publish/")
    assert "congress/confirm.html" in templates(review)
    plan.refresh_from_db()
    assert plan.status == OversightPlan.Status.ADOPTED and plan.published_at is None


def _committee():
    from tests.congress.factories import CommitteeFactory

    return CommitteeFactory()


def test_the_rating_opens_closes_and_publishes_only_when_confirmed(office_client, office, loop):
    _plan, topic, units = loop
    members(3)
    report_all(topic, {unit.pk: handler(unit) for unit in units})
    url = f"/staff/oversight/topics/{topic.pk}/vote/"
    assert "congress/confirm.html" in templates(office_client.post(url, {"subjects": ""}))
    assert not Ballot.objects.filter(object_id=topic.pk).exists()
    office_client.post(url, {"subjects": "", "confirmed": "1"})
    ballot = Ballot.objects.get(object_id=topic.pk)
    vote = topic.votes.get()
    for step in ("close", "publish"):
        review = office_client.post(f"/staff/oversight/votes/{vote.pk}/{step}/")
        assert "congress/confirm.html" in templates(review), step
    ballot.refresh_from_db()
    assert ballot.status == Ballot.Status.OPEN
    office_client.post(f"/staff/oversight/votes/{vote.pk}/close/", {"confirmed": "1"})
    ballot.refresh_from_db()
    assert ballot.status != Ballot.Status.OPEN


def test_a_special_review_outcome_and_a_filing_review_ask_once_more(office_client, office):
    unit = UnitFactory()
    review = SpecialReview.objects.create(unit=unit, year=2026, quarter=2)
    data = {"outcome": "压减下年度预算", "budget_cut": "1518000", "projects_cut": "10"}
    page = office_client.post(f"/staff/oversight/budget/reviews/{review.pk}/", data)
    assert "congress/confirm.html" in templates(page)
    assert SpecialReview.objects.get(pk=review.pk).outcome == ""
    office_client.post(f"/staff/oversight/budget/reviews/{review.pk}/", {**data, "confirmed": "1"})
    review.refresh_from_db()
    assert review.outcome == "压减下年度预算" and review.projects_cut == 10

    document = services.register_document(actor=office, title="某规范性文件", maker=unit, published_on=date(2026, 3, 1))
    services.receive_document(document, actor=office, received_on=date(2026, 3, 20))
    url = f"/staff/oversight/documents/{document.pk}/review/"
    assert "congress/confirm.html" in templates(office_client.post(url, {"outcome": "amend", "note": "建议修改"}))
    assert NormativeDocument.objects.get(pk=document.pk).outcome == NormativeDocument.Outcome.PENDING
    office_client.post(url, {"outcome": "amend", "note": "建议修改", "confirmed": "1"})
    assert NormativeDocument.objects.get(pk=document.pk).outcome == NormativeDocument.Outcome.AMEND


def test_attendance_is_ticked_on_the_topic_page(office_client, office):
    from deputies.points_table import install_default_table
    from tests.deputies.factories import DeputyFactory
    from tests.oversight.factories import user_in

    install_default_table(2030)
    _plan, topic, _units = plan_with_topic(office)
    activity = services.add_activity(topic, actor=office, kind="research", title="调研学校", held_on=date(2030, 5, 1))
    deputies = []
    for name in ("d1", "d2"):
        user = user_in("deputy", name)
        deputies.append(DeputyFactory(user=user))
        services.sign_up(activity, actor=user)
    page = office_client.get(f"/staff/oversight/topics/{topic.pk}/").content.decode()
    assert f'name="attended" value="{deputies[0].pk}"' in page
    url = f"/staff/oversight/activities/{activity.pk}/attendance/"
    assert office_client.post(url, {"attended": [str(deputies[0].pk)]}).status_code == 302
    assert list(activity.participations.filter(attended=True).values_list("deputy", flat=True)) == [deputies[0].pk]
    refused = office_client.post(url, {"attended": ["999999"]})  # not signed up: not a choice
    assert refused.status_code == 200
    assert list(activity.participations.filter(attended=True).values_list("deputy", flat=True)) == [deputies[0].pk]



def test_the_board_costs_the_same_queries_for_one_proposal_and_for_many(office_client, office):
    # Each proposal carries its own "where it went" form; the topics they choose from are read once
    # for the board, not once per form.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    plan, _topic, _units = plan_with_topic(office)

    def board_queries(proposals):
        TopicProposal.objects.bulk_create([TopicProposal(plan=plan, source="resident", title=f"建议{i}", content="x",
                                                         proposer_name="张三") for i in range(proposals)])
        with CaptureQueriesContext(connection) as captured:
            page = office_client.get(f"/staff/oversight/?plan={plan.pk}")
        assert page.status_code == 200
        return len(captured), page.content.decode().count('name="group_label"')

    office_client.get("/staff/oversight/")  # the session's first reads
    (few, forms_few), (many, forms_many) = board_queries(1), board_queries(11)
    assert (forms_few, forms_many) == (1, 12) and few == many
