"""The whole loop through the services, from draft to closed, and its side effects."""

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType

from congress.models import AuditEvent, Delivery, Notification
from suggestions import services
from suggestions.models import Assignment, Commitment, CoSignature, Reply, ReplyReceipt, Suggestion
from tests.suggestions.conftest import ASSIGNED, assigned, draft, part, replied

pytestmark = pytest.mark.django_db


def timeline(suggestion):
    return list(AuditEvent.objects.filter(content_type=ContentType.objects.get_for_model(Suggestion),
                                          object_id=suggestion.pk).values_list("action", flat=True))


def test_from_draft_to_closed(district):
    d = district
    suggestion = services.create_draft(actor=d["lead"].user, title="关于增设学校周边停车位的建议",
                                       content="学校周边接送车辆拥堵。", category=d["category"])
    assert suggestion.status == "draft" and suggestion.term == d["term"]
    services.invite_cosigners(suggestion, actor=d["lead"].user, deputies=[d["cosigner"]])
    invitation = CoSignature.objects.get(suggestion=suggestion)
    services.respond_to_invitation(invitation, actor=d["cosigner"].user, confirm=True)
    services.submit_suggestion(suggestion, actor=d["lead"].user, today=date(2026, 1, 8))
    suggestion.refresh_from_db()
    assert suggestion.status == "submitted" and suggestion.meeting == d["session"]

    services.accept_suggestion(suggestion, actor=d["staff"])
    suggestion.refresh_from_db()
    assert suggestion.number == "18-5-0001"

    services.assign_suggestion(suggestion, actor=d["staff"], lead_unit=d["units"]["jt"],
                               co_units=[d["units"]["zj"]], today=ASSIGNED)
    suggestion.refresh_from_db()
    lead_part, co_part = part(suggestion, "jt"), part(suggestion, "zj")
    assert suggestion.status == "handling" and suggestion.handling_mode == "lead_and_co"
    assert lead_part.due_on == date(2026, 5, 6)  # 2 May + 3 months falls in the May Day holiday: next working day
    assert co_part.due_on == date(2026, 3, 2)

    services.send_co_unit_opinion(co_part, actor=d["handlers"]["zj"], opinion="同意在学校周边规划临时停车泊位。")
    reply = replied(d, suggestion, "jt", category="B", commitments=[("年底前建成60个泊位", date(2026, 12, 31))])
    assert "区住房和城乡建设委员会：同意" in reply.co_unit_opinions
    assert set(ReplyReceipt.objects.filter(reply=reply).values_list("deputy__name", flat=True)) == {"王建国", "李秀英"}
    suggestion.refresh_from_db()
    assert suggestion.status == "replied"

    services.evaluate_reply(reply, actor=d["lead"].user, satisfaction="basically_satisfied", attitude="good",
                            approach="good", effect="fair", today=date(2026, 3, 5))
    suggestion.refresh_from_db()
    assert suggestion.status == "tracking"  # a B reply keeps its promise open (rule 11)

    services.resolve_commitment(Commitment.objects.get(), actor=d["handlers"]["jt"], fulfilled=True,
                                resolution="60个泊位已建成启用。")
    suggestion.refresh_from_db()
    assert suggestion.status == "closed" and suggestion.closed_at
    assert timeline(suggestion) == [
        "suggestions.suggestion.drafted", "suggestions.suggestion.cosigners_invited",
        "suggestions.suggestion.cosign_confirmed", "suggestions.suggestion.submitted",
        "suggestions.suggestion.accepted", "suggestions.suggestion.assigned",
        "suggestions.suggestion.co_unit_opinion", "suggestions.suggestion.contacted",
        "suggestions.suggestion.replied", "suggestions.suggestion.rated",
        "suggestions.suggestion.commitment_fulfilled", "suggestions.suggestion.closed",
    ]


def test_unsatisfied_sends_the_case_back_once_then_closes(district):
    d = district
    suggestion = assigned(d, lead="jt")
    first = replied(d, suggestion, "jt", category="D")
    services.evaluate_reply(first, actor=d["lead"].user, satisfaction="unsatisfied", attitude="fair",
                            approach="poor", effect="poor", comment="未实地调查。", today=date(2026, 3, 10))
    suggestion.refresh_from_db()
    lead_part = part(suggestion, "jt")
    assert suggestion.status == "rehandling"
    assert (lead_part.status, lead_part.round, lead_part.due_on) == ("rehandling", 2, date(2026, 4, 10))
    assert Notification.objects.filter(recipient=d["handlers"]["jt"], kind="suggestions.rehandle").exists()

    second = services.reply_to_assignment(lead_part, actor=d["handlers"]["jt"], category="A", body="已实地调查并解决。",
                                          signed_by="局长 刘洋", today=date(2026, 4, 1))
    assert second.round == 2
    services.evaluate_reply(second, actor=d["lead"].user, satisfaction="unsatisfied", attitude="fair",
                            approach="fair", effect="fair", comment="仍不满意。", today=date(2026, 4, 2))
    suggestion.refresh_from_db()
    assert suggestion.status == "closed"  # no third round: the result stands as unsatisfied
    assert part(suggestion, "jt").status == "done"


