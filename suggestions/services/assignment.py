"""交办 and what follows it: assigning units with deadlines, returns, extensions (rules 1, 2, 5, 6)."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from congress import notifications
from congress.calendar import WorkCalendar
from suggestions import links, rules
from suggestions.models import Assignment, Extension, ReassignmentRequest, Suggestion
from suggestions.services._common import (
    deputy_users,
    lock_assignment,
    lock_suggestion,
    notify_all,
    office_staff,
    record,
    record_decision,
    refresh_status,
    refuse,
    unit_handlers,
)


def _office(actor):
    if not rules.is_office(actor):
        raise PermissionDenied(_("Only the office can assign suggestions."))


def _create_part(suggestion, unit, role, *, actor, today, work_calendar) -> Assignment:
    if role == Assignment.Role.CO:
        deadline = rules.co_unit_deadline(today, work_calendar)
    else:
        deadline = rules.reply_deadline(today, work_calendar, session_closed_on=(
            suggestion.meeting.ends_on if suggestion.meeting_id else None))
    return Assignment.objects.create(suggestion=suggestion, unit=unit, role=role, assigned_on=today,
                                     assigned_by=actor, due_on=deadline.due_on, original_due_on=deadline.due_on,
                                     due_is_provisional=deadline.is_provisional, due_start_on=deadline.start)


def _tell_units(parts, suggestion):
    for part in parts:
        if part.role == Assignment.Role.CO:
            title = _("Suggestion %(number)s assigned to you as co-unit") % {"number": suggestion.number}
            body = _("Send your written opinion to the lead unit by %(date)s.")
        else:
            title = _("Suggestion %(number)s assigned to you") % {"number": suggestion.number}
            body = _("Reply to the deputy by %(date)s.")
        notify_all(unit_handlers([part.unit_id]), "suggestions.assigned", title,
                   body=f"{suggestion.title}\n" + body % {"date": date_format(part.due_on, "DATE_FORMAT")},
                   url=links.unit_url(part.pk))


def assign_suggestion(suggestion, *, actor, lead_unit=None, co_units=(), separate_units=(), today=None) -> Suggestion:
    """Send an accepted suggestion to units: one lead unit with any co-units, or several units that
    each answer separately. Deadlines come from the assignment date (rules 1 and 6)."""
    today = today or timezone.localdate()
    co_units, separate_units = list(co_units), list(separate_units)
    if separate_units and (lead_unit or co_units):
        refuse(_("Choose either a lead unit (with co-units) or units that answer separately, not both."),
               "mixed_modes", "lead_unit")
    if not separate_units and lead_unit is None:
        refuse(_("Choose the lead unit."), "lead_required", "lead_unit")
    units = [lead_unit, *co_units] if lead_unit else separate_units
    if len({u.pk for u in units}) != len(units):
        refuse(_("A unit can be chosen only once."), "duplicate_unit", "co_units")
    inactive = [u.name for u in units if not u.is_active]
    if inactive:
        refuse(_("These units are no longer active: %(names)s.") % {"names": "、".join(inactive)}, "inactive_unit",
               "lead_unit")
    work_calendar = WorkCalendar.for_range(today, today + timedelta(days=400))
    with transaction.atomic():
        suggestion = lock_suggestion(suggestion)
        _office(actor)
        if suggestion.status != Suggestion.Status.ACCEPTED:
            refuse(_("Only an accepted suggestion waiting for assignment can be assigned."), "state")
        ended = [Assignment.Status.RETURNED, Assignment.Status.CANCELLED]
        if suggestion.assignments.exclude(status__in=ended).exists():
            refuse(_("This suggestion is already assigned; decide its return requests instead."), "assigned")
        if lead_unit:
            mode = Suggestion.HandlingMode.LEAD_AND_CO
            plan = [(lead_unit, Assignment.Role.LEAD)] + [(u, Assignment.Role.CO) for u in co_units]
        else:
            mode = Suggestion.HandlingMode.SEPARATE
            plan = [(u, Assignment.Role.SEPARATE) for u in separate_units]
        parts = [_create_part(suggestion, unit, role, actor=actor, today=today, work_calendar=work_calendar)
                 for unit, role in plan]
        suggestion.status = Suggestion.Status.HANDLING
        suggestion.handling_mode = mode
        suggestion.assigned_on = today
        suggestion.save(update_fields=["status", "handling_mode", "assigned_on"])
        record(suggestion, "assigned", actor=actor, mode=mode,
               units=[{"unit": p.unit.name, "role": p.role, "due_on": p.due_on.isoformat()} for p in parts])
        _tell_units(parts, suggestion)
        notify_all(deputy_users([suggestion.lead_deputy_id]), "suggestions.assigned_to_units",
                   _("Your suggestion %(number)s was sent to %(units)s") % {
                       "number": suggestion.number, "units": "、".join(p.unit.name for p in parts)},
                   url=links.deputy_url(suggestion.pk), channels=())
    return suggestion


def set_responsible_person(assignment, *, actor, name: str, phone: str = "") -> Assignment:
    """一件一人: the unit names the one person who answers for this case."""
    if not name.strip():
        refuse(_("Give the responsible person's name."), "name_required", "name")
    with transaction.atomic():
        assignment = lock_assignment(assignment)
        if not rules.handles(actor, assignment):
            raise PermissionDenied(_("Only the assigned unit can do this."))
        assignment.responsible_person, assignment.responsible_phone = name.strip(), phone.strip()
        assignment.save(update_fields=["responsible_person", "responsible_phone"])
        record(assignment.suggestion, "responsible_person_set", actor=actor, unit=assignment.unit.name,
               person=assignment.responsible_person)
    return assignment


def request_reassignment(assignment, *, actor, reason: str, suggested_unit=None, today=None) -> ReassignmentRequest:
    """Rule 5: a unit asks the office to take a case back, only within N working days of 交办.
    It may suggest the right unit but never passes the case on itself."""
    today = today or timezone.localdate()
    if not reason.strip():
        refuse(_("Say why this case is not your unit's business."), "reason_required", "reason")
    with transaction.atomic():
        assignment = lock_assignment(assignment)
        if not rules.handles(actor, assignment):
            raise PermissionDenied(_("Only the assigned unit can ask to return this case."))
        if assignment.status != Assignment.Status.ASSIGNED or assignment.round != 1:
            refuse(_("Only a case not yet answered can be returned."), "state")
        deadline = rules.return_window_ends(assignment.assigned_on)
        if today > deadline:
            refuse(_("The return period ended on %(date)s; the assignment stands.")
                   % {"date": date_format(deadline, "DATE_FORMAT")}, "window_closed")
        if assignment.reassignment_requests.filter(decision=ReassignmentRequest.Decision.PENDING).exists():
            refuse(_("A return request for this case is already waiting for the office."), "pending")
        if suggested_unit is not None and suggested_unit.pk == assignment.unit_id:
            refuse(_("Suggest another unit than your own."), "same_unit", "suggested_unit")
        request = ReassignmentRequest.objects.create(assignment=assignment, reason=reason.strip(),
                                                     suggested_unit=suggested_unit, requested_by=actor)
        record(assignment.suggestion, "return_requested", actor=actor, note=reason.strip(),
               unit=assignment.unit.name, suggested_unit=suggested_unit.name if suggested_unit else None)
        notify_all(office_staff(), "suggestions.return_requested",
                   _("%(unit)s asks to return suggestion %(number)s") % {
                       "unit": assignment.unit.name, "number": assignment.suggestion.number},
                   body=reason.strip(), url=links.staff_url(assignment.suggestion_id), channels=())
    return request


def decide_reassignment(request, *, actor, approve: bool, new_unit=None, note: str = "", today=None):
    """The office decides a return: refused, the unit keeps the case; approved, the case goes to
    `new_unit` in the same role with a fresh deadline (or back to the office's queue)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        request = ReassignmentRequest.objects.select_for_update().select_related("assignment").get(pk=request.pk)
        suggestion = lock_suggestion(request.assignment.suggestion)
        assignment = lock_assignment(request.assignment)
        _office(actor)
        if request.decision != ReassignmentRequest.Decision.PENDING:
            refuse(_("This request has already been decided."), "decided")
        if not approve and not note.strip():
            refuse(_("Tell the unit why it must keep the case."), "note_required", "note")
        record_decision(request, actor=actor, approve=approve, note=note)
        replacement = None
        if approve:
            if new_unit is not None:
                taken = suggestion.assignments.filter(unit=new_unit).exclude(
                    status__in=[Assignment.Status.RETURNED, Assignment.Status.CANCELLED])
                if new_unit.pk == assignment.unit_id or taken.exists():
                    refuse(_("%(unit)s already handles this suggestion.") % {"unit": new_unit.name},
                           "duplicate_unit", "new_unit")
            assignment.status = Assignment.Status.RETURNED
            assignment.save(update_fields=["status"])
            notifications.cancel_reminders(assignment)
            if new_unit is not None:
                work_calendar = WorkCalendar.for_range(today, today + timedelta(days=400))
                replacement = _create_part(suggestion, new_unit, assignment.role, actor=actor, today=today,
                                           work_calendar=work_calendar)
                _tell_units([replacement], suggestion)
            refresh_status(suggestion)
        record(suggestion, "return_approved" if approve else "return_refused", actor=actor, note=note.strip(),
               unit=assignment.unit.name, new_unit=new_unit.name if replacement else None)
        notify_all(unit_handlers([assignment.unit_id]), "suggestions.return_decided",
                   (_("Your return of suggestion %(number)s was approved") if approve
                    else _("Your return of suggestion %(number)s was refused: the case stays with you"))
                   % {"number": suggestion.number}, body=note.strip(), url=links.unit_url(assignment.pk))
    return replacement or assignment


def request_extension(assignment, *, actor, due_on, reason: str) -> Extension:
    """延期: the unit asks for a later deadline with a written reason; never past the legal
    maximum after 交办 (rule 2)."""
    if not reason.strip():
        refuse(_("An extension needs a written reason."), "reason_required", "reason")
    with transaction.atomic():
        assignment = lock_assignment(assignment)
        if not rules.handles(actor, assignment):
            raise PermissionDenied(_("Only the assigned unit can ask for an extension."))
        if not assignment.answers or assignment.status != Assignment.Status.ASSIGNED or assignment.round != 1:
            refuse(_("Only an unanswered first-round case can be extended."), "state")
        if due_on <= assignment.due_on:
            refuse(_("The new date must be later than the current deadline, %(date)s.")
                   % {"date": date_format(assignment.due_on, "DATE_FORMAT")}, "not_later", "due_on")
        cap = rules.latest_due_on(assignment.assigned_on, assignment.original_due_on)
        if due_on > cap:
            refuse(_("The law allows no deadline later than %(date)s for this case.")
                   % {"date": date_format(cap, "DATE_FORMAT")}, "past_maximum", "due_on")
        if assignment.extensions.filter(decision=Extension.Decision.PENDING).exists():
            refuse(_("An extension request for this case is already waiting for the office."), "pending")
        extension = Extension.objects.create(assignment=assignment, reason=reason.strip(), requested_due_on=due_on,
                                             previous_due_on=assignment.due_on, requested_by=actor)
        record(assignment.suggestion, "extension_requested", actor=actor, note=reason.strip(),
               unit=assignment.unit.name, due_on=due_on.isoformat())
        notify_all(office_staff(), "suggestions.extension_requested",
                   _("%(unit)s asks to extend suggestion %(number)s") % {
                       "unit": assignment.unit.name, "number": assignment.suggestion.number},
                   body=reason.strip(), url=links.staff_url(assignment.suggestion_id), channels=())
    return extension


def decide_extension(extension, *, actor, approve: bool, note: str = "") -> Extension:
    """The office approves (the deputy is told the new date and why) or refuses an extension."""
    with transaction.atomic():
        extension = Extension.objects.select_for_update().get(pk=extension.pk)
        assignment = lock_assignment(extension.assignment)
        _office(actor)
        if extension.decision != Extension.Decision.PENDING:
            refuse(_("This request has already been decided."), "decided")
        if approve and assignment.status != Assignment.Status.ASSIGNED:
            refuse(_("The case has been answered meanwhile; no extension is needed."), "state")
        if not approve and not note.strip():
            refuse(_("Tell the unit why the extension is refused."), "note_required", "note")
        record_decision(extension, actor=actor, approve=approve, note=note)
        suggestion = assignment.suggestion
        if approve:
            # A date the office set is final: a later calendar load never moves it.
            assignment.due_on, assignment.due_is_provisional = extension.requested_due_on, False
            assignment.save(update_fields=["due_on", "due_is_provisional"])
            notify_all(deputy_users([suggestion.lead_deputy_id]), "suggestions.extended",
                       _("The answer to your suggestion %(number)s is now due on %(date)s") % {
                           "number": suggestion.number, "date": date_format(assignment.due_on, "DATE_FORMAT")},
                       body=extension.reason, url=links.deputy_url(suggestion.pk))
        record(suggestion, "extension_approved" if approve else "extension_refused", actor=actor,
               note=note.strip(), unit=assignment.unit.name, due_on=extension.requested_due_on.isoformat())
        notify_all(unit_handlers([assignment.unit_id]), "suggestions.extension_decided",
                   (_("Extension of suggestion %(number)s approved") if approve
                    else _("Extension of suggestion %(number)s refused")) % {"number": suggestion.number},
                   body=note.strip(), url=links.unit_url(assignment.pk))
    return extension
