"""Duty points: record_duty exactly once and reversed per source, versioned rules, caps,
deductions, co-signer value, verification, adjustments with a second person, bands (rules 24–26)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from congress import roles
from congress.models import Meeting
from deputies.duties import record_duty, reverse_duty
from deputies.models import DutyRecord, MeetingAttendance, PointRule, PointsSummary
from deputies.points_table import copy_table
from deputies.selectors import yearly_ranking
from deputies.services import points as services
from tests.conftest import make_user
from tests.congress.factories import MeetingFactory
from tests.deputies.factories import DeputyFactory, point_table

TODAY = timezone.localdate()
YEAR = TODAY.year


@pytest.fixture
def table(db):
    point_table(YEAR)
    point_table(YEAR - 1)


def total_of(deputy, year=YEAR):
    return next(s.total for s in yearly_ranking(year) if s.deputy_id == deputy.pk)


def test_record_duty_is_idempotent_and_reversible_per_source(table, deputy, staff_user):
    meeting = MeetingFactory(starts_on=TODAY, ends_on=TODAY)
    first = record_duty(deputy, item="oversight.activity", source=meeting, occurred_on=TODAY, actor=staff_user)
    again = record_duty(deputy, item="oversight.activity", source=meeting, occurred_on=TODAY, actor=staff_user)
    assert first.pk == again.pk and first.points == Decimal("3")
    assert DutyRecord.objects.count() == 1
    assert total_of(deputy) == 3
    other = MeetingFactory(starts_on=TODAY, ends_on=TODAY, number=99)
    record_duty(deputy, item="oversight.activity", source=other, occurred_on=TODAY)
    assert total_of(deputy) == 6
    assert reverse_duty(source=meeting, actor=staff_user, reason="cancelled") == 1
    assert total_of(deputy) == 3
    assert reverse_duty(source=meeting) == 0  # already reversed
    restored = record_duty(deputy, item="oversight.activity", source=meeting, occurred_on=TODAY)
    assert restored.pk == first.pk and restored.status == DutyRecord.Status.COUNTED
    assert total_of(deputy) == 6


def test_the_database_refuses_a_second_record_of_one_source(table, deputy):
    meeting = MeetingFactory(starts_on=TODAY, ends_on=TODAY)
    record = record_duty(deputy, item="oversight.activity", source=meeting, occurred_on=TODAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        DutyRecord.objects.create(deputy=deputy, rule=record.rule, item=record.item, category=record.category,
                                  year=YEAR, occurred_on=TODAY, points=3, source_type=record.source_type,
                                  source_id=record.source_id)
    assert DutyRecord.objects.count() == 1


def test_no_rule_no_record(db, deputy):
    meeting = MeetingFactory(starts_on=TODAY, ends_on=TODAY)
    assert record_duty(deputy, item="oversight.activity", source=meeting, occurred_on=TODAY) is None
    assert not DutyRecord.objects.exists()


def test_rules_are_versioned_per_year_and_a_record_keeps_its_points(table, deputy, staff_user):
    meeting = MeetingFactory(starts_on=TODAY, ends_on=TODAY)
    record = record_duty(deputy, item="oversight.activity", source=meeting, occurred_on=TODAY)
    assert copy_table(YEAR, YEAR + 1) == PointRule.objects.filter(year=YEAR).count()
    PointRule.objects.filter(year=YEAR + 1, item="oversight.activity").update(points=5)
    record.refresh_from_db()
    assert record.points == 3 and total_of(deputy) == 3
    # this year's rule already gave points: the editor refuses to change it
    from deputies import rules

    assert not rules.can_edit_rule(staff_user, record.rule)
    assert rules.can_edit_rule(staff_user, PointRule.objects.get(year=YEAR + 1, item="oversight.activity"))
    # the record's points stay even if someone changes the rule row
    PointRule.objects.filter(pk=record.rule_id).update(points=9)
    assert total_of(deputy) == 3


def test_a_yearly_cap_is_applied_in_the_database(table, deputy):
    meetings = [MeetingFactory(starts_on=TODAY, ends_on=TODAY, number=n) for n in range(1, 8)]
    for meeting in meetings:  # 7 public-welfare activities × 2 = 14, capped at 10
        record_duty(deputy, item="public_welfare", source=meeting, occurred_on=TODAY)
    record_duty(deputy, item="oversight.activity", source=meetings[0], occurred_on=TODAY)
    standing = next(s for s in yearly_ranking(YEAR) if s.deputy_id == deputy.pk)
    assert standing.total == 13
    assert Decimal(str(standing.by_category["activities"])) == 13


def test_attendance_deductions_and_a_correction_follows(table, deputy, staff_user):
    session = MeetingFactory(kind=Meeting.Kind.CONGRESS_SESSION, starts_on=TODAY, ends_on=TODAY)
    services.set_attendance(session, deputy, MeetingAttendance.Status.ABSENT, actor=staff_user)
    assert total_of(deputy) == -30
    services.set_attendance(session, deputy, MeetingAttendance.Status.ON_LEAVE, actor=staff_user)
    assert total_of(deputy) == -10
    services.set_attendance(session, deputy, MeetingAttendance.Status.HALF_DAY_LEAVE, actor=staff_user)
    assert total_of(deputy) == -1
    assert DutyRecord.objects.filter(status=DutyRecord.Status.COUNTED).count() == 1
    with pytest.raises(PermissionDenied):
        services.set_attendance(session, deputy, MeetingAttendance.Status.PRESENT, actor=make_user(roles.DEPUTY))
    assert MeetingAttendance.objects.get().status == MeetingAttendance.Status.HALF_DAY_LEAVE


def test_a_co_signer_earns_less_than_the_lead_when_the_suggestion_is_accepted(table, staff_user):
    from suggestions import services as suggestion_services
    from tests.suggestions.factories import CategoryFactory, DraftFactory

    lead = DeputyFactory(user=make_user(roles.DEPUTY, username="lead"))
    cosigner = DeputyFactory(term=lead.term, user=make_user(roles.DEPUTY, username="co"))
    declined = DeputyFactory(term=lead.term, user=make_user(roles.DEPUTY, username="no"))
    draft = DraftFactory(term=lead.term, lead_deputy=lead, category=CategoryFactory())
    suggestion_services.invite_cosigners(draft, actor=lead.user, deputies=[cosigner, declined])
    for signer, confirm in ((cosigner, True), (declined, False)):
        invitation = draft.cosignatures.get(deputy=signer)
        suggestion_services.respond_to_invitation(invitation, actor=signer.user, confirm=confirm)
    submitted = suggestion_services.submit_suggestion(draft, actor=lead.user)
    suggestion_services.accept_suggestion(submitted, actor=staff_user)
    assert total_of(lead) == 3
    assert total_of(cosigner) == 1
    assert total_of(declined) == 0
    assert DutyRecord.objects.filter(source_id=submitted.pk).count() == 2


def test_a_self_reported_duty_counts_only_once_verified(table, deputy, deputy_user, staff_user):
    record = services.report_duty(deputy, actor=deputy_user, item="training", occurred_on=TODAY,
                                  description="参加履职培训")
    assert record.status == DutyRecord.Status.PENDING and total_of(deputy) == 0
    with pytest.raises(PermissionDenied):
        services.verify_record(record, actor=deputy_user)
    services.verify_record(record, actor=staff_user)
    assert total_of(deputy) == 2
    with pytest.raises(ValidationError):
        services.verify_record(record, actor=staff_user)
    second = services.report_duty(deputy, actor=deputy_user, item="training", occurred_on=TODAY, description="x")
    with pytest.raises(ValidationError):
        services.return_record(second, actor=staff_user, reason="  ")
    services.return_record(second, actor=staff_user, reason="没有照片")
    second.refresh_from_db()
    assert second.status == DutyRecord.Status.RETURNED and total_of(deputy) == 2


@pytest.mark.parametrize("kwargs, code", [
    ({"item": "oversight.activity"}, "unknown_item"),  # automatic items are not self-reported
    ({"occurred_on": TODAY + timedelta(days=1)}, "future"),
    ({"occurred_on": date(9999, 12, 31)}, "future"),
    ({"occurred_on": date(YEAR - 3, 1, 1)}, "too_old"),
    ({"description": "长" * 501}, "too_long"),
    ({"description": ""}, "required"),
])
def test_a_report_is_refused_with_a_reason(table, deputy, deputy_user, kwargs, code):
    values = {"item": "training", "occurred_on": TODAY, "description": "培训", **kwargs}
    with pytest.raises(ValidationError) as refused:
        services.report_duty(deputy, actor=deputy_user, **values)
    codes = [error.code for errors in refused.value.error_dict.values() for error in errors]
    assert codes == [code]
    assert not DutyRecord.objects.exists()


def test_a_deputy_reports_only_their_own_duties(table, deputy, deputy_user):
    other = DeputyFactory()
    with pytest.raises(PermissionDenied):
        services.report_duty(other, actor=deputy_user, item="training", occurred_on=TODAY, description="x")
    assert not DutyRecord.objects.exists()


def test_an_adjustment_needs_a_reason_and_a_second_person(table, deputy, staff_user):
    with pytest.raises(ValidationError):
        services.request_adjustment(deputy, actor=staff_user, points=5, reason="")
    adjustment = services.request_adjustment(deputy, actor=staff_user, points="-2.5", reason="重复计分更正")
    assert total_of(deputy) == 0
    with pytest.raises(ValidationError):
        services.approve_adjustment(adjustment, actor=staff_user)
    second = make_user(roles.STAFF, username="staff2")
    services.approve_adjustment(adjustment, actor=second)
    assert total_of(deputy) == Decimal("-2.5")
    # the database itself refuses a self-approved adjustment
    with pytest.raises(IntegrityError), transaction.atomic():
        DutyRecord.objects.filter(pk=adjustment.pk).update(decided_by=staff_user)


@pytest.mark.parametrize("points", ["abc", "NaN", "Infinity", "1e9", "0", "0.05", "١٠"])
def test_an_adjustment_with_odd_points_is_refused(table, deputy, staff_user, points):
    with pytest.raises(ValidationError):
        services.request_adjustment(deputy, actor=staff_user, points=points, reason="更正")
    assert not DutyRecord.objects.exists()


def test_ranking_bands_and_the_nightly_summary(table, settings):
    deputies = [DeputyFactory() for _ in range(3)]
    meetings = [MeetingFactory(starts_on=TODAY, ends_on=TODAY, number=n) for n in range(1, 31)]
    for deputy, count in zip(deputies, (30, 22, 5), strict=True):
        for meeting in meetings[:count]:
            record_duty(deputy, item="oversight.activity", source=meeting, occurred_on=TODAY)
    standings = {s.deputy_id: s for s in yearly_ranking(YEAR)}
    assert [standings[d.pk].band for d in deputies] == ["good", "fair", "poor"]
    assert [standings[d.pk].rank for d in deputies] == [1, 2, 3]
    assert services.refresh_totals(YEAR) == 3
    assert services.refresh_totals(YEAR) == 3  # idempotent: an upsert
    assert PointsSummary.objects.count() == 3
    assert PointsSummary.objects.get(deputy=deputies[0]).total == 90
    settings.DEPUTIES_BAND_GOOD = 95
    assert next(s for s in yearly_ranking(YEAR) if s.deputy_id == deputies[0].pk).band == "fair"
