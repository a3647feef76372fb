from django.db import transaction
from django.utils import timezone

from congress import audit
from congress.locking import lock
from oversight import rules
from oversight.models import NormativeDocument


@transaction.atomic
def register_document(*, actor, title, maker, published_on, document_number=""):
    """Rule 19: a normative document's filing is due OVERSIGHT_FILING_DAYS after publication."""
    rules.can_manage(actor).enforce()
    document = NormativeDocument.objects.create(title=title, maker=maker, published_on=published_on,
                                                document_number=document_number,
                                                filing_due_on=rules.filing_due_on(published_on))
    audit.record(document, "oversight.document.register", actor=actor)
    return document


@transaction.atomic
def receive_document(document, *, actor, received_on=None):
    """Receipt starts the review clock: due OVERSIGHT_REVIEW_DAYS later (rule 19)."""
    document = lock(NormativeDocument.objects.all(), document.pk)
    rules.can_manage(actor).enforce()
    document.received_on = received_on or timezone.localdate()
    document.review_due_on = rules.review_due_on(document.received_on)
    document.save(update_fields=["received_on", "review_due_on"])
    audit.record(document, "oversight.document.receive", actor=actor, late=document.filed_late)
    return document


@transaction.atomic
def review_document(document, *, actor, outcome, note="", reviewed_on=None):
    """The review ends as no problem / ask to amend / ask to repeal (rule 19)."""
    document = lock(NormativeDocument.objects.all(), document.pk)
    rules.can_review(actor, document).enforce()
    if outcome not in {NormativeDocument.Outcome.NO_PROBLEM, NormativeDocument.Outcome.AMEND,
                       NormativeDocument.Outcome.REPEAL}:
        from django.core.exceptions import ValidationError

        raise ValidationError({"outcome": "invalid"}, code="invalid")
    document.outcome, document.outcome_note = outcome, note
    document.reviewed_on = reviewed_on or timezone.localdate()
    document.save(update_fields=["outcome", "outcome_note", "reviewed_on"])
    audit.record(document, "oversight.document.review", actor=actor, outcome=outcome)
    return document
