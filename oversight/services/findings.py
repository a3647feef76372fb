from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress import audit, requests
from congress.locking import lock, lock_parent_then_child
from oversight import rules
from oversight.models import Evidence, Finding, FindingExtension, HandlingReport


@transaction.atomic
def report_on_finding(finding, *, actor, outcome, content, plan="", expected_on=None, reason="", file=None):
    """回告: the unit reports on one finding — done, in progress (with a plan and a date) or cannot
    be done (with the reason) (rule 17)."""
    finding = lock(Finding.objects.all(), finding.pk)
    rules.can_report(actor, finding).enforce()
    if outcome == HandlingReport.Outcome.IN_PROGRESS and (not plan.strip() or expected_on is None):
        raise ValidationError({"plan": _("Work in progress needs a plan and an expected date.")},
                              code="plan_required")
    if outcome == HandlingReport.Outcome.CANNOT and not reason.strip():
        raise ValidationError({"reason": _("Say why it cannot be done.")}, code="reason_required")
    report = HandlingReport.objects.create(finding=finding, outcome=outcome, content=content, plan=plan,
                                           expected_on=expected_on, reason=reason, file=file or "",
                                           submitted_by=actor)
    if file:
        Evidence.objects.create(finding=finding, file=report.file.name, note=_("Attached to the handling report"),
                                uploaded_by=actor)
    finding.state = Finding.State.REPORTED
    finding.save(update_fields=["state"])
    audit.record(finding, "oversight.finding.report", actor=actor, outcome=outcome)
    return report


@transaction.atomic
def add_evidence(finding, *, actor, file, note=""):
    finding = lock(Finding.objects.all(), finding.pk)
    if not (rules.is_office(actor) or rules.handles_unit(actor, finding.unit_id)):
        rules.can_report(actor, finding).enforce()
    evidence = Evidence.objects.create(finding=finding, file=file, note=note, uploaded_by=actor)
    audit.record(finding, "oversight.finding.evidence", actor=actor)
    return evidence


@transaction.atomic
def close_finding(finding, *, actor, note=""):
    """对单销号: the office (or the committee) closes a finding only with evidence on file. The
    topic row is locked first: its closing depends on its findings (rule 16)."""
    finding = Finding.objects.select_related("opinion").get(pk=finding.pk)
    from oversight.models import Topic

    lock(Topic.objects.all(), finding.opinion.topic_id)
    finding = lock(Finding.objects.all(), finding.pk)
    rules.can_close_finding(actor, finding).enforce()
    finding.state, finding.closed_on, finding.closed_by = Finding.State.CLOSED, timezone.localdate(), actor
    finding.closing_note = note
    finding.save(update_fields=["state", "closed_on", "closed_by", "closing_note"])
    audit.record(finding, "oversight.finding.close", actor=actor, note=note)
    return finding


@transaction.atomic
def request_extension(finding, *, actor, due_on, reason):
    """A unit asks for more time on a finding; the office decides (congress.requests)."""
    finding = lock(Finding.objects.all(), finding.pk)
    rules.can_request_extension(actor, finding, due_on).enforce()
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason.")}, code="reason_required")
    extension = FindingExtension.objects.create(finding=finding, requested_due_on=due_on,
                                                previous_due_on=finding.due_on, reason=reason, requested_by=actor)
    audit.record(finding, "oversight.finding.extension_request", actor=actor, due_on=due_on.isoformat())
    return extension


@transaction.atomic
def decide_extension(extension, *, actor, approve, note=""):
    finding, extension = lock_parent_then_child(extension, "finding")
    rules.can_manage(actor).enforce()
    requests.decide(extension, actor=actor, approve=approve, note=note)
    if approve:
        finding.due_on = extension.requested_due_on
        finding.save(update_fields=["due_on"])
    audit.record(finding, "oversight.finding.extension_decide", actor=actor, approved=approve, note=note)
    return extension
