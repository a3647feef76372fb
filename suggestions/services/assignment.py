"""交办 and what follows it: assigning units with deadlines, returns, extensions (rules 1, 2, 5, 6, 8).

Merged suggestions share their handling (rule 8): assigning one assigns every member still waiting
for assignment to the same units; an approved extension or return of a unit's part applies to that
unit's matching part on every member. Each member keeps its own parts, deadlines, answers and ratings.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from congress import locking, notifications
from congress.calendar import WorkCalendar
from congress.texts import Text, join
from suggestions import links, rules
from suggestions.models import Assignment, Extension, ReassignmentRequest, Suggestion
from suggestions.services._common import (
    deputy_users,
    enforce,
    lock_group,
    lock_part,
    notify_all,
    office_staff,
    record,
    record_decision,
    refresh_status,
    refuse,
    unit_handlers,
)


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
            title = Text(gettext_noop("Suggestion %(number)s assigned to you as co-unit"), number=suggestion.number)
            body = Text(gettext_noop("Send your written opinion to the lead unit by %(date)s."), date=part.due_on)
        else:
            title = Text(gettext_noop("Suggestion %(number)s assigned to you"), number=suggestion.number)
            body = Text(gettext_noop("Reply to the deputy by %(date)s."), date=part.due_on)
        notify_all(unit_handlers([part.unit_id]), "suggestions.assigned", title, body=join(suggestion.title, body),
                   url=links.unit_url(part.pk),
                   clears_on=(part, "opinion" if part.role == Assignment.Role.CO else "reply"))


def _assign(suggestion, plan, mode, *, actor, today, work_calendar, merged_with=None) -> list[Assignment]:
    parts = [_create_part(suggestion, unit, role, actor=actor, today=today, work_calendar=work_calendar)
             for unit, role in plan]
    suggestion.status = Suggestion.Status.HANDLING
    suggestion.handling_mode = mode
    suggestion.assigned_on = today
    suggestion.save(update_fields=["status", "handling_mode", "assigned_on"])
    extra = {"with_merged": merged_with} if merged_with else {}
    record(suggestion, "assigned", actor=actor, mode=mode,
           units=[{"unit": p.unit.name, "role": p.role, "due_on": p.due_on.isoformat()} for p in parts], **extra)
    _tell_units(parts, suggestion)
    notify_all(deputy_users([suggestion.lead_deputy_id]), "suggestions.assigned_to_units",
               Text(gettext_noop("Your suggestion %(number)s was sent to %(units)s"),
                    number=suggestion.number, units="、".join(p.unit.name for p in parts)),
               url=links.deputy_url(suggestion.pk), channels=())
    return parts


def assign_suggestion(suggestion, *, actor, lead_unit=None, co_units=(), separate_units=(), today=None) -> Suggestion:
    """Send an accepted suggestion to units: one lead unit with any co-units, or several units that
    each answer separately. Deadlines come from the assignment date (rules 1 and 6). The other
    members of its merge group still waiting for assignment go to the same units (rule 8)."""
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
        suggestion, *others = lock_group(suggestion)
        enforce(rules.can_assign(actor, suggestion))
        if lead_unit:
            mode = Suggestion.HandlingMode.LEAD_AND_CO
            plan = [(lead_unit, Assignment.Role.LEAD)] + [(u, Assignment.Role.CO) for u in co_units]
        else:
            mode = Suggestion.HandlingMode.SEPARATE
            plan = [(u, Assignment.Role.SEPARATE) for u in separate_units]
        # Members already assigned (merged after their own assignment) keep their units.
        waiting = [member for member in others if rules.can_assign(actor, member)]
        _assign(suggestion, plan, mode, actor=actor, today=today, work_calendar=work_calendar,
                merged_with=[m.number for m in waiting])
        for member in waiting:
            _assign(member, plan, mode, actor=actor, today=today, work_calendar=work_calendar,
                    merged_with=[suggestion.number])
    return suggestion


def set_responsible_person(assignment, *, actor, name: str, phone: str = "") -> Assignment:
    """一件一人: the unit names the one person who answers for this case."""
    if not name.strip():
        refuse(_("Give the responsible person's name."), "name_required", "name")
    with transaction.atomic():
        suggestion, assignment = lock_part(assignment)
        enforce(rules.can_set_responsible_person(actor, assignment))
        assignment.responsible_person, assignment.responsible_phone = name.strip(), phone.strip()
        assignment.save(update_fields=["responsible_person", "responsible_phone"])
        record(suggestion, "responsible_person_set", actor=actor, unit=assignment.unit.name,
               person=assignment.responsible_person)
    return assignment


def request_reassignment(assignment, *, actor, reason: str, suggested_unit=None, today=None) -> ReassignmentRequest:
    """Rule 5: a unit asks the office to take a case back, only within N working days of 交办.
    It may suggest the right unit but never passes the case on itself."""
    today = today or timezone.localdate()
    if not reason.strip():
        refuse(_("Say why this case is not your unit's business."), "reason_required", "reason")
    with transaction.atomic():
        suggestion, assignment = lock_part(assignment)
        enforce(rules.can_request_reassignment(actor, assignment, today))
        if suggested_unit is not None and suggested_unit.pk == assignment.unit_id:
            refuse(_("Suggest another unit than your own."), "same_unit", "suggested_unit")
        request = ReassignmentRequest.objects.create(assignment=assignment, reason=reason.strip(),
                                                     suggested_unit=suggested_unit, requested_by=actor)
        record(suggestion, "return_requested", actor=actor, note=reason.strip(),
               unit=assignment.unit.name, suggested_unit=suggested_unit.name if suggested_unit else None)
        notify_all(office_staff(), "suggestions.return_requested",
                   Text(gettext_noop("%(unit)s asks to return suggestion %(number)s"),
                        unit=assignment.unit.name, number=suggestion.number),
                   body=reason.strip(), url=links.staff_url(suggestion.pk), channels=(),
                   clears_on=(request, "decide"))
    return request


def _lock_request(model, request):
    """Lock a return or extension request the one way: its suggestion with the other members of
    its merge group, then the unit's part, then the request. Returns (members, part, request)."""
    suggestion_id, assignment_id = (model.objects.filter(pk=request.pk)
                                    .values_list("assignment__suggestion_id", "assignment_id").get())
    members = lock_group(Suggestion(pk=suggestion_id))
    assignment = locking.lock(Assignment.objects.select_related("unit"), assignment_id)
    assignment.suggestion = members[0]
    request = locking.lock(model.objects.all(), request.pk)
    request.assignment = assignment
    return members, assignment, request


