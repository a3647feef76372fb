"""Duty points transitions (domain.md §4, rules 24–26): attendance, self-reported duties and
their verification, adjustments with a second person, the nightly totals, and the points notice
from publication to its final approval. Each is one atomic function, audited."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from congress import audit, locking
from congress.bounds import ASCII_DECIMAL
from congress.notifications import notify
from congress.texts import Text
from deputies import rules
from deputies.duties import record_duty, reverse_duty
from deputies.models import (
    Band,
    Deputy,
    DutyRecord,
    MeetingAttendance,
    PointRule,
    PointsFollowUp,
    PointsNotice,
    PointsNoticeEntry,
    PointsObjection,
    PointsSummary,
)
from deputies.selectors import yearly_ranking

MAX_TEXT = 500


def refuse(message, code, field=None):
    if field:
        raise ValidationError({field: ValidationError(message, code=code)})
    raise ValidationError(message, code=code)


def _text(value: str, field: str, *, required: bool = False, limit: int = MAX_TEXT) -> str:
    value = (value or "").strip()
    if required and not value:
        refuse(_("This field is required."), "required", field)
    if len(value) > limit:
        refuse(_("Keep it under %(limit)s characters.") % {"limit": limit}, "too_long", field)
    return value


def _check_date(value: date, field: str = "occurred_on", today=None) -> date:
    today = today or timezone.localdate()
    if value is None:
        refuse(_("Give the date."), "required", field)
    if value > today:
        refuse(_("A duty cannot be dated in the future."), "future", field)
    if value.year < today.year - 1:
        refuse(_("Only this year's and last year's duties can be recorded."), "too_old", field)
    return value


# --------------------------------------------------------------------------- the point table


def change_point_rule(rule, *, actor, name: str, category: str, points, yearly_cap, mode: str) -> PointRule:
    """Edit one item of a year's table, only while no record was given its points (a record keeps
    the points it was given, rule 24: change next year's table instead)."""
    with transaction.atomic():
        rule = locking.lock(PointRule.objects.all(), rule.pk)
        rules.can_edit_rule(actor, rule).enforce()
        rule.name, rule.category, rule.points, rule.yearly_cap, rule.mode = name, category, points, yearly_cap, mode
        rule.full_clean()
        rule.save(update_fields=["name", "category", "points", "yearly_cap", "mode"])
        audit.record(rule, "deputies.pointrule.changed", actor=actor, points=str(rule.points))
    return rule


# --------------------------------------------------------------------------- attendance


def set_attendance(meeting, deputy, status: str, *, actor) -> MeetingAttendance:
    """签到: record (or correct) one deputy's attendance at a meeting. A correction reverses the
    record of the former status and records the new one, so the total follows (rule 24)."""
    if status not in MeetingAttendance.Status.values:
        refuse(_("Choose an attendance."), "invalid", "status")
    rules.can_record_attendance(actor, meeting).enforce()
    with transaction.atomic():
        attendance, created = MeetingAttendance.objects.select_for_update().get_or_create(
            meeting=meeting, deputy=deputy, defaults={"status": status, "recorded_by": actor})
        if not created and attendance.status != status:
            reverse_duty(source=attendance, deputy=deputy, actor=actor, reason="attendance corrected")
            attendance.status = status
            attendance.recorded_by = actor
            attendance.save(update_fields=["status", "recorded_by", "recorded_at"])
        # the session's first day dates the duty: its year picks the table
        record_duty(deputy, item=attendance.item, source=attendance, occurred_on=meeting.starts_on, actor=actor)
        audit.record(attendance, "deputies.attendance.recorded", actor=actor, status=status)
    return attendance


# --------------------------------------------------------------------------- self-reported duties


def report_duty(deputy, *, actor, item: str, occurred_on: date, description: str, evidence=None,
                today=None) -> DutyRecord:
    """A deputy reports a duty with evidence; it counts only once the office verifies it (rule 24)."""
    rules.can_report_duty(actor, deputy).enforce()
    description = _text(description, "description", required=True)
    occurred_on = _check_date(occurred_on, today=today)
    rule = PointRule.objects.filter(year=occurred_on.year, item=item, mode=PointRule.Mode.SELF_REPORTED).first()
    if rule is None:
        refuse(_("This item cannot be reported for that year."), "unknown_item", "item")
    with transaction.atomic():
        record = DutyRecord.objects.create(
            deputy=deputy, rule=rule, item=rule.item, category=rule.category, year=occurred_on.year,
            occurred_on=occurred_on, points=rule.points, origin=DutyRecord.Origin.SELF_REPORTED,
            status=DutyRecord.Status.PENDING, description=description, created_by=actor,
            **({"evidence": evidence} if evidence else {}))
        audit.record(record, "deputies.dutyrecord.reported", actor=actor, note=description, item=rule.item)
    return record


