"""A unit's work on its part: contacts with the deputy, co-units' opinions, the reply with its
commitments, and the commitments' fulfilment (rules 6, 7, 11, 14)."""

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from congress import bounds, locking, notifications
from congress.texts import Text, join
from suggestions import links, rules
from suggestions.models import Assignment, Commitment, ContactRecord, CoSignature, Reply, ReplyReceipt, Suggestion
from suggestions.services._common import (
    deputy_users,
    enforce,
    lock_part,
    notify_all,
    record,
    refresh_status,
    refuse,
    unit_handlers,
)


def record_contact(assignment, *, actor, contacted_on, method: str, summary: str, today=None) -> ContactRecord:
    """面商: the unit records how it met or called the deputy about the case."""
    today = today or timezone.localdate()
    if method not in ContactRecord.Method.values:
        refuse(_("Choose how the deputy was contacted."), "method_required", "method")
    if not summary.strip():
        refuse(_("Summarise what was discussed."), "summary_required", "summary")
    with transaction.atomic():
        suggestion, assignment = lock_part(assignment)
        enforce(rules.can_record_contact(actor, assignment))
        if contacted_on > today or contacted_on < assignment.assigned_on:
            refuse(_("The date must lie between the assignment and today."), "date", "contacted_on")
        contact = ContactRecord.objects.create(assignment=assignment, contacted_on=contacted_on, method=method,
                                               summary=summary.strip(), recorded_by=actor)
        record(suggestion, "contacted", actor=actor, note=summary.strip(), unit=assignment.unit.name,
               method=method, contacted_on=contacted_on.isoformat())
    return contact


def send_co_unit_opinion(assignment, *, actor, opinion: str) -> Assignment:
    """Rule 6: a co-unit sends its written views to the lead unit; the lead's reply shows them."""
    if not opinion.strip():
        refuse(_("Write your unit's opinion."), "opinion_required", "opinion")
    with transaction.atomic():
        suggestion, assignment = lock_part(assignment)
        enforce(rules.can_send_opinion(actor, assignment))
        assignment.opinion, assignment.opinion_at = opinion.strip(), timezone.now()
        assignment.status = Assignment.Status.DONE
        assignment.save(update_fields=["opinion", "opinion_at", "status"])
        notifications.clear(assignment, "opinion")
        record(suggestion, "co_unit_opinion", actor=actor, note=opinion.strip(), unit=assignment.unit.name)
        lead = suggestion.assignments.live().filter(role=Assignment.Role.LEAD).first()
        if lead is not None:
            notify_all(unit_handlers([lead.unit_id]), "suggestions.co_unit_opinion",
                       Text(gettext_noop("%(unit)s sent its opinion on suggestion %(number)s"),
                            unit=assignment.unit.name, number=suggestion.number),
                       url=links.unit_url(lead.pk), channels=())
    return assignment


def _co_unit_views(assignment, today) -> str:
    """The co-units' opinions the lead's reply must show; refused while one is missing and its
    deadline has not passed (after that the lead may answer and the gap shows)."""
    lines = []
    for co in assignment.suggestion.assignments.live().filter(role=Assignment.Role.CO).select_related("unit"):
        if co.opinion:
            lines.append(f"{co.unit.name}：{co.opinion}")
        elif co.due_on >= today:
            refuse(_("Wait for the opinion of %(unit)s (due %(date)s) before replying.")
                   % {"unit": co.unit.name, "date": date_format(co.due_on, "DATE_FORMAT")}, "co_unit_pending")
        else:
            # Stored on the reply, which the deputy reads: in the office's language, not the handler's.
            lines.append(Text(gettext_noop("%(unit)s: no opinion received by its deadline."),
                              unit=co.unit.name).render_for_office())
    return "\n".join(lines)


def _clean_commitments(category, commitments, today):
    commitments = [(str(text).strip(), due) for text, due in commitments or []]
    if rules.is_tracked_category(category) and not commitments:
        refuse(_("A B or C reply must list what is promised and by when."), "commitments_required", "commitments")
    for text, due in commitments:
        if not text or due is None:
            refuse(_("Each commitment needs a description and a date."), "commitment_incomplete", "commitments")
        if due < today:
            refuse(_("A commitment cannot fall due in the past."), "commitment_past", "commitments")
        if due > bounds.horizon(today):  # the service's own guard: the admin and tasks call it too
            refuse(_("A commitment cannot fall due after %(date)s.")
                   % {"date": date_format(bounds.horizon(today), "DATE_FORMAT")}, "commitment_too_far", "commitments")
    return commitments


