"""Who may act on duty points, and when (domain.md rules 24–26). Services call these after locking;
pages and the API use the same predicates to decide which actions to show."""

from django.utils import timezone
from django.utils.translation import gettext as _

from congress.rules import Verdict, allow, deny, forbid
from deputies.models import DutyRecord, PointRule, PointsNotice, PointsObjection


def is_points_office(user) -> bool:
    """Office staff who keep the points (leaders read them only)."""
    return user.is_authenticated and user.has_perm("deputies.change_dutyrecord")


def deputy_of(user):
    from deputies.models import Deputy

    if not user.is_authenticated:
        return None
    return Deputy.objects.filter(user=user).first()


def can_edit_rule(user, rule: PointRule) -> Verdict:
    if not user.is_authenticated or not user.has_perm("deputies.change_pointrule"):
        return forbid(_("Only the office can edit the point table."))
    if DutyRecord.objects.filter(rule=rule).exists():
        return deny(_("Records were already given these points; change next year's table instead."), "rule_used")
    return allow()


def can_record_attendance(user, meeting=None) -> Verdict:
    if not is_points_office(user):
        return forbid(_("Only the office records attendance."))
    return allow()


def can_report_duty(user, deputy) -> Verdict:
    if deputy is None or deputy.user_id != user.pk:
        return forbid(_("Only a deputy reports their own duties."))
    return allow()


def can_verify(user, record: DutyRecord) -> Verdict:
    if not is_points_office(user):
        return forbid(_("Only the office verifies duty records."))
    if record.origin != DutyRecord.Origin.SELF_REPORTED:
        return deny(_("Only self-reported duties are verified."), "not_self_reported")
    if record.status != DutyRecord.Status.PENDING:
        return deny(_("This record was already decided."), "state")
    return allow()


def can_withdraw_report(user, record: DutyRecord) -> Verdict:
    if record.deputy.user_id != user.pk:
        return forbid(_("Only the deputy who reported it can withdraw it."))
    if record.origin != DutyRecord.Origin.SELF_REPORTED or record.status not in (
            DutyRecord.Status.PENDING, DutyRecord.Status.RETURNED):
        return deny(_("Only a report still awaiting verification, or returned, can be withdrawn."), "state")
    return allow()


def can_request_adjustment(user) -> Verdict:
    if not is_points_office(user):
        return forbid(_("Only the office adjusts points."))
    return allow()


def can_approve_adjustment(user, record: DutyRecord) -> Verdict:
    if not is_points_office(user):
        return forbid(_("Only the office approves adjustments."))
    if record.origin != DutyRecord.Origin.ADJUSTMENT or record.status != DutyRecord.Status.PENDING:
        return deny(_("This adjustment was already decided."), "state")
    if record.created_by_id == user.pk:
        return deny(_("An adjustment needs a second person: someone else must approve it."), "second_person")
    return allow()


def can_manage_notice(user) -> Verdict:
    if not user.is_authenticated or not user.has_perm("deputies.change_pointsnotice"):
        return forbid(_("Only the office manages points notices."))
    return allow()


def can_publish_notice(user, notice: PointsNotice) -> Verdict:
    verdict = can_manage_notice(user)
    if not verdict:
        return verdict
    if notice.status != PointsNotice.Status.DRAFT:
        return deny(_("This notice is already published."), "state")
    return allow()


def can_object(user, notice: PointsNotice, today=None) -> Verdict:
    today = today or timezone.localdate()
    if notice.status != PointsNotice.Status.PUBLISHED:
        return deny(_("This notice takes no objections: it is not open."), "state")
    if today > notice.objections_until:
        return deny(_("The objection period of this notice is over; corrections go into the next notice."),
                    "period_over")
    return allow()


def can_answer_objection(user, objection: PointsObjection) -> Verdict:
    verdict = can_manage_notice(user)
    if not verdict:
        return verdict
    if objection.notice.status != PointsNotice.Status.PUBLISHED:
        return deny(_("The notice is final: its objections can no longer be answered."), "state")
    if objection.status != PointsObjection.Status.OPEN:
        return deny(_("This objection was already answered."), "state")
    return allow()


def can_approve_notice(user, notice: PointsNotice, today=None) -> Verdict:
    today = today or timezone.localdate()
    verdict = can_manage_notice(user)
    if not verdict:
        return verdict
    if notice.status != PointsNotice.Status.PUBLISHED:
        return deny(_("Only a published notice can be approved."), "state")
    if today <= notice.objections_until:
        return deny(_("The objection period is still open."), "period_open")
    if notice.objections.filter(status=PointsObjection.Status.OPEN).exists():
        return deny(_("Answer every objection before the notice is approved."), "objections_open")
    return allow()


def can_close_follow_up(user, follow_up) -> Verdict:
    if not is_points_office(user):
        return forbid(_("Only the office records follow-ups."))
    if follow_up.status != follow_up.Status.OPEN:
        return deny(_("This follow-up is already done."), "state")
    return allow()
