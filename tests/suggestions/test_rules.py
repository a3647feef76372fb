"""Deadline arithmetic of suggestions (domain.md rules 1–6, 12), with the office's settings."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from suggestions import rules, services
from suggestions.models import Assignment, Commitment, CoSignature, Reply, Suggestion
from tests.suggestions.conftest import SESSION_START, accepted, assigned, draft, part, replied, submitted

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("assigned_on", "due"), [
    (date(2026, 2, 2), date(2026, 5, 6)),    # 2 May is in the May Day holiday: the next working day
    (date(2026, 1, 30), date(2026, 4, 30)),  # a Thursday, kept
    (date(2025, 11, 30), date(2026, 2, 28)),  # a Saturday, but a make-up working day for Spring Festival
    (date(2026, 8, 22), date(2026, 11, 23)),  # 22 Nov is a Sunday
])
def test_reply_due_three_months_after_assignment(assigned_on, due):
    assert rules.reply_due_on(assigned_on) == due


def test_due_dates_may_stay_on_the_calendar_day(settings):
    settings.SUGGESTIONS_DUE_ON_WORKING_DAY = False
    assert rules.reply_due_on(date(2026, 2, 2)) == date(2026, 5, 2)


def test_local_rules_change_the_lengths(settings):
    settings.SUGGESTIONS_REPLY_MONTHS = 2
    settings.SUGGESTIONS_REHANDLE_MONTHS = 2  # Chongqing-style re-handling
    assert rules.reply_due_on(date(2026, 3, 2)) == date(2026, 5, 6)  # 2 May → after the holiday
    assert rules.rehandle_due_on(date(2026, 3, 10)) == date(2026, 5, 11)  # 10 May is a Sunday


def test_the_legal_maximum_is_six_months_after_assignment():
    assert rules.latest_due_on(date(2026, 2, 28)) == date(2026, 8, 28)
    assert rules.latest_due_on(date(2026, 8, 31)) == date(2027, 2, 28)


def test_working_day_windows_skip_holidays():
    assert rules.assign_by(date(2026, 9, 28)) == date(2026, 10, 10)          # 5 working days across National Day
    # 7 working days from 29 Sep: 30 Sep, 8, 9, 10 (a make-up Saturday), 12, 13, 14 Oct
    assert rules.return_window_ends(date(2026, 9, 29)) == date(2026, 10, 14)
    assert rules.rating_due_on(date(2026, 12, 1)) == date(2026, 12, 29)       # 20 working days


# --------------------------------------------------------------------------- who may act


def refused(verdict, code, *, forbidden=False):
    """A refusal says why (a non-empty translated reason) with a stable code, and raises the right error."""
    assert not verdict, "the predicate allowed what it must refuse"
    assert verdict.code == code and verdict.reason.strip(), verdict
    assert verdict.forbidden is forbidden
    with pytest.raises(PermissionDenied if forbidden else ValidationError) as error:
        verdict.enforce()
    assert verdict.reason in error.value.messages if not forbidden else str(error.value) == verdict.reason
    return verdict


def test_the_review_predicates_refuse_other_roles_and_reviewed_suggestions(district):
    d = district
    suggestion = submitted(d)
    for predicate in (rules.can_accept, rules.can_reject, rules.can_mark_reference):
        refused(predicate(d["leader"], suggestion), "permission_denied", forbidden=True)
        assert predicate(d["staff"], suggestion)
    suggestion = services.accept_suggestion(suggestion, actor=d["staff"])
    for predicate in (rules.can_accept, rules.can_reject, rules.can_mark_reference):
        refused(predicate(d["staff"], suggestion), "reviewed")


def test_assigning_closing_merging_and_supervising_need_the_office_and_the_right_state(district):
    d = district
    waiting, handled, fresh = accepted(d), assigned(d), submitted(d)
    refused(rules.can_assign(d["handlers"]["jt"], waiting), "permission_denied", forbidden=True)
    assert rules.can_assign(d["staff"], waiting)
    refused(rules.can_assign(d["staff"], handled), "state")
    refused(rules.can_close(d["lead"].user, handled), "permission_denied", forbidden=True)
    refused(rules.can_close(d["staff"], fresh), "state")
    assert rules.can_close(d["staff"], handled)
    refused(rules.can_merge(d["staff"], fresh), "state")
    refused(rules.can_unmerge(d["staff"], handled), "not_merged")
    refused(rules.can_supervise(d["lead"].user, handled), "permission_denied", forbidden=True)
    refused(rules.can_supervise(d["staff"], fresh), "state")
    services.put_under_key_supervision(handled, actor=d["staff"], leader=d["leader"], committee=d["committee"])
    refused(rules.can_supervise(d["leader"], handled), "already_key")


def test_the_deputys_predicates(district):
    d = district
    mine = draft(d)
    services.invite_cosigners(mine, actor=d["lead"].user, deputies=[d["cosigner"]])
    refused(rules.can_edit_draft(d["other"].user, mine), "permission_denied", forbidden=True)
    refused(rules.can_submit(d["lead"].user, mine, SESSION_START), "cosigners_pending")
    signature = mine.cosignatures.get()
    refused(rules.can_respond_to_invitation(d["other"].user, signature), "permission_denied", forbidden=True)
    services.respond_to_invitation(signature, actor=d["cosigner"].user, confirm=True)
    refused(rules.can_respond_to_invitation(d["cosigner"].user, CoSignature.objects.get()), "answered")
    refused(rules.can_withdraw_invitation(d["lead"].user, CoSignature.objects.get()), "answered")
    assert rules.can_submit(d["lead"].user, mine, SESSION_START)
    mine = services.submit_suggestion(mine, actor=d["lead"].user, today=SESSION_START)
    refused(rules.can_submit(d["lead"].user, mine), "not_draft")
    refused(rules.can_edit_draft(d["lead"].user, mine), "not_draft")
    refused(rules.can_invite_cosigners(d["lead"].user, mine), "not_draft")
    refused(rules.can_withdraw(d["cosigner"].user, mine), "permission_denied", forbidden=True)
    mine = services.withdraw_suggestion(mine, actor=d["lead"].user, reason="问题已解决")
    refused(rules.can_withdraw(d["lead"].user, mine), "finished")
    refused(rules.can_draft(d["staff"]), "permission_denied", forbidden=True)
    assert rules.can_draft(d["lead"].user)


def test_the_units_predicates(district):
    d = district
    suggestion = assigned(d, lead="jt", co=("zj",))
    lead, co = part(suggestion, "jt"), part(suggestion, "zj")
    jt = d["handlers"]["jt"]
    refused(rules.can_reply(d["handlers"]["zj"], lead), "permission_denied", forbidden=True)
    refused(rules.can_reply(d["handlers"]["zj"], co), "role")
    refused(rules.can_reply(jt, lead), "contact_required")
    refused(rules.can_send_opinion(jt, lead), "role")
    refused(rules.can_request_extension(d["handlers"]["zj"], co), "state")
    refused(rules.can_request_reassignment(jt, lead, date(2026, 3, 2)), "window_closed")
    refused(rules.can_set_responsible_person(d["handlers"]["jw"], lead), "permission_denied", forbidden=True)
    services.request_reassignment(lead, actor=jt, reason="非本单位职责", today=date(2026, 2, 3))
    refused(rules.can_request_reassignment(jt, lead, date(2026, 2, 3)), "pending")
    services.request_extension(lead, actor=jt, due_on=date(2026, 6, 30), reason="需协调")
    refused(rules.can_request_extension(jt, lead), "pending")
    request = lead.reassignment_requests.get()
    refused(rules.can_decide_request(jt, request), "permission_denied", forbidden=True)
    services.decide_reassignment(request, actor=d["staff"], approve=False, note="属于本单位职责")
    request.refresh_from_db()
    refused(rules.can_decide_request(d["staff"], request), "decided")
    services.send_co_unit_opinion(co, actor=d["handlers"]["zj"], opinion="同意")
    refused(rules.can_send_opinion(d["handlers"]["zj"], Assignment.objects.get(pk=co.pk)), "state")
    reply = replied(d, suggestion, "jt", category="B", commitments=[("年底前建成", date(2026, 12, 31))])
    lead.refresh_from_db()
    refused(rules.can_reply(jt, lead), "state")
    refused(rules.can_evaluate(d["cosigner"].user, reply), "permission_denied", forbidden=True)
    assert rules.can_evaluate(d["lead"].user, reply)
    services.evaluate_reply(reply, actor=d["lead"].user, satisfaction="satisfied", attitude="good",
                            approach="good", effect="good", today=date(2026, 3, 3))
    refused(rules.can_evaluate(d["lead"].user, Reply.objects.get(pk=reply.pk)), "already_rated")
    commitment = reply.commitments.get()
    refused(rules.can_resolve_commitment(d["lead"].user, commitment), "permission_denied", forbidden=True)
    assert rules.can_resolve_commitment(jt, commitment) and rules.can_resolve_commitment(d["staff"], commitment)
    services.resolve_commitment(commitment, actor=jt, fulfilled=True, resolution="已建成")
    refused(rules.can_resolve_commitment(d["staff"], Commitment.objects.get(pk=commitment.pk)), "state")
    lead.refresh_from_db()
    refused(rules.can_record_contact(jt, lead), "state")


def test_a_service_refuses_with_its_predicates_reason(district):
    d = district
    fresh = submitted(d)
    verdict = rules.can_close(d["staff"], fresh)
    with pytest.raises(ValidationError) as error:
        services.close_suggestion(fresh, actor=d["staff"], note="重复")
    assert error.value.messages == [verdict.reason] and error.value.code == verdict.code == "state"
    with pytest.raises(PermissionDenied) as denied:
        services.close_suggestion(fresh, actor=d["leader"], note="重复")
    assert str(denied.value) == rules.can_close(d["leader"], fresh).reason


# --------------------------------------------------------------------------- overdue


def test_overdue_counts_only_answering_parts_still_open_past_their_deadline(district):
    d = district
    today = date(2026, 9, 1)
    lead_and_co = assigned(d, lead="jt", co=("zj",))                # lead open: overdue; co-unit: never
    separate = assigned(d, separate=("jt", "zj"))                   # jt answered (late): no; zj open: overdue
    replied(d, separate, "jt", day=date(2026, 8, 3))
    recent = assigned(d, lead="jt", day=date(2026, 8, 20))           # not yet due
    rehandled = assigned(d, lead="zj")                               # re-handling past its new date: overdue
    reply = replied(d, rehandled, "zj")
    services.evaluate_reply(reply, actor=d["lead"].user, satisfaction="unsatisfied", attitude="poor",
                            approach="poor", effect="poor", comment="未解决", today=date(2026, 3, 3))
    returned = assigned(d, lead="jw", day=date(2026, 8, 31))
    request = services.request_reassignment(part(returned, "jw"), actor=d["handlers"]["jw"], reason="非本单位",
                                            today=date(2026, 8, 31))
    services.decide_reassignment(request, actor=d["staff"], approve=True, today=date(2026, 8, 31))
    Assignment.objects.filter(pk=part(returned, "jw").pk).update(due_on=date(2026, 8, 31))  # long past, but returned

    overdue = set(Assignment.objects.overdue(today).values_list("suggestion_id", "unit__code"))
    assert overdue == {(lead_and_co.pk, "jt"), (separate.pk, "zj"), (rehandled.pk, "zj")}
    assert set(Suggestion.objects.overdue(today).values_list("pk", flat=True)) == {
        lead_and_co.pk, separate.pk, rehandled.pk}
    for assignment in Assignment.objects.all():  # the row's predicate agrees with the queryset
        assert assignment.is_overdue(today) == ((assignment.suggestion_id, assignment.unit.code) in overdue)
    assert recent.pk not in set(Suggestion.objects.overdue(today).values_list("pk", flat=True))


def test_pending_requests_are_found_on_parts_and_suggestions(district):
    d = district
    suggestion, other = assigned(d, lead="jt"), assigned(d, lead="zj")
    services.request_extension(part(suggestion, "jt"), actor=d["handlers"]["jt"], due_on=date(2026, 6, 30),
                               reason="需协调")
    assert list(Suggestion.objects.with_pending_request().values_list("pk", flat=True)) == [suggestion.pk]
    assert list(Assignment.objects.with_pending_request().values_list("suggestion_id", flat=True)) == [suggestion.pk]
    services.decide_extension(part(suggestion, "jt").extensions.get(), actor=d["staff"], approve=True)
    assert not Suggestion.objects.with_pending_request().exists()
    assert other.pk not in Suggestion.objects.with_pending_request().values_list("pk", flat=True)
