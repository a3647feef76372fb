"""A deputy's side before review: drafting, co-signing, submitting, withdrawing (rules 7, 9, 10)."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from congress import locking, notifications
from congress.models import Meeting
from congress.texts import Text
from deputies.models import Deputy
from suggestions import links, rules
from suggestions.models import Assignment, Commitment, CoSignature, Suggestion
from suggestions.services._common import (
    deputy_users,
    enforce,
    lock_suggestion,
    notify_all,
    office_staff,
    record,
    refuse,
    unit_handlers,
)

EDITABLE = ("title", "content", "category", "attachment")


def _deputy_of(actor) -> Deputy:
    enforce(rules.can_draft(actor))
    return Deputy.objects.get(user=actor)


def _check_text(title: str, content: str) -> None:
    """Rule 9: a suggestion needs a title (案由) and content."""
    if not (title or "").strip():
        refuse(_("Give the suggestion a title (案由)."), "title_required", "title")
    if not (content or "").strip():
        refuse(_("Write the content of the suggestion."), "content_required", "content")


def create_draft(*, actor, title: str, content: str, category, attachment=None) -> Suggestion:
    """A deputy starts a suggestion; only they can see it until it is submitted."""
    deputy = _deputy_of(actor)
    _check_text(title, content)
    if category is None or not category.is_active:
        refuse(_("Choose the field the suggestion belongs to."), "category_required", "category")
    term = deputy.term
    with transaction.atomic():
        suggestion = Suggestion.objects.create(
            term=term, title=title.strip(), content=content.strip(), category=category, lead_deputy=deputy,
            attachment=attachment or "",
        )
        record(suggestion, "drafted", actor=actor)
    return suggestion


def update_draft(suggestion, *, actor, **changes) -> Suggestion:
    """The lead deputy edits a draft: title, content, category, attachment."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    with transaction.atomic():
        suggestion = lock_suggestion(suggestion)
        enforce(rules.can_edit_draft(actor, suggestion))
        for name, value in changes.items():
            setattr(suggestion, name, value.strip() if isinstance(value, str) else value)
        _check_text(suggestion.title, suggestion.content)
        if suggestion.category is None or not suggestion.category.is_active:
            refuse(_("Choose the field the suggestion belongs to."), "category_required", "category")
        suggestion.save(update_fields=list(changes))
        record(suggestion, "edited", actor=actor, fields=sorted(changes))
    return suggestion


def invite_cosigners(suggestion, *, actor, deputies) -> list[CoSignature]:
    """The lead deputy invites co-signers; each must confirm before submission (rule 7)."""
    with transaction.atomic():
        suggestion = lock_suggestion(suggestion)
        enforce(rules.can_invite_cosigners(actor, suggestion))
        deputies = list(deputies)
        if not deputies:
            refuse(_("Choose at least one deputy to invite."), "no_deputies", "deputies")
        for deputy in deputies:
            if deputy.pk == suggestion.lead_deputy_id:
                refuse(_("The lead deputy cannot co-sign their own suggestion."), "self_invite", "deputies")
            if deputy.status != Deputy.Status.SERVING or deputy.term_id != suggestion.term_id:
                refuse(_("%(name)s is not a serving deputy of this term.") % {"name": deputy.name},
                       "not_serving", "deputies")
        invited = []
        for deputy in deputies:
            signature, created = CoSignature.objects.get_or_create(suggestion=suggestion, deputy=deputy)
            # A withdrawn invitation may be renewed, and a deputy who declined may be asked again.
            if not created and signature.status in (CoSignature.Status.WITHDRAWN, CoSignature.Status.DECLINED):
                signature.status, signature.invited_at, signature.responded_at = (
                    CoSignature.Status.INVITED, timezone.now(), None)
                signature.save(update_fields=["status", "invited_at", "responded_at"])
            elif not created:
                continue  # already invited: nothing changes
            invited.append(signature)
        if invited:
            record(suggestion, "cosigners_invited", actor=actor, deputies=[s.deputy.name for s in invited])
            for signature in invited:
                notify_all(deputy_users([signature.deputy_id]), "suggestions.cosign_invited",
                           Text(gettext_noop("%(name)s invites you to co-sign a suggestion"),
                                name=suggestion.lead_deputy.name),
                           body=suggestion.title, url=links.deputy_url(suggestion.pk),
                           clears_on=(signature, "cosign"))
    return invited


def withdraw_invitation(signature, *, actor) -> CoSignature:
    """The lead deputy withdraws an invitation that is not yet signed."""
    with transaction.atomic():
        suggestion, signature = locking.lock_parent_then_child(signature, "suggestion")
        signature.suggestion = suggestion
        enforce(rules.can_withdraw_invitation(actor, signature))
        if signature.status == CoSignature.Status.WITHDRAWN:
            return signature
        signature.status = CoSignature.Status.WITHDRAWN
        signature.save(update_fields=["status"])
        notifications.clear(signature, "cosign")  # nothing left to answer
        record(suggestion, "invitation_withdrawn", actor=actor, deputy=signature.deputy.name)
    return signature