def reply_to_assignment(assignment, *, actor, category: str, body: str, signed_by: str,
                        signed_by_head: bool = False, attachment=None, commitments=(), today=None) -> Reply:
    """答复: the lead unit (or each unit handling separately) answers the deputy (rule 11).

    A category A–D and a signer are required; B and C list commitments; a key supervised case
    needs the unit head's sign-off (rule 14). Every signing deputy receives the reply (rule 7)."""
    today = today or timezone.localdate()
    if category not in rules.reply_categories():
        refuse(_("Choose the reply category: %(codes)s.") % {"codes": ", ".join(rules.reply_categories())},
               "category_required", "category")
    if not body.strip():
        refuse(_("Write the reply."), "body_required", "body")
    if not signed_by.strip():
        refuse(_("Name who signed the reply off."), "signer_required", "signed_by")
    commitments = _clean_commitments(category, commitments, today)
    with transaction.atomic():
        suggestion, assignment = lock_part(assignment)
        enforce(rules.can_reply(actor, assignment))
        if suggestion.is_key and not signed_by_head:
            refuse(_("A key supervised suggestion is answered with the unit head's sign-off."), "head_required",
                   "signed_by_head")
        views = _co_unit_views(assignment, today) if assignment.role == Assignment.Role.LEAD else ""
        rating = rules.rating_deadline(today)
        reply = Reply.objects.create(
            assignment=assignment, round=assignment.round, category=category, body=body.strip(),
            co_unit_opinions=views, signed_by=signed_by.strip(), signed_by_head=signed_by_head,
            attachment=attachment or "", replied_by=actor,
            evaluation_due_on=rating.due_on,
        )
        Commitment.objects.bulk_create([Commitment(reply=reply, description=text, due_on=due)
                                        for text, due in commitments])
        if assignment.role == Assignment.Role.LEAD:
            # Co-units that let their month pass without an opinion are no longer waited for.
            waited = suggestion.assignments.filter(role=Assignment.Role.CO, status=Assignment.Status.ASSIGNED)
            for part in waited:
                notifications.clear(part, "opinion")
            waited.update(status=Assignment.Status.CANCELLED)
        notifications.clear(assignment, "reply")
        assignment.status, assignment.replied_at = Assignment.Status.REPLIED, timezone.now()
        assignment.reply_category, assignment.satisfaction = category, ""
        assignment.rating_due_on = reply.evaluation_due_on
        assignment.rating_due_is_provisional = rating.is_provisional
        if assignment.first_replied_on is None:
            assignment.first_replied_on, assignment.first_due_on = today, assignment.due_on
        assignment.save(update_fields=["status", "replied_at", "reply_category", "satisfaction", "rating_due_on",
                                       "rating_due_is_provisional", "first_replied_on", "first_due_on"])
        signers = [suggestion.lead_deputy_id, *suggestion.cosignatures.filter(
            status=CoSignature.Status.CONFIRMED).values_list("deputy_id", flat=True)]
        ReplyReceipt.objects.bulk_create([ReplyReceipt(reply=reply, deputy_id=d) for d in signers])
        record(suggestion, "replied", actor=actor, unit=assignment.unit.name, category=category,
               round=assignment.round, signed_by=signed_by.strip(), commitments=len(commitments),
               on_time=today <= assignment.due_on)
        notify_all(deputy_users(signers), "suggestions.replied",
                   Text(gettext_noop("%(unit)s answered suggestion %(number)s (category %(category)s)"),
                        unit=assignment.unit.name, number=suggestion.number, category=category),
                   body=Text(gettext_noop("Please rate the answer by %(date)s."), date=reply.evaluation_due_on),
                   url=links.deputy_url(suggestion.pk), clears_on=(reply, "rate"))
        refresh_status(suggestion)
    return reply


def resolve_commitment(commitment, *, actor, fulfilled: bool, resolution: str) -> Commitment:
    """A commitment ends: fulfilled, or explained why it cannot be as promised (rule 11)."""
    if not resolution.strip():
        refuse(_("Say what was done, or why it could not be done."), "resolution_required", "resolution")
    with transaction.atomic():
        suggestion, commitment = locking.lock_parent_then_child(
            commitment, "reply__assignment__suggestion",
            parent_queryset=Suggestion.objects.select_related("lead_deputy"),
            child_queryset=Commitment.objects.select_related("reply"))
        assignment = locking.lock(Assignment.objects.select_related("unit"), commitment.reply.assignment_id)
        assignment.suggestion, commitment.reply.assignment = suggestion, assignment
        enforce(rules.can_resolve_commitment(actor, commitment))
        commitment.status = Commitment.Status.FULFILLED if fulfilled else Commitment.Status.EXPLAINED
        commitment.resolved_at, commitment.resolution = timezone.now(), resolution.strip()
        commitment.save(update_fields=["status", "resolved_at", "resolution"])
        record(suggestion, "commitment_fulfilled" if fulfilled else "commitment_explained", actor=actor,
               note=resolution.strip(), unit=assignment.unit.name, commitment=commitment.description)
        notify_all(deputy_users([suggestion.lead_deputy_id]), "suggestions.commitment_resolved",
                   Text(gettext_noop("A promise on suggestion %(number)s was closed"), number=suggestion.number),
                   body=join(commitment.description, resolution.strip()), url=links.deputy_url(suggestion.pk))
        refresh_status(suggestion)
    return commitment
