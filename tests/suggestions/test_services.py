"""Every refused transition: a clear message with a stable code, and nothing already saved changes."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from congress.models import AuditEvent, Delivery, Notification
from suggestions import services
from suggestions.models import Assignment, CoSignature, Evaluation, Extension, Reply, Suggestion
from tests.suggestions.conftest import ASSIGNED, accepted, assigned, draft, part, replied, submitted

pytestmark = pytest.mark.django_db


def snapshot():
    """What must not change when a transition is refused."""
    return (
        list(Suggestion.objects.order_by("pk").values_list("pk", "status", "number", "merge_group")),
        list(Assignment.objects.order_by("pk").values_list("pk", "status", "due_on", "round")),
        Reply.objects.count(), Evaluation.objects.count(), AuditEvent.objects.count(),
    )


def assert_refused(call, code=None, exception=ValidationError):
    before = snapshot()
    with pytest.raises(exception) as error:
        call()
    assert snapshot() == before, "a refused transition changed saved data"
    if code is not None:
        codes = [e.code for errors in getattr(error.value, "error_dict", {"": [error.value]}).values()
                 for e in (errors if isinstance(errors, list) else [errors])]
        assert code in codes, codes
    if exception is ValidationError:
        assert error.value.messages and all(m.strip() for m in error.value.messages)
    return error.value


# --------------------------------------------------------------------------- drafting


def test_a_draft_needs_a_title_and_content(district):
    d = district
    assert_refused(lambda: services.create_draft(actor=d["lead"].user, title=" ", content="x", category=d["category"]),
                   "title_required")
    assert_refused(lambda: services.create_draft(actor=d["lead"].user, title="x", content="", category=d["category"]),
                   "content_required")


def test_only_a_deputy_drafts(district):
    d = district
    assert_refused(lambda: services.create_draft(actor=d["staff"], title="x", content="y", category=d["category"]),
                   exception=PermissionDenied)


def test_another_deputy_cannot_edit_submit_or_withdraw_my_draft(district):
    d = district
    mine = draft(d)
    other = d["other"].user
    assert_refused(lambda: services.update_draft(mine, actor=other, title="篡改"), exception=PermissionDenied)
    assert_refused(lambda: services.submit_suggestion(mine, actor=other), exception=PermissionDenied)
    assert_refused(lambda: services.withdraw_suggestion(mine, actor=other, reason="x"), exception=PermissionDenied)


def test_submission_waits_for_invited_cosigners(district):
    d = district
    suggestion = draft(d)
    services.invite_cosigners(suggestion, actor=d["lead"].user, deputies=[d["cosigner"]])
    assert_refused(lambda: services.submit_suggestion(suggestion, actor=d["lead"].user, today=date(2026, 1, 8)),
                   "cosigners_pending")
    services.withdraw_invitation(CoSignature.objects.get(), actor=d["lead"].user)
    assert services.submit_suggestion(suggestion, actor=d["lead"].user, today=date(2026, 1, 8)).status == "submitted"


def test_a_signature_after_submission_does_not_count(district):
    d = district
    suggestion = draft(d)
    services.invite_cosigners(suggestion, actor=d["lead"].user, deputies=[d["cosigner"], d["other"]])
    invitation = CoSignature.objects.get(deputy=d["other"])
    services.respond_to_invitation(CoSignature.objects.get(deputy=d["cosigner"]), actor=d["cosigner"].user,
                                   confirm=True)
    services.withdraw_invitation(invitation, actor=d["lead"].user)
    services.submit_suggestion(suggestion, actor=d["lead"].user, today=date(2026, 1, 8))
    assert_refused(lambda: services.respond_to_invitation(invitation, actor=d["other"].user, confirm=True), "withdrawn")


def test_nobody_answers_another_deputys_invitation(district):
    d = district
    suggestion = draft(d)
    services.invite_cosigners(suggestion, actor=d["lead"].user, deputies=[d["cosigner"]])
    assert_refused(
        lambda: services.respond_to_invitation(CoSignature.objects.get(), actor=d["other"].user, confirm=True),
        exception=PermissionDenied,
    )


def test_the_lead_cannot_cosign_their_own(district):
    d = district
    suggestion = draft(d)
    assert_refused(
        lambda: services.invite_cosigners(suggestion, actor=d["lead"].user, deputies=[d["lead"]]), "self_invite"
    )


def test_a_withdrawal_must_be_written(district):
    d = district
    suggestion = submitted(d)
    assert_refused(lambda: services.withdraw_suggestion(suggestion, actor=d["lead"].user, reason=""), "reason_required")


# --------------------------------------------------------------------------- review and assignment


def test_review_is_the_offices(district):
    d = district
    suggestion = submitted(d)
    assert_refused(lambda: services.accept_suggestion(suggestion, actor=d["leader"]), exception=PermissionDenied)
    assert_refused(lambda: services.accept_suggestion(suggestion, actor=d["lead"].user), exception=PermissionDenied)


def test_a_rejection_needs_a_ground_from_the_list(district):
    d = district
    suggestion = submitted(d)
    assert_refused(lambda: services.reject_suggestion(suggestion, actor=d["staff"], reason=""), "reason_required")
    assert_refused(lambda: services.reject_suggestion(suggestion, actor=d["staff"], reason="other"), "note_required")


def test_a_suggestion_is_reviewed_once(district):
    d = district
    suggestion = accepted(d)
    assert_refused(lambda: services.accept_suggestion(suggestion, actor=d["staff"]), "reviewed")


def test_an_assignment_needs_a_lead_unit(district):
    d = district
    suggestion = accepted(d)
    assert_refused(
        lambda: services.assign_suggestion(suggestion, actor=d["staff"], co_units=[d["units"]["jw"]]), "lead_required"
    )
    assert_refused(
        lambda: services.assign_suggestion(
            suggestion, actor=d["staff"], lead_unit=d["units"]["jw"], co_units=[d["units"]["jw"]]
        ),
        "duplicate_unit",
    )


def test_a_draft_or_submitted_suggestion_cannot_be_assigned(district):
    d = district
    suggestion = submitted(d)
    assert_refused(
        lambda: services.assign_suggestion(suggestion, actor=d["staff"], lead_unit=d["units"]["jw"]), "state"
    )


# --------------------------------------------------------------------------- the unit's part


def test_replying_to_an_unassigned_suggestion_is_impossible(district):
    d = district
    suggestion = assigned(d, lead="jt")
    transport_part = part(suggestion, "jt")
    # the education commission has no part in it: it may not reply, or even record a contact
    assert_refused(
        lambda: services.reply_to_assignment(
            transport_part, actor=d["handlers"]["jw"], category="A", body="x", signed_by="y"
        ),
        exception=PermissionDenied,
    )
    assert_refused(
        lambda: services.record_contact(
            transport_part, actor=d["handlers"]["jw"], contacted_on=ASSIGNED, method="phone", summary="x"
        ),
        exception=PermissionDenied,
    )


def test_a_reply_needs_a_category_a_signer_and_a_contact_first(district):
    d = district
    suggestion = assigned(d, lead="jt")
    lead_part, handler = part(suggestion, "jt"), d["handlers"]["jt"]
    assert_refused(
        lambda: services.reply_to_assignment(lead_part, actor=handler, category="E", body="x", signed_by="y"),
        "category_required",
    )
    assert_refused(
        lambda: services.reply_to_assignment(lead_part, actor=handler, category="A", body="x", signed_by=" "),
        "signer_required",
    )
    assert_refused(
        lambda: services.reply_to_assignment(lead_part, actor=handler, category="A", body="x", signed_by="局长"),
        "contact_required",
    )


def test_a_b_or_c_reply_lists_its_commitments(district):
    d = district
    suggestion = assigned(d, lead="jt")
    lead_part, handler = part(suggestion, "jt"), d["handlers"]["jt"]
    services.record_contact(
        lead_part, actor=handler, contacted_on=date(2026, 3, 1), method="phone", summary="沟通", today=date(2026, 3, 2)
    )
    assert_refused(
        lambda: services.reply_to_assignment(
            lead_part, actor=handler, category="B", body="x", signed_by="局长", today=date(2026, 3, 2)
        ),
        "commitments_required",
    )
    assert_refused(
        lambda: services.reply_to_assignment(
            lead_part,
            actor=handler,
            category="C",
            body="x",
            signed_by="局长",
            commitments=[("x", date(2026, 1, 1))],
            today=date(2026, 3, 2),
        ),
        "commitment_past",
    )


def test_a_second_reply_is_refused(district):
    d = district
    suggestion = assigned(d, lead="jt")
    replied(d, suggestion, "jt")
    assert_refused(
        lambda: services.reply_to_assignment(
            part(suggestion, "jt"), actor=d["handlers"]["jt"], category="A", body="again", signed_by="局长"
        ),
        "state",
    )


def test_the_lead_unit_waits_for_co_unit_views_until_their_deadline(district):
    d = district
    suggestion = assigned(d, lead="jt", co=("zj",))
    lead_part, handler = part(suggestion, "jt"), d["handlers"]["jt"]
    services.record_contact(
        lead_part,
        actor=handler,
        contacted_on=date(2026, 2, 10),
        method="phone",
        summary="沟通",
        today=date(2026, 2, 10),
    )
    assert_refused(
        lambda: services.reply_to_assignment(
            lead_part, actor=handler, category="A", body="x", signed_by="局长", today=date(2026, 2, 10)
        ),
        "co_unit_pending",
    )
    # after the co-unit's month has passed, the lead may answer and the gap is shown
    reply = services.reply_to_assignment(
        lead_part, actor=handler, category="A", body="x", signed_by="局长", today=date(2026, 3, 3)
    )
    assert "区住房和城乡建设委员会" in reply.co_unit_opinions
    assert part(suggestion, "zj").status == "cancelled"  # no longer on the co-unit's to-do list


def test_a_co_unit_does_not_reply_to_the_deputy(district):
    d = district
    suggestion = assigned(d, lead="jt", co=("zj",))
    co_part = part(suggestion, "zj")
    assert_refused(
        lambda: services.reply_to_assignment(
            co_part, actor=d["handlers"]["zj"], category="A", body="x", signed_by="局长"
        ),
        "role",
    )


def test_a_return_only_within_the_window(district):
    d = district
    suggestion = assigned(d, lead="jt")  # assigned Monday 2 Feb 2026; 7 working days end 11 Feb
    lead_part, handler = part(suggestion, "jt"), d["handlers"]["jt"]
    assert_refused(
        lambda: services.request_reassignment(
            lead_part, actor=handler, reason="不属于本单位职责", today=date(2026, 2, 12)
        ),
        "window_closed",
    )
    request = services.request_reassignment(
        lead_part, actor=handler, reason="不属于本单位职责", suggested_unit=d["units"]["zj"], today=date(2026, 2, 11)
    )
    assert_refused(
        lambda: services.request_reassignment(lead_part, actor=handler, reason="again", today=date(2026, 2, 11)),
        "pending",
    )
    assert_refused(lambda: services.decide_reassignment(request, actor=d["staff"], approve=False), "note_required")
    services.decide_reassignment(
        request, actor=d["staff"], approve=True, new_unit=d["units"]["zj"], today=date(2026, 2, 12)
    )
    suggestion.refresh_from_db()
    assert part(suggestion, "jt").status == "returned"
    new_part = part(suggestion, "zj")
    assert (new_part.role, new_part.status, new_part.assigned_on) == ("lead", "assigned", date(2026, 2, 12))
    assert suggestion.status == "handling"


def test_an_extension_cannot_pass_the_legal_maximum(district):
    d = district
    suggestion = assigned(d, lead="jt")  # assigned 2 Feb 2026: nothing later than 2 Aug 2026
    lead_part, handler = part(suggestion, "jt"), d["handlers"]["jt"]
    assert_refused(
        lambda: services.request_extension(lead_part, actor=handler, due_on=date(2026, 8, 3), reason="工程量大"),
        "past_maximum",
    )
    assert_refused(
        lambda: services.request_extension(lead_part, actor=handler, due_on=date(2026, 7, 1), reason=" "),
        "reason_required",
    )
    assert_refused(
        lambda: services.request_extension(lead_part, actor=handler, due_on=date(2026, 4, 1), reason="x"), "not_later"
    )
    extension = services.request_extension(lead_part, actor=handler, due_on=date(2026, 8, 2), reason="需要招标")
    assert_refused(
        lambda: services.decide_extension(extension, actor=d["handlers"]["jt"], approve=True),
        exception=PermissionDenied,
    )
    services.decide_extension(extension, actor=d["staff"], approve=True)
    assert part(suggestion, "jt").due_on == date(2026, 8, 2)
    assert Extension.objects.get().decision == "approved"
    assert_refused(lambda: services.decide_extension(extension, actor=d["staff"], approve=True), "decided")


# --------------------------------------------------------------------------- rating


def test_only_the_lead_deputy_rates_and_only_once(district):
    d = district
    suggestion = assigned(d, lead="jt")
    reply = replied(d, suggestion, "jt")
    rating = dict(satisfaction="satisfied", attitude="good", approach="good", effect="good")
    assert_refused(lambda: services.evaluate_reply(reply, actor=d["other"].user, **rating), exception=PermissionDenied)
    assert_refused(
        lambda: services.evaluate_reply(reply, actor=d["cosigner"].user, **rating), exception=PermissionDenied
    )
    services.evaluate_reply(reply, actor=d["lead"].user, **rating)
    assert_refused(lambda: services.evaluate_reply(reply, actor=d["lead"].user, **rating), "already_rated")


def test_unsatisfied_needs_written_views(district):
    d = district
    reply = replied(d, assigned(d, lead="jt"), "jt")
    assert_refused(
        lambda: services.evaluate_reply(
            reply, actor=d["lead"].user, satisfaction="unsatisfied", attitude="poor", approach="poor", effect="poor"
        ),
        "views_required",
    )


def test_a_late_rating_counts_and_is_marked_late(district):
    d = district
    reply = replied(d, assigned(d, lead="jt"), "jt", day=date(2026, 3, 2))  # due 20 working days later
    evaluation = services.evaluate_reply(
        reply,
        actor=d["lead"].user,
        satisfaction="satisfied",
        attitude="good",
        approach="good",
        effect="good",
        today=date(2026, 5, 1),
    )
    assert evaluation.is_late


def test_withdrawn_or_closed_suggestions_refuse_further_work(district):
    d = district
    suggestion = assigned(d, lead="jt")
    services.withdraw_suggestion(suggestion, actor=d["lead"].user, reason="已解决")
    assert_refused(
        lambda: services.record_contact(
            part(suggestion, "jt"), actor=d["handlers"]["jt"], contacted_on=ASSIGNED, method="phone", summary="x"
        ),
        "state",
    )
    assert_refused(lambda: services.close_suggestion(suggestion, actor=d["staff"], note="x"), "state")
    assert_refused(lambda: services.withdraw_suggestion(suggestion, actor=d["lead"].user, reason="x"), "finished")


def test_key_supervision_needs_a_leader(district):
    d = district
    suggestion = assigned(d, lead="jt")
    assert_refused(
        lambda: services.put_under_key_supervision(suggestion, actor=d["staff"], leader=None, committee=d["committee"]),
        "leader_required",
    )
    assert_refused(
        lambda: services.put_under_key_supervision(
            suggestion, actor=d["staff"], leader=d["lead"].user, committee=d["committee"]
        ),
        "not_leader",
    )
    assert_refused(
        lambda: services.put_under_key_supervision(
            suggestion, actor=d["handlers"]["jt"], leader=d["leader"], committee=d["committee"]
        ),
        exception=PermissionDenied,
    )


def test_a_deputy_who_declined_may_be_asked_again(district):
    d = district
    suggestion = draft(d)
    services.invite_cosigners(suggestion, actor=d["lead"].user, deputies=[d["cosigner"]])
    services.respond_to_invitation(CoSignature.objects.get(), actor=d["cosigner"].user, confirm=False)
    assert services.invite_cosigners(suggestion, actor=d["lead"].user, deputies=[d["cosigner"]])
    signature = CoSignature.objects.get()
    assert signature.status == "invited" and signature.responded_at is None
    services.respond_to_invitation(signature, actor=d["cosigner"].user, confirm=True)
    assert CoSignature.objects.get().status == "confirmed"


# --------------------------------------------------------------------------- notifications in the reader's language


def test_an_english_speaking_office_sends_chinese_sms_and_each_reader_sees_their_own_language(district):
    d = district
    suggestion = accepted(d)
    with translation.override("en"):  # the acting staff member browses in English
        services.assign_suggestion(suggestion, actor=d["staff"], lead_unit=d["units"]["jt"], today=ASSIGNED)
    due = part(suggestion, "jt").due_on
    sms = Delivery.objects.get(channel=Delivery.Channel.SMS, address=d["handlers"]["jt"].phone)
    assert sms.body.startswith(f"第{suggestion.number}号建议已交由你单位办理\n{suggestion.title}\n请于")
    assert "2026年5月6日" in sms.body and due == date(2026, 5, 6)
    notification = Notification.objects.get(recipient=d["handlers"]["jt"])
    with translation.override("en"):
        assert notification.display_title == f"Suggestion {suggestion.number} assigned to you"
        assert notification.display_body.startswith(f"{suggestion.title}\nReply to the deputy by ")
    with translation.override("zh-hans"):
        assert notification.display_body.endswith("请于2026年5月6日前答复代表。")


def test_a_rating_label_is_shown_in_the_readers_language(district):
    d = district
    suggestion = assigned(d, lead="jt")
    reply = replied(d, suggestion, "jt")
    with translation.override("en"):
        services.evaluate_reply(reply, actor=d["lead"].user, satisfaction="basically_satisfied", attitude="good",
                                approach="good", effect="fair", today=date(2026, 3, 3))
    notification = Notification.objects.get(kind="suggestions.rated")
    assert notification.title.endswith("基本满意")  # the stored copy, in the office's language
    with translation.override("en"):
        assert notification.display_title.endswith(": Basically satisfied")


def test_a_return_cannot_be_approved_once_the_unit_has_answered(district):
    d = district
    suggestion = assigned(d, lead="jt")
    request = services.request_reassignment(part(suggestion, "jt"), actor=d["handlers"]["jt"], reason="非本单位职责",
                                            today=date(2026, 2, 3))
    replied(d, suggestion, "jt", day=date(2026, 2, 4))
    assert_refused(lambda: services.decide_reassignment(request, actor=d["staff"], approve=True,
                                                        new_unit=d["units"]["jw"], today=date(2026, 2, 5)), "state")