def verify_record(record, *, actor) -> DutyRecord:
    """The office checks the evidence: the record now counts."""
    with transaction.atomic():
        record = locking.lock(DutyRecord.objects.select_related("deputy"), record.pk)
        rules.can_verify(actor, record).enforce()
        record.status = DutyRecord.Status.COUNTED
        record.decided_by, record.decided_at = actor, timezone.now()
        record.save(update_fields=["status", "decided_by", "decided_at"])
        audit.record(record, "deputies.dutyrecord.verified", actor=actor)
        if record.deputy.user_id:
            notify(record.deputy.user, "deputies.duty_verified",
                   Text(gettext_noop("Your reported duty of %(date)s was verified"), date=record.occurred_on),
                   url="/portal/deputies/points/", channels=())
    return record


def return_record(record, *, actor, reason: str) -> DutyRecord:
    """The office returns a report with a reason; the deputy may report it again with better evidence."""
    reason = _text(reason, "reason", required=True)
    with transaction.atomic():
        record = locking.lock(DutyRecord.objects.select_related("deputy"), record.pk)
        rules.can_verify(actor, record).enforce()
        record.status = DutyRecord.Status.RETURNED
        record.return_reason = reason
        record.decided_by, record.decided_at = actor, timezone.now()
        record.save(update_fields=["status", "return_reason", "decided_by", "decided_at"])
        audit.record(record, "deputies.dutyrecord.returned", actor=actor, note=reason)
        if record.deputy.user_id:
            notify(record.deputy.user, "deputies.duty_returned",
                   Text(gettext_noop("Your reported duty of %(date)s was returned"), date=record.occurred_on),
                   body=reason, url="/portal/deputies/points/", channels=())
    return record


# --------------------------------------------------------------------------- adjustments


def request_adjustment(deputy, *, actor, points, reason: str, occurred_on: date | None = None) -> DutyRecord:
    """A manual adjustment: a reason, and it waits for a second person's approval (rule 24)."""
    rules.can_request_adjustment(actor).enforce()
    reason = _text(reason, "reason", required=True)
    try:
        text = str(points).strip()
        if not ASCII_DECIMAL.fullmatch(text):  # Decimal() reads Arabic-Indic digits; a sheet or form should not
            raise ValueError(text)
        points = Decimal(text)
    except (InvalidOperation, ValueError):
        refuse(_("Give the points as a number."), "invalid", "points")
    if not points.is_finite() or points == 0 or abs(points) > 100 or points != points.quantize(Decimal("0.1")):
        refuse(_("Give between -100 and 100 points, not 0, to one decimal."), "invalid", "points")
    occurred_on = _check_date(occurred_on or timezone.localdate())
    rule = PointRule.objects.filter(year=occurred_on.year, item="adjustment").first()
    if rule is None:
        refuse(_("That year's point table has no adjustment item."), "unknown_item", "occurred_on")
    with transaction.atomic():
        record = DutyRecord.objects.create(
            deputy=deputy, rule=rule, item=rule.item, category=rule.category, year=occurred_on.year,
            occurred_on=occurred_on, points=points, origin=DutyRecord.Origin.ADJUSTMENT,
            status=DutyRecord.Status.PENDING, note=reason, created_by=actor)
        audit.record(record, "deputies.dutyrecord.adjustment_requested", actor=actor, note=reason,
                     points=str(points))
    return record


def approve_adjustment(record, *, actor) -> DutyRecord:
    with transaction.atomic():
        record = locking.lock(DutyRecord.objects.all(), record.pk)
        rules.can_approve_adjustment(actor, record).enforce()
        record.status = DutyRecord.Status.COUNTED
        record.decided_by, record.decided_at = actor, timezone.now()
        record.save(update_fields=["status", "decided_by", "decided_at"])
        audit.record(record, "deputies.dutyrecord.adjustment_approved", actor=actor)
    return record


def reject_adjustment(record, *, actor, reason: str) -> DutyRecord:
    reason = _text(reason, "reason", required=True)
    with transaction.atomic():
        record = locking.lock(DutyRecord.objects.all(), record.pk)
        rules.can_approve_adjustment(actor, record).enforce()
        record.status = DutyRecord.Status.RETURNED
        record.return_reason = reason
        record.decided_by, record.decided_at = actor, timezone.now()
        record.save(update_fields=["status", "return_reason", "decided_by", "decided_at"])
        audit.record(record, "deputies.dutyrecord.adjustment_rejected", actor=actor, note=reason)
    return record


# --------------------------------------------------------------------------- totals


