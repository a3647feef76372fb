"""The office's review: accept with a number (and undo it), reject with a reason, reference only, merge."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from congress import locking, notifications
from congress.bounds import max_text_length
from congress.texts import Text
from deputies.duties import record_duty, reverse_duty
from suggestions import links, rules
from suggestions.models import CoSignature, MergeGroup, NumberSeries, Suggestion
from suggestions.services._common import (
    deputy_users,
    enforce,
    lock_group,
    lock_suggestion,
    notify_all,
    record,
    refuse,
)

REVIEWABLE = (Suggestion.Status.SUBMITTED,)
MERGEABLE = rules.HANDLED_STATUSES  # kept for the staff pages; rules.can_merge decides


def _office(actor):
    if not rules.is_office(actor):
        raise PermissionDenied(_("Only the office can review suggestions."))


def next_number(suggestion: Suggestion) -> str:
    """`18-4-0123` (term–session–sequence) or `18-B-0012` for the between-sessions series.

    The series row is locked, so numbers are gap-free and unique even under concurrent accepts."""
    series, _created = NumberSeries.objects.get_or_create(term=suggestion.term, meeting=suggestion.meeting)
    series = NumberSeries.objects.select_for_update().get(pk=series.pk)
    series.last += 1
    series.save(update_fields=["last"])
    middle = suggestion.meeting.number if suggestion.meeting_id else "B"
    return f"{suggestion.term.number}-{middle}-{series.last:04d}"


def _review(suggestion, actor, status, verb, predicate, **fields):
    with transaction.atomic():
        suggestion = lock_suggestion(suggestion)
        enforce(predicate(actor, suggestion))
        suggestion.status = status
        suggestion.reviewed_at = timezone.now()
        for name, value in fields.items():
            setattr(suggestion, name, value)
        suggestion.save(update_fields=["status", "reviewed_at", *fields])
        notifications.clear(suggestion, "review")
        record(suggestion, verb, actor=actor, note=fields.get("review_note", ""), number=suggestion.number)
    return suggestion


def _record_points(suggestion, actor) -> None:
    """An accepted suggestion earns its lead deputy and each confirmed co-signer their points, in
    the same transaction (deputies rule 24: the co-signer's item is worth less)."""
    today = timezone.localdate()
    record_duty(suggestion.lead_deputy_id, item="suggestion.lead", source=suggestion, occurred_on=today, actor=actor)
    for deputy_id in suggestion.cosignatures.filter(status=CoSignature.Status.CONFIRMED).values_list(
            "deputy_id", flat=True):
        record_duty(deputy_id, item="suggestion.cosign", source=suggestion, occurred_on=today, actor=actor)


def accept_suggestion(suggestion, *, actor) -> Suggestion:
    """立案: the suggestion gets its number and waits for assignment.

    A suggestion whose acceptance was undone (`undo_acceptance`) kept its number reserved: accepted
    again, it gets that number back, so the series stays gap-free and no number is given twice."""
    with transaction.atomic():
        locked = lock_suggestion(suggestion)
        number = (locked.number or next_number(locked)) if locked.status in REVIEWABLE else ""
        suggestion = _review(locked, actor, Suggestion.Status.ACCEPTED, "accepted", rules.can_accept, number=number)
        _record_points(suggestion, actor)
        notify_all(deputy_users([suggestion.lead_deputy_id]), "suggestions.accepted",
                   Text(gettext_noop("Your suggestion was accepted as No. %(number)s"), number=suggestion.number),
                   body=suggestion.title, url=links.deputy_url(suggestion.pk), channels=("email",))
    return suggestion


def undo_acceptance(suggestion, *, actor, reason: str) -> Suggestion:
    """撤销立案 (issue 8): an acceptance made in error goes back to review, only while the suggestion
    waits for assignment (rules.can_undo_acceptance). Its duty points are reversed, so the deputies'
    totals follow; accepted again, they count once more.

    The number stays on the suggestion, reserved: numbers are gap-free per series (`next_number`),
    so it is neither given back nor given to another; a later `accept_suggestion` reuses it. Until
    then pages show no number (`Suggestion.issued_number`), only the office sees it as reserved."""
    reason = (reason or "").strip()
    if not reason:
        refuse(_("Say why the acceptance is undone."), "reason_required", "reason")
    if len(reason) > max_text_length():
        refuse(_("Keep it under %(limit)s characters.") % {"limit": max_text_length()}, "too_long", "reason")
    with transaction.atomic():
        suggestion = lock_suggestion(suggestion)
        enforce(rules.can_undo_acceptance(actor, suggestion))
        suggestion.status = Suggestion.Status.SUBMITTED
        suggestion.reviewed_at = None
        suggestion.save(update_fields=["status", "reviewed_at"])
        for item in ("suggestion.lead", "suggestion.cosign"):
            reverse_duty(source=suggestion, item=item, actor=actor, reason=reason)
        record(suggestion, "acceptance_undone", actor=actor, note=reason, number=suggestion.number)
        notify_all(deputy_users([suggestion.lead_deputy_id]), "suggestions.acceptance_undone",
                   Text(gettext_noop("The acceptance of your suggestion was undone; the office is reviewing it "
                                     "again")),
                   body=reason, url=links.deputy_url(suggestion.pk), channels=("email",))
    return suggestion


def reject_suggestion(suggestion, *, actor, reason: str, note: str = "") -> Suggestion:
    """不予立案 on one of the fixed grounds (rule 9); the deputy is told why."""
    if reason not in Suggestion.RejectReason.values:
        refuse(_("Choose the ground for not accepting it."), "reason_required", "reason")
    if reason == Suggestion.RejectReason.OTHER and not note.strip():
        refuse(_("Explain the reason when it is “other”."), "note_required", "note")
    with transaction.atomic():
        suggestion = _review(suggestion, actor, Suggestion.Status.REJECTED, "rejected", rules.can_reject,
                             reject_reason=reason, review_note=note.strip())
        notify_all(deputy_users([suggestion.lead_deputy_id]), "suggestions.rejected",
                   Text(gettext_noop("Your suggestion was not accepted: %(reason)s"),
                        reason=Suggestion.RejectReason(reason).label),
                   body=note.strip() or suggestion.title, url=links.deputy_url(suggestion.pk))
    return suggestion


def mark_reference_only(suggestion, *, actor, note: str = "") -> Suggestion:
    """参阅件: kept for the bodies' reference, not assigned for an answer."""
    with transaction.atomic():
        suggestion = _review(suggestion, actor, Suggestion.Status.REFERENCE, "marked_reference",
                             rules.can_mark_reference, review_note=note.strip())
        notify_all(deputy_users([suggestion.lead_deputy_id]), "suggestions.reference",
                   Text(gettext_noop("Your suggestion was passed on for reference")),
                   body=note.strip() or suggestion.title,
                   url=links.deputy_url(suggestion.pk))
    return suggestion


def merge_suggestions(suggestions, *, actor, note: str = "") -> MergeGroup:
    """并案: same-content suggestions are handled together; each keeps its reply, deadline and rating."""
    _office(actor)
    ids = sorted({s.pk for s in suggestions})
    if len(ids) < 2:
        refuse(_("Choose at least two suggestions to merge."), "too_few", "suggestions")
    with transaction.atomic():
        locked = locking.lock_all(Suggestion.objects.filter(pk__in=ids))
        if len(locked) != len(ids):
            refuse(_("Some of these suggestions do not exist."), "missing", "suggestions")
        for suggestion in locked:
            verdict = rules.can_merge(actor, suggestion)
            if not verdict.forbidden and not verdict:
                refuse(verdict.reason, verdict.code, "suggestions")  # the form's field: the chosen suggestions
            enforce(verdict)
        if len({s.term_id for s in locked}) > 1:
            refuse(_("Suggestions of different terms cannot be merged."), "terms", "suggestions")
        groups = {s.merge_group_id for s in locked if s.merge_group_id}
        if len(groups) > 1:
            refuse(_("These suggestions already belong to different merge groups; unmerge one first."),
                   "groups", "suggestions")
        group = MergeGroup.objects.get(pk=groups.pop()) if groups else MergeGroup.objects.create(
            created_by=actor, note=note.strip())
        for suggestion in locked:
            if suggestion.merge_group_id != group.pk:
                suggestion.merge_group = group
                suggestion.save(update_fields=["merge_group"])
                record(suggestion, "merged", actor=actor, note=note.strip(), group=group.pk,
                       with_numbers=[s.number for s in locked if s.pk != suggestion.pk])
    return group


def unmerge_suggestion(suggestion, *, actor) -> Suggestion:
    """Take one suggestion out of its merge group; the history keeps that it was merged (rule 8)."""
    _office(actor)
    with transaction.atomic():
        suggestion, *others = lock_group(suggestion)  # the whole group, in id order, as every group service
        enforce(rules.can_unmerge(actor, suggestion))
        group_id = suggestion.merge_group_id
        suggestion.merge_group = None
        suggestion.save(update_fields=["merge_group"])
        record(suggestion, "unmerged", actor=actor, group=group_id)
        if len(others) == 1:  # a group of one is no merge: dissolve it
            last = others[0]
            last.merge_group = None
            last.save(update_fields=["merge_group"])
            record(last, "unmerged", actor=actor, group=group_id)
    return suggestion
