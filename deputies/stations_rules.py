"""Who may act on stations' work, and the date maths of rules 27–29 (domain.md §5). No writes.

Each predicate returns a `congress.rules.Verdict`; services call it after locking, pages call it to
decide which actions to show.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from congress import roles
from congress.calendar import add_months
from congress.models import Unit
from congress.rules import Verdict, allow, deny, forbid
from deputies.models import Reception, ReportBack, ResidentIssue

RI = ResidentIssue


def is_office(user) -> bool:
    """Office staff act; leaders read (the staff pages' permission is not enough to act)."""
    return user.is_authenticated and (user.is_superuser or user.in_role(roles.STAFF))


def can_see_resident_contact(user) -> bool:
    """A resident's contact details are for office staff only (leaders included: they read all)."""
    return user.is_authenticated and user.has_perm("congress.access_staff_ui")


def keeps_station(user, station_id) -> bool:
    return bool(user.is_authenticated and station_id and user.station_id == station_id
                and user.in_role(roles.STATION_KEEPER))


def deputy_of(user):
    return getattr(user, "deputy", None) if user.is_authenticated else None


# --------------------------------------------------------------------------- receptions (rule 27)


def notice_days() -> int:
    return settings.DEPUTIES_STATION_NOTICE_DAYS


def earliest_reception_day(today: date | None = None) -> date:
    """Rule 27: a reception is announced at least N days before: the first day it may be held."""
    return (today or timezone.localdate()) + timedelta(days=notice_days())


def can_schedule_reception(user, station) -> Verdict:
    if not (is_office(user) or keeps_station(user, station.pk)):
        return forbid(_("Only the office or this station's keeper can schedule its receptions."))
    if not station.is_active:
        return deny(_("This station is closed."), "station_inactive")
    return allow()


def check_reception_start(starts_at, today: date | None = None) -> Verdict:
    earliest = earliest_reception_day(today)
    if timezone.localtime(starts_at).date() < earliest:
        return deny(_("A reception must be announced at least %(days)d days before it is held: choose %(date)s "
                      "or later.") % {"days": notice_days(), "date": earliest.isoformat()}, "notice_too_short")
    return allow()


def can_record_reception(user, reception) -> Verdict:
    if not (is_office(user) or keeps_station(user, reception.station_id)):
        return forbid(_("Only the office or this station's keeper can record its receptions."))
    if reception.status != Reception.Status.SCHEDULED:
        return deny(_("This reception is not awaiting its record."), "state")
    if reception.starts_at > timezone.now():
        return deny(_("A reception can be recorded once it has begun."), "not_started")
    return allow()


def can_cancel_reception(user, reception) -> Verdict:
    if not (is_office(user) or keeps_station(user, reception.station_id)):
        return forbid(_("Only the office or this station's keeper can cancel its receptions."))
    if reception.status != Reception.Status.SCHEDULED:
        return deny(_("Only a scheduled reception can be cancelled."), "state")
    return allow()


def can_raise_issue_at(user, reception) -> Verdict:
    if not (is_office(user) or keeps_station(user, reception.station_id)):
        return forbid(_("Only the office or this station's keeper can record what residents raised."))
    if reception.status == Reception.Status.CANCELLED:
        return deny(_("This reception was cancelled."), "state")
    return allow()


# --------------------------------------------------------------------------- resident issues (rule 28)


def default_issue_due(today: date | None = None) -> date:
    return add_months(today or timezone.localdate(), settings.RESIDENT_ISSUE_DUE_MONTHS)


def latest_issue_due(today: date | None = None) -> date:
    return add_months(today or timezone.localdate(), settings.RESIDENT_ISSUE_MAX_MONTHS)


def check_issue_due(due_on: date, today: date | None = None) -> Verdict:
    today = today or timezone.localdate()
    if due_on <= today:
        return deny(_("The due date must be after today."), "due_in_past")
    latest = latest_issue_due(today)
    if due_on > latest:
        return deny(_("A resident issue is due within %(months)d months at most: choose %(date)s or earlier.")
                    % {"months": settings.RESIDENT_ISSUE_MAX_MONTHS, "date": latest.isoformat()}, "due_too_late")
    return allow()


def can_route_issue(user, issue) -> Verdict:
    """The office (工委) or the station's keeper routes; deputies listen and record but do not settle
    cases themselves (domain.md §5)."""
    if not (is_office(user) or keeps_station(user, issue.station_id)):
        return forbid(_("Only the office or the station's keeper can route a resident issue."))
    if issue.status != RI.Status.NEW:
        return deny(_("This issue has already been routed."), "state")
    return allow()


def check_route_unit(route: str, unit) -> Verdict:
    if unit is None:
        return deny(_("Choose the body that will handle it."), "unit_required")
    if not unit.is_active:
        return deny(_("This unit is no longer active."), "unit_inactive")
    if route == RI.Route.SUBDISTRICT and unit.kind != Unit.Kind.SUBDISTRICT:
        return deny(_("Choose a sub-district or town."), "not_subdistrict")
    if route == RI.Route.UNIT and unit.kind == Unit.Kind.SUBDISTRICT:
        return deny(_("Choose a district unit, not a sub-district."), "not_district_unit")
    return allow()


def can_convert_issue(user, issue) -> Verdict:
    """A deputy turns an issue addressed to them (or raised at their shift) into a draft suggestion."""
    deputy = deputy_of(user)
    if deputy is None:
        return forbid(_("Only a deputy can turn a resident issue into a suggestion."))
    on_shift = issue.reception_id and issue.reception.shifts.filter(deputy=deputy).exists()
    if issue.deputy_id != deputy.pk and not on_shift:
        return forbid(_("This issue was not raised with you."))
    if issue.status != RI.Status.NEW:
        return deny(_("This issue has already been routed."), "state")
    return allow()


def can_answer_issue(user, issue) -> Verdict:
    """The handling unit answers (the office may record an answer given on paper)."""
    unit_handler = (user.is_authenticated and user.unit_id and user.unit_id == issue.unit_id
                    and user.in_role(roles.UNIT_HANDLER))
    if not (unit_handler or is_office(user)):
        return forbid(_("Only the handling unit can answer this issue."))
    if issue.status != RI.Status.ROUTED:
        return deny(_("This issue is not awaiting an answer."), "state")
    return allow()


def can_rate_issue(issue) -> Verdict:
    if issue.status != RI.Status.ANSWERED:
        return deny(_("You can rate the answer once it has been given."), "state")
    if issue.rating:
        return deny(_("You have already rated this answer."), "already_rated")
    return allow()


# --------------------------------------------------------------------------- report-backs (rule 29)


def report_back_quota(serving: int) -> int:
    """The year's share of all serving deputies (DEPUTIES_REPORT_BACK_SHARE), rounded up."""
    return math.ceil(serving * settings.DEPUTIES_REPORT_BACK_SHARE)


def can_plan_report_backs(user) -> Verdict:
    if not is_office(user):
        return forbid(_("Only the office plans report-backs."))
    return allow()


def can_record_report_back(user, report_back) -> Verdict:
    if not is_office(user):
        return forbid(_("Only the office records report-back meetings."))
    if report_back.status != ReportBack.Status.PLANNED:
        return deny(_("This report-back has already been recorded."), "state")
    return allow()


def can_rate_report_back(report_back) -> Verdict:
    if report_back.status != ReportBack.Status.HELD:
        return deny(_("This report-back is not open for rating."), "state")
    return allow()


def can_publish_report_back(user, report_back) -> Verdict:
    if not is_office(user):
        return forbid(_("Only the office publishes report-back results."))
    if report_back.status != ReportBack.Status.HELD:
        return deny(_("Only a held report-back can be published."), "state")
    return allow()


def can_manage_liaisons(user) -> Verdict:
    if not is_office(user):
        return forbid(_("Only the office records liaisons and voter monitors."))
    return allow()