def refresh_totals(year: int) -> int:
    """Nightly: the year's ranking, computed in the database, into summary rows (one upsert)."""
    standings = yearly_ranking(year)
    with transaction.atomic():
        PointsSummary.objects.filter(year=year).exclude(deputy_id__in=[s.deputy_id for s in standings]).delete()
        PointsSummary.objects.bulk_create(
            [PointsSummary(deputy_id=s.deputy_id, year=year, total=s.total, rank=s.rank, band=s.band,
                           by_category=s.by_category) for s in standings],
            update_conflicts=True, unique_fields=["deputy", "year"],
            update_fields=["total", "rank", "band", "by_category", "computed_at"], batch_size=2000)
    return len(standings)


# --------------------------------------------------------------------------- points notices (rule 25)


def create_notice(*, actor, year: int, period: str, as_of: date | None = None) -> PointsNotice:
    rules.can_manage_notice(actor).enforce()
    if period not in PointsNotice.Period.values:
        refuse(_("Choose a period."), "invalid", "period")
    ends = {"q1": date(year, 3, 31), "q2": date(year, 6, 30), "q3": date(year, 9, 30), "year": date(year, 12, 31)}
    as_of = as_of or ends[period]
    if as_of.year != year:
        refuse(_("The date must fall in the notice's year."), "invalid", "as_of")
    with transaction.atomic():
        if PointsNotice.objects.filter(year=year, period=period).exists():
            refuse(_("There is already a notice for this period."), "duplicate", "period")
        notice = PointsNotice.objects.create(year=year, period=period, as_of=as_of, created_by=actor)
        audit.record(notice, "deputies.pointsnotice.created", actor=actor, year=year, period=period)
    return notice


def publish_notice(notice, *, actor, objection_days: int | None = None, today=None) -> PointsNotice:
    """公示: freeze the snapshot and open the objection period (错重漏, rule 25). The lines are
    copied now; records made later never change them (the database refuses)."""
    today = today or timezone.localdate()
    days = settings.DEPUTIES_OBJECTION_DAYS if objection_days is None else objection_days
    if not 1 <= days <= 60:
        refuse(_("The objection period lasts 1 to 60 days."), "invalid", "objection_days")
    with transaction.atomic():
        notice = locking.lock(PointsNotice.objects.all(), notice.pk)
        rules.can_publish_notice(actor, notice).enforce()
        standings = yearly_ranking(notice.year, as_of=notice.as_of)
        PointsNoticeEntry.objects.bulk_create([
            PointsNoticeEntry(notice=notice, deputy_id=s.deputy_id, deputy_name=s.name, delegation_name=s.delegation,
                              total=s.total, rank=s.rank, band=s.band, by_category=s.by_category)
            for s in standings], batch_size=2000)
        notice.status = PointsNotice.Status.PUBLISHED
        notice.published_at = timezone.now()
        notice.objections_until = today + timedelta(days=days)
        notice.save(update_fields=["status", "published_at", "objections_until"])
        audit.record(notice, "deputies.pointsnotice.published", actor=actor, lines=len(standings),
                     objections_until=notice.objections_until.isoformat())
        for deputy in Deputy.objects.filter(pk__in=[s.deputy_id for s in standings], user__isnull=False).select_related(
                "user"):
            notify(deputy.user, "deputies.notice_published",
                   Text(gettext_noop("Your duty points are published; objections until %(date)s"),
                        date=notice.objections_until),
                   url=f"/p/deputies/notices/{notice.slug}/", channels=())
    return notice


def object_to_notice(notice, *, entry_id, kind: str, reason: str, actor=None, public_name: str = "",
                     public_contact: str = "", client_hash: str = "", today=None) -> PointsObjection:
    """错重漏: anyone may point out an error, a duplicate or an omission during the period; a
    deputy from the portal, the public on the notice page (name and contact kept for staff), at
    most DEPUTIES_PUBLIC_OBJECTIONS_PER_HOUR an hour from one address (`client_hash`)."""
    if kind not in PointsObjection.Kind.values:
        refuse(_("Choose error, duplicate or omission."), "invalid", "kind")
    reason = _text(reason, "reason", required=True, limit=2000)
    public_name = _text(public_name, "public_name", limit=50)
    public_contact = _text(public_contact, "public_contact", limit=100)
    if client_hash and PointsObjection.objects.filter(
            client_hash=client_hash[:64], created_at__gte=timezone.now() - timedelta(hours=1)).count() >= (
            settings.DEPUTIES_PUBLIC_OBJECTIONS_PER_HOUR):
        refuse(_("Too many objections from your address; try again in an hour."), "rate_limited")
    with transaction.atomic():
        notice = locking.lock(PointsNotice.objects.all(), notice.pk)
        rules.can_object(actor, notice, today=today).enforce()
        entry = notice.entries.filter(pk=entry_id).first()
        if entry is None:
            refuse(_("Choose a line of this notice."), "invalid", "entry")
        user = actor if actor is not None and actor.is_authenticated else None
        if user is None and not public_name:
            refuse(_("Give your name."), "required", "public_name")
        objection = PointsObjection.objects.create(
            notice=notice, entry=entry, kind=kind, reason=reason, submitted_by=user,
            public_name=public_name, public_contact=public_contact, client_hash=client_hash[:64])
        audit.record(notice, "deputies.pointsnotice.objection", actor=user, note=reason, kind=kind,
                     deputy=entry.deputy_name)
    return objection