def test_separate_units_each_answer_and_are_each_rated(district):
    d = district
    suggestion = assigned(d, separate=("jt", "jw"))
    assert {a.role for a in suggestion.assignments.all()} == {"separate"}
    one = replied(d, suggestion, "jt")
    suggestion.refresh_from_db()
    assert suggestion.status == "handling"  # the education commission has not answered yet
    two = replied(d, suggestion, "jw")
    for reply in (one, two):
        services.evaluate_reply(reply, actor=d["lead"].user, satisfaction="satisfied", attitude="good",
                                approach="good", effect="good", today=date(2026, 3, 3))
    suggestion.refresh_from_db()
    assert suggestion.status == "closed"


def test_side_effects_are_rows_written_with_the_change(district):
    d = district
    suggestion = assigned(d, lead="jt")
    handler = d["handlers"]["jt"]
    note = Notification.objects.get(recipient=handler, kind="suggestions.assigned")
    assert suggestion.number in note.title
    assert note.url == f"/portal/suggestions/assignments/{part(suggestion, 'jt').pk}/"
    assert Delivery.objects.filter(notification=note, channel="sms", address=handler.phone).exists()


def test_withdrawal_closes_the_case_and_stops_reminders(district):
    from congress.models import Reminder

    d = district
    suggestion = assigned(d, lead="jt", separate=())
    reply = replied(d, suggestion, "jt", category="B", commitments=[("年底前完成", date(2026, 12, 31))])
    services.evaluate_reply(reply, actor=d["lead"].user, satisfaction="unsatisfied", attitude="fair",
                            approach="fair", effect="fair", comment="进度太慢", today=date(2026, 3, 5))
    commitment = reply.commitments.get()
    lead_part = part(suggestion, "jt")
    reminder = Reminder.objects.create(target=lead_part, kind="suggestions.reply_due", due_on=date(2026, 4, 6),
                                       recipient=d["handlers"]["jt"], title="即将到期")
    promise_reminder = Reminder.objects.create(target=commitment, kind="suggestions.commitment_due_7",
                                               due_on=date(2026, 12, 24), recipient=d["handlers"]["jt"], title="承诺")
    services.withdraw_suggestion(suggestion, actor=d["lead"].user, reason="问题已通过其他渠道解决。")
    suggestion.refresh_from_db()
    reminder.refresh_from_db()
    promise_reminder.refresh_from_db()
    assert promise_reminder.state == "cancelled"
    assert suggestion.status == "withdrawn" and suggestion.close_note == "问题已通过其他渠道解决。"
    assert part(suggestion, "jt").status == "cancelled"  # it was being re-handled
    assert reminder.state == "cancelled"


def test_merged_suggestions_keep_their_own_replies(district):
    d = district
    one, two = assigned(d, lead="jt"), assigned(d, lead="jt")
    group = services.merge_suggestions([one, two], actor=d["staff"], note="内容相同")
    assert set(group.suggestions.values_list("pk", flat=True)) == {one.pk, two.pk}
    replied(d, one, "jt")
    replied(d, two, "jt", category="C", commitments=[("纳入明年计划", date(2027, 6, 30))])
    assert Reply.objects.filter(assignment__suggestion=one).get().category == "A"
    assert Reply.objects.filter(assignment__suggestion=two).get().category == "C"
    services.unmerge_suggestion(one, actor=d["staff"])
    one.refresh_from_db()
    two.refresh_from_db()
    assert one.merge_group is None and two.merge_group is None  # a group of one is dissolved
    assert "suggestions.suggestion.merged" in timeline(one) and "suggestions.suggestion.unmerged" in timeline(one)


def test_between_sessions_numbering(district):
    d = district
    suggestion = draft(d)
    services.submit_suggestion(suggestion, actor=d["lead"].user, today=date(2026, 6, 15))
    services.accept_suggestion(suggestion, actor=d["staff"])
    suggestion.refresh_from_db()
    assert suggestion.meeting is None and suggestion.number == "18-B-0001"


def test_key_supervision_needs_a_leader_and_the_head_signs_the_answer(district):
    d = district
    suggestion = assigned(d, lead="jt")
    services.put_under_key_supervision(suggestion, actor=d["staff"], leader=d["leader"], committee=d["committee"])
    lead_part = part(suggestion, "jt")
    services.record_contact(lead_part, actor=d["handlers"]["jt"], contacted_on=date(2026, 3, 1), method="face",
                            summary="面商", today=date(2026, 3, 2))
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        services.reply_to_assignment(lead_part, actor=d["handlers"]["jt"], category="A", body="已解决",
                                     signed_by="副局长", today=date(2026, 3, 2))
    assert "signed_by_head" in error.value.message_dict
    reply = services.reply_to_assignment(lead_part, actor=d["handlers"]["jt"], category="A", body="已解决",
                                         signed_by="局长 刘洋", signed_by_head=True, today=date(2026, 3, 2))
    assert reply.signed_by_head
    assert Assignment.objects.get(pk=lead_part.pk).status == "replied"