def respond_to_invitation(signature, *, actor, confirm: bool) -> CoSignature:
    """An invited deputy confirms (the content reflects their view) or declines, before submission."""
    with transaction.atomic():
        suggestion, signature = locking.lock_parent_then_child(
            signature, "suggestion", parent_queryset=Suggestion.objects.select_related("lead_deputy"),
            child_queryset=CoSignature.objects.select_related("deputy"))
        signature.suggestion = suggestion
        enforce(rules.can_respond_to_invitation(actor, signature))
        signature.status = CoSignature.Status.CONFIRMED if confirm else CoSignature.Status.DECLINED
        signature.responded_at = timezone.now()
        signature.save(update_fields=["status", "responded_at"])
        notifications.clear(signature, "cosign")
        record(suggestion, "cosign_confirmed" if confirm else "cosign_declined", actor=actor,
               deputy=signature.deputy.name)
        title = (gettext_noop("%(name)s co-signed your suggestion") if confirm
                 else gettext_noop("%(name)s declined to co-sign your suggestion"))
        notify_all(deputy_users([suggestion.lead_deputy_id]), "suggestions.cosign_answered",
                   Text(title, name=signature.deputy.name),
                   body=suggestion.title, url=links.deputy_url(suggestion.pk), channels=())
    return signature


def session_for(day) -> Meeting | None:
    """The congress session whose submission window holds `day`: from SUGGESTIONS_SESSION_OPENS_DAYS
    before it starts to its last day. None means the suggestion is made between sessions."""
    opens = timedelta(days=settings.SUGGESTIONS_SESSION_OPENS_DAYS)
    return (Meeting.objects.filter(kind=Meeting.Kind.CONGRESS_SESSION, ends_on__gte=day, starts_on__lte=day + opens)
            .order_by("starts_on").first())


def submit_suggestion(suggestion, *, actor, today=None) -> Suggestion:
    """The lead deputy submits: during a session's window it belongs to that session, otherwise it
    is a between-sessions suggestion that must be assigned within N working days (rule 4)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        suggestion = lock_suggestion(suggestion)
        enforce(rules.can_submit(actor, suggestion, today))
        _check_text(suggestion.title, suggestion.content)
        confirmed = suggestion.cosignatures.filter(status=CoSignature.Status.CONFIRMED).count()
        suggestion.meeting = session_for(today)
        suggestion.status = Suggestion.Status.SUBMITTED
        suggestion.submitted_at = timezone.now()
        # Rule 4: only a suggestion between sessions has an assign-by date.
        deadline = None if suggestion.meeting_id else rules.assign_deadline(today)
        suggestion.assign_by = deadline.due_on if deadline else None
        suggestion.assign_by_is_provisional = bool(deadline and deadline.is_provisional)
        suggestion.save(update_fields=["meeting", "status", "submitted_at", "assign_by", "assign_by_is_provisional"])
        record(suggestion, "submitted", actor=actor, cosigners=confirmed,
               session=suggestion.meeting_id, assign_by=deadline.due_on.isoformat() if deadline else None)
        notify_all(office_staff(), "suggestions.submitted",
                   Text(gettext_noop("New suggestion from %(name)s"), name=suggestion.lead_deputy.name),
                   body=suggestion.title, url=links.staff_url(suggestion.pk), channels=(),
                   clears_on=(suggestion, "review"))
    return suggestion


def withdraw_suggestion(suggestion, *, actor, reason: str) -> Suggestion:
    """Rule 10: the lead deputy's written withdrawal ends the handling; every reminder stops."""
    if not (reason or "").strip():
        refuse(_("A withdrawal must be given in writing: say why."), "reason_required", "reason")
    with transaction.atomic():
        suggestion = lock_suggestion(suggestion)
        enforce(rules.can_withdraw(actor, suggestion))
        open_parts = list(suggestion.assignments.filter(status__in=Assignment.OPEN_STATUSES + (
            Assignment.Status.REPLIED,)))
        suggestion.assignments.filter(pk__in=[a.pk for a in open_parts]).update(status=Assignment.Status.CANCELLED)
        was_draft = suggestion.status == Suggestion.Status.DRAFT
        suggestion.status = Suggestion.Status.WITHDRAWN
        suggestion.closed_at = timezone.now()
        suggestion.close_note = reason.strip()
        if was_draft:
            suggestion.submitted_at = suggestion.closed_at  # the submitted-time invariant holds for every non-draft
        suggestion.save(update_fields=["status", "closed_at", "close_note", "submitted_at"])
        notifications.cancel_reminders(suggestion)
        notifications.clear(suggestion)  # rule 10: nothing on a withdrawn suggestion waits for anyone
        for signature in suggestion.cosignatures.all():
            notifications.clear(signature, "cosign")
        for part in open_parts:
            notifications.cancel_reminders(part)
            notifications.clear(part)
        for commitment in Commitment.objects.filter(reply__assignment__suggestion=suggestion):
            notifications.cancel_reminders(commitment)
        record(suggestion, "withdrawn", actor=actor, note=reason.strip())
        if open_parts:
            notify_all(unit_handlers({a.unit_id for a in open_parts}), "suggestions.withdrawn",
                       Text(gettext_noop("Suggestion %(number)s was withdrawn by its deputy"),
                            number=suggestion.number),
                       body=suggestion.title, channels=("email",))
    return suggestion