def answer_objection(objection, *, actor, upheld: bool, answer: str) -> PointsObjection:
    """Each objection gets a recorded answer. An upheld one is corrected in the records (by an
    adjustment or a reversal) and shows in the next notice: this one never changes."""
    answer = _text(answer, "answer", required=True, limit=2000)
    with transaction.atomic():
        notice, objection = locking.lock_parent_then_child(objection, "notice")
        rules.can_answer_objection(actor, objection).enforce()
        objection.status = PointsObjection.Status.UPHELD if upheld else PointsObjection.Status.DISMISSED
        objection.answer = answer
        objection.answered_by, objection.answered_at = actor, timezone.now()
        objection.save(update_fields=["status", "answer", "answered_by", "answered_at"])
        audit.record(notice, "deputies.pointsnotice.objection_answered", actor=actor, note=answer,
                     objection=objection.pk, upheld=upheld)
        if objection.submitted_by_id:
            notify(objection.submitted_by, "deputies.objection_answered",
                   Text(gettext_noop("Your objection to the points notice was answered")), body=answer,
                   url=f"/p/deputies/notices/{notice.slug}/", channels=())
    return objection


def approve_notice(notice, *, actor, note: str = "", today=None) -> PointsNotice:
    """主任会议 approval: the notice is final and can never change (rule 25). At year end the bands
    call for follow-ups for a person to act on; nothing is sanctioned automatically (rule 26)."""
    note = _text(note, "note", limit=300)
    with transaction.atomic():
        notice = locking.lock(PointsNotice.objects.all(), notice.pk)
        rules.can_approve_notice(actor, notice, today=today).enforce()
        notice.status = PointsNotice.Status.FINAL
        notice.approved_at = timezone.now()
        notice.approval_note = note
        notice.save(update_fields=["status", "approved_at", "approval_note"])
        audit.record(notice, "deputies.pointsnotice.approved", actor=actor, note=note)
        if notice.period == PointsNotice.Period.YEAR:
            _follow_ups(notice)
    return notice


def _follow_ups(notice) -> int:
    """差 → a talk (约谈) for staff; 差 two final years in a row → flagged for review; 好 → a
    re-nomination candidate (rule 26). Idempotent: one per (deputy, year, kind)."""
    entries = list(notice.entries.exclude(band=Band.FAIR))
    poor_last_year = set(PointsNoticeEntry.objects.filter(
        notice__year=notice.year - 1, notice__period=PointsNotice.Period.YEAR,
        notice__status=PointsNotice.Status.FINAL, band=Band.POOR).values_list("deputy_id", flat=True))
    wanted = []
    K = PointsFollowUp.Kind
    for entry in entries:
        if entry.band == Band.POOR:
            wanted.append(PointsFollowUp(deputy_id=entry.deputy_id, year=notice.year, kind=K.TALK, total=entry.total))
            if entry.deputy_id in poor_last_year:
                wanted.append(PointsFollowUp(deputy_id=entry.deputy_id, year=notice.year, kind=K.REVIEW,
                                             total=entry.total))
        else:
            wanted.append(PointsFollowUp(deputy_id=entry.deputy_id, year=notice.year, kind=K.RENOMINATION,
                                         total=entry.total))
    PointsFollowUp.objects.bulk_create(wanted, ignore_conflicts=True)
    return len(wanted)


def close_follow_up(follow_up, *, actor, outcome: str) -> PointsFollowUp:
    outcome = _text(outcome, "outcome", required=True)
    with transaction.atomic():
        follow_up = locking.lock(PointsFollowUp.objects.all(), follow_up.pk)
        rules.can_close_follow_up(actor, follow_up).enforce()
        follow_up.status = PointsFollowUp.Status.DONE
        follow_up.outcome = outcome
        follow_up.done_by = actor
        follow_up.save(update_fields=["status", "outcome", "done_by"])
        audit.record(follow_up, "deputies.followup.done", actor=actor, note=outcome)
    return follow_up