def _same_unit_parts(members, assignment, **conditions) -> list[Assignment]:
    """The parts of the same unit, in the same role, on the other members of a merge group."""
    if not members:
        return []
    parts = locking.lock_all(Assignment.objects.select_related("unit").filter(
        suggestion__in=[m.pk for m in members], unit_id=assignment.unit_id, role=assignment.role, **conditions))
    by_id = {m.pk: m for m in members}
    for part in parts:
        part.suggestion = by_id[part.suggestion_id]
    return parts


def _return_part(suggestion, assignment, *, actor, new_unit, today):
    """The approved return of one part: it leaves the unit, and `new_unit` (if any) takes it over
    in the same role with a fresh deadline."""
    replacement = None
    if new_unit is not None:
        taken = suggestion.assignments.live().filter(unit=new_unit)
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
    return replacement


def decide_reassignment(request, *, actor, approve: bool, new_unit=None, note: str = "", today=None):
    """The office decides a return (rule 5): refused, the unit keeps the case; approved, the case
    goes to `new_unit` in the same role with a fresh deadline (or back to the office's queue).
    An approved return applies to the unit's unanswered part on every merged suggestion (rule 8)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        (suggestion, *others), assignment, request = _lock_request(ReassignmentRequest, request)
        enforce(rules.can_decide_request(actor, request))
        if approve and assignment.status != Assignment.Status.ASSIGNED:
            # The unit answered while its request waited: the answer stands, the case is no longer returned.
            refuse(_("The case has been answered meanwhile; it can no longer be returned."), "state")
        if not approve and not note.strip():
            refuse(_("Tell the unit why it must keep the case."), "note_required", "note")
        record_decision(request, actor=actor, approve=approve, note=note)
        replacement = None
        if approve:
            replacement = _return_part(suggestion, assignment, actor=actor, new_unit=new_unit, today=today)
            for part in _same_unit_parts(others, assignment, status=Assignment.Status.ASSIGNED, round=1):
                member = part.suggestion
                for pending in locking.lock_all(part.reassignment_requests.pending()):
                    record_decision(pending, actor=actor, approve=True, note=note)
                taken = new_unit is not None and member.assignments.live().filter(unit=new_unit).exists()
                moved = _return_part(member, part, actor=actor, new_unit=None if taken else new_unit, today=today)
                record(member, "return_approved", actor=actor, note=note.strip(), unit=part.unit.name,
                       new_unit=new_unit.name if moved else None, with_merged=suggestion.number)
        record(suggestion, "return_approved" if approve else "return_refused", actor=actor, note=note.strip(),
               unit=assignment.unit.name, new_unit=new_unit.name if replacement else None)
        title = (gettext_noop("Your return of suggestion %(number)s was approved") if approve
                 else gettext_noop("Your return of suggestion %(number)s was refused: the case stays with you"))
        notifications.clear(request, "decide")
        if approve:
            notifications.clear(assignment)  # the part left this unit: nothing on it waits for them
        notify_all(unit_handlers([assignment.unit_id]), "suggestions.return_decided",
                   Text(title, number=suggestion.number), body=note.strip(), url=links.unit_url(assignment.pk))
    return replacement or assignment


def request_extension(assignment, *, actor, due_on, reason: str) -> Extension:
    """延期: the unit asks for a later deadline with a written reason; never past the legal
    maximum after 交办 (rule 2)."""
    if not reason.strip():
        refuse(_("An extension needs a written reason."), "reason_required", "reason")
    with transaction.atomic():
        suggestion, assignment = lock_part(assignment)
        enforce(rules.can_request_extension(actor, assignment))
        if due_on <= assignment.due_on:
            refuse(_("The new date must be later than the current deadline, %(date)s.")
                   % {"date": date_format(assignment.due_on, "DATE_FORMAT")}, "not_later", "due_on")
        cap = rules.latest_due_on(assignment.assigned_on, assignment.original_due_on)
        if due_on > cap:
            refuse(_("The law allows no deadline later than %(date)s for this case.")
                   % {"date": date_format(cap, "DATE_FORMAT")}, "past_maximum", "due_on")
        extension = Extension.objects.create(assignment=assignment, reason=reason.strip(), requested_due_on=due_on,
                                             previous_due_on=assignment.due_on, requested_by=actor)
        record(suggestion, "extension_requested", actor=actor, note=reason.strip(),
               unit=assignment.unit.name, due_on=due_on.isoformat())
        notify_all(office_staff(), "suggestions.extension_requested",
                   Text(gettext_noop("%(unit)s asks to extend suggestion %(number)s"),
                        unit=assignment.unit.name, number=suggestion.number),
                   body=reason.strip(), url=links.staff_url(suggestion.pk), channels=(),
                   clears_on=(extension, "decide"))
    return extension


def _extend(suggestion, assignment, due_on, reason):
    # A date the office set is final: a later calendar load never moves it.
    assignment.due_on, assignment.due_is_provisional = due_on, False
    assignment.save(update_fields=["due_on", "due_is_provisional"])
    notify_all(deputy_users([suggestion.lead_deputy_id]), "suggestions.extended",
               Text(gettext_noop("The answer to your suggestion %(number)s is now due on %(date)s"),
                    number=suggestion.number, date=assignment.due_on),
               body=reason, url=links.deputy_url(suggestion.pk))


def decide_extension(extension, *, actor, approve: bool, note: str = "") -> Extension:
    """The office approves (the deputy is told the new date and why) or refuses an extension (rule 2).
    An approved extension moves the unit's matching part on every merged suggestion too (rule 8),
    wherever the new date is later than that part's deadline and within its own legal maximum."""
    with transaction.atomic():
        (suggestion, *others), assignment, extension = _lock_request(Extension, extension)
        enforce(rules.can_decide_request(actor, extension))
        if approve and assignment.status != Assignment.Status.ASSIGNED:
            refuse(_("The case has been answered meanwhile; no extension is needed."), "state")
        if not approve and not note.strip():
            refuse(_("Tell the unit why the extension is refused."), "note_required", "note")
        record_decision(extension, actor=actor, approve=approve, note=note)
        due_on = extension.requested_due_on
        if approve:
            _extend(suggestion, assignment, due_on, extension.reason)
            for part in _same_unit_parts(others, assignment, status=Assignment.Status.ASSIGNED, round=1,
                                         due_on__lt=due_on):
                if due_on > rules.latest_due_on(part.assigned_on, part.original_due_on):
                    continue  # that member was assigned earlier: the law caps its deadline sooner
                for pending in locking.lock_all(part.extensions.pending()):
                    record_decision(pending, actor=actor, approve=True, note=note)
                _extend(part.suggestion, part, due_on, extension.reason)
                record(part.suggestion, "extension_approved", actor=actor, note=note.strip(), unit=part.unit.name,
                       due_on=due_on.isoformat(), with_merged=suggestion.number)
        record(suggestion, "extension_approved" if approve else "extension_refused", actor=actor,
               note=note.strip(), unit=assignment.unit.name, due_on=due_on.isoformat())
        title = (gettext_noop("Extension of suggestion %(number)s approved") if approve
                 else gettext_noop("Extension of suggestion %(number)s refused"))
        notifications.clear(extension, "decide")
        notify_all(unit_handlers([assignment.unit_id]), "suggestions.extension_decided",
                   Text(title, number=suggestion.number), body=note.strip(), url=links.unit_url(assignment.pk))
    return extension
