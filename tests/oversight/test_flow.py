"""The loop end to end: plan → hearing → opinion with findings → units' reports → closure with
evidence → secret rating by the members (rule 15) → follow-up on 不满意 (rule 16) → closed."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from congress.ballots import services as ballots
from congress.ballots.models import BallotPaper, BallotParticipation
from oversight import services
from oversight.models import Finding, SatisfactionVote, Topic
from tests.oversight.factories import handler, members, opinion_sent, pdf, plan_with_topic, report_all

pytestmark = pytest.mark.django_db


def vote(ballot, users, marks):
    option = str(ballot.options.first().pk)
    for user, mark in zip(users, marks, strict=True):
        ballots.cast(ballot.pk, user, {option: mark})


def finish(ballot, office):
    ballots.close_ballot(ballot.pk, actor=office)
    assert ballots.verify_ballot(ballot.pk, actor=office).ok
    ballots.publish_ballot(ballot.pk, actor=office)


def close_all(topic, office):
    for finding in Finding.objects.filter(opinion__topic=topic).exclude(state=Finding.State.CLOSED):
        services.close_finding(finding, actor=office, note="对单销号")


def test_a_topic_from_plan_to_closed_through_an_unsatisfied_rating(office):
    plan, topic, units = plan_with_topic(office)
    handlers = {unit.pk: handler(unit) for unit in units}
    crew = members(5)
    opinion = opinion_sent(office, topic, units)
    assert opinion.due_on == date(2026, 8, 25)  # rule 17: two months (OVERSIGHT_HANDLING_MONTHS)
    assert Finding.objects.filter(opinion=opinion).count() == 2

    with pytest.raises(ValidationError) as early:
        services.start_vote(topic, actor=office)
    assert early.value.code == "reports_missing"
    report_all(topic, handlers)
    close_all(topic, office)

    ballot = services.start_vote(topic, actor=office)
    assert ballot.electorate_size == 5 and ballot.kind == "satisfaction"
    vote(ballot, crew[:4], ["satisfied", "satisfied", "basically_satisfied", "unsatisfied"])
    # rule 15 against N = 5: 满意 2 is not more than half; 满意 + 基本满意 = 3 is → 基本满意
    finish(ballot, office)
    rating = SatisfactionVote.objects.get(topic=topic, round=1)
    assert (rating.satisfied, rating.basic, rating.unsatisfied, rating.result) == (2, 1, 1, "basic")
    assert rating.published_at is not None
    assert services.close_topic(topic, actor=office).stage == Topic.Stage.CLOSED
    assert plan.topics.count() == 1


def test_unsatisfied_opens_a_follow_up_and_blocks_closing_until_a_later_vote(office):
    _plan, topic, units = plan_with_topic(office)
    handlers = {unit.pk: handler(unit) for unit in units}
    crew = members(4)
    opinion_sent(office, topic, units)
    report_all(topic, handlers)
    close_all(topic, office)
    ballot = services.start_vote(topic, actor=office)
    vote(ballot, crew, ["satisfied", "basically_satisfied", "unsatisfied", "unsatisfied"])  # 2 of 4: exactly half
    finish(ballot, office)
    topic.refresh_from_db()
    assert SatisfactionVote.objects.get(topic=topic, round=1).result == "unsatisfied"
    assert topic.round == 2 and topic.stage == Topic.Stage.OPINION
    follow_up = Finding.objects.filter(opinion__topic=topic, opinion__round=2)
    assert follow_up.count() == 2 and set(follow_up.values_list("state", flat=True)) == {"open"}
    with pytest.raises(ValidationError) as refused:
        services.close_topic(topic, actor=office)
    assert refused.value.code == "open_findings"

    report_all(topic, handlers)
    close_all(topic, office)
    with pytest.raises(ValidationError) as still:
        services.close_topic(topic, actor=office)
    assert still.value.code == "unsatisfied"
    second = services.start_vote(topic, actor=office)
    vote(second, crew, ["satisfied", "satisfied", "satisfied", "unsatisfied"])
    finish(second, office)
    assert SatisfactionVote.objects.get(topic=topic, round=2).result == "satisfied"
    assert services.close_topic(topic, actor=office).stage == Topic.Stage.CLOSED


def test_the_rating_is_secret_one_vote_each_and_needs_quorum(office):
    _plan, topic, units = plan_with_topic(office, units=None)
    handlers = {unit.pk: handler(unit) for unit in units}
    crew = members(5)
    opinion_sent(office, topic, units)
    report_all(topic, handlers)
    ballot = services.start_vote(topic, actor=office)
    option = str(ballot.options.first().pk)
    ballots.cast(ballot.pk, crew[0], {option: "satisfied"})
    with pytest.raises(ballots.AlreadyVoted):
        ballots.cast(ballot.pk, crew[0], {option: "unsatisfied"})
    ballots.cast(ballot.pk, crew[1], {option: "satisfied"})
    # who voted and what was voted are separate tables with no link
    assert not {f.name for f in BallotPaper._meta.get_fields()} & {"user", "voter", "participation"}
    assert BallotParticipation.objects.filter(ballot_id=ballot.pk).count() == 2
    finish(ballot, office)  # 2 of 5 voted: no quorum
    rating = SatisfactionVote.objects.get(topic=topic)
    assert rating.result == "" and rating.turnout == 2 and rating.electorate_size == 5


def test_a_finding_cannot_close_without_evidence(office):
    _plan, topic, units = plan_with_topic(office)
    opinion_sent(office, topic, units)
    finding = Finding.objects.filter(unit=units[0]).first()
    with pytest.raises(ValidationError) as refused:
        services.close_finding(finding, actor=office)
    assert refused.value.code == "no_evidence"
    services.add_evidence(finding, actor=office, file=pdf(), note="整改报告")
    assert services.close_finding(finding, actor=office).state == Finding.State.CLOSED


def test_the_unit_asks_for_more_time_and_the_office_decides(office):
    _plan, topic, units = plan_with_topic(office)
    opinion_sent(office, topic, units)
    finding = Finding.objects.get(unit=units[0])
    unit_user = handler(units[0])
    extension = services.request_extension(finding, actor=unit_user, due_on=date(2026, 10, 1), reason="施工期长")
    with pytest.raises(ValidationError):
        services.request_extension(finding, actor=unit_user, due_on=date(2026, 11, 1), reason="again")
    services.decide_extension(extension, actor=office, approve=True, note="同意")
    finding.refresh_from_db()
    assert finding.due_on == date(2026, 10, 1)


def test_in_progress_needs_a_plan_and_cannot_needs_a_reason(office):
    _plan, topic, units = plan_with_topic(office)
    opinion_sent(office, topic, units)
    finding = Finding.objects.get(unit=units[0])
    unit_user = handler(units[0])
    with pytest.raises(ValidationError):
        services.report_on_finding(finding, actor=unit_user, outcome="in_progress", content="推进中")
    with pytest.raises(ValidationError):
        services.report_on_finding(finding, actor=unit_user, outcome="cannot", content="无法")
    report = services.report_on_finding(finding, actor=unit_user, outcome="in_progress", content="推进中",
                                        plan="分三步", expected_on=date(2026, 12, 1))
    assert report.finding.state == Finding.State.REPORTED


def test_an_adopted_plan_changes_only_with_a_reason(office):
    plan, topic, _units = plan_with_topic(office)
    with pytest.raises(ValidationError):
        services.amend_plan(plan, actor=office, reason=" ", change="调整会次")
    amendment = services.amend_plan(plan, actor=office, reason="会期调整", change="改到七月", topic=topic)
    assert amendment.plan.amendments.count() == 1


def test_activity_sign_up_and_attendance_earn_the_duty(office):
    from deputies.models import DutyRecord
    from deputies.points_table import install_default_table
    from tests.deputies.factories import DeputyFactory
    from tests.oversight.factories import user_in

    install_default_table(2026)
    _plan, topic, _units = plan_with_topic(office)
    activity = services.add_activity(topic, actor=office, kind="inspection_visit", title="视察学校",
                                     held_on=date(2026, 5, 10), capacity=1)
    user = user_in("deputy", "d1")
    deputy = DeputyFactory(user=user)
    services.sign_up(activity, actor=user)
    other = user_in("deputy", "d2")
    DeputyFactory(user=other)
    with pytest.raises(ValidationError) as full:
        services.sign_up(activity, actor=other)
    assert full.value.code == "full"
    services.record_attendance(activity, actor=office, deputy_ids=[deputy.pk])
    services.record_attendance(activity, actor=office, deputy_ids=[deputy.pk])  # idempotent
    assert DutyRecord.objects.filter(deputy=deputy, item="oversight.activity", status="counted").count() == 1
    services.record_attendance(activity, actor=office, deputy_ids=[])
    assert not DutyRecord.objects.filter(deputy=deputy, status="counted").exists()


def test_inquiry_questions_are_recorded_with_who_asked_and_answered(office):
    _plan, topic, _units = plan_with_topic(office, kind=Topic.Kind.INQUIRY)
    item = services.record_question(topic, actor=office, asked_by="李委员", answered_by="副区长 王某",
                                    question="如何解决？", answer="分步推进", rating="basic")
    assert (item.asked_by, item.answered_by, item.rating) == ("李委员", "副区长 王某", "basic")
