from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress import audit
from congress.locking import lock
from oversight import rules
from oversight.models import OversightPlan, PlanAmendment, Topic, TopicProposal


@transaction.atomic
def create_plan(*, actor, year, title, call_opens_on=None, call_closes_on=None):
    """A draft plan for `year`, with the dates of its public call for topics."""
    rules.can_manage(actor).enforce()
    if call_opens_on and call_closes_on and call_closes_on < call_opens_on:
        raise ValidationError({"call_closes_on": _("The call closes after it opens.")}, code="dates")
    if OversightPlan.objects.filter(year=year).exists():
        raise ValidationError({"year": _("There is already a plan for this year.")}, code="duplicate")
    plan = OversightPlan.objects.create(year=year, title=title, call_opens_on=call_opens_on,
                                        call_closes_on=call_closes_on)
    audit.record(plan, "oversight.plan.create", actor=actor)
    return plan


@transaction.atomic
def submit_proposal(plan, *, source, title, content, proposer_name, proposer_contact="", actor=None, today=None, ip=""):
    """议题征集: a resident (public page), deputy (portal) or unit sends a topic idea while the call is open."""
    plan = lock(OversightPlan.objects.all(), plan.pk)
    rules.can_propose(actor, plan, today).enforce()
    proposal = TopicProposal.objects.create(
        plan=plan, source=source, title=title, content=content, proposer_name=proposer_name,
        proposer_contact=proposer_contact, submitted_by=actor if actor is not None and actor.is_authenticated else None)
    audit.record(proposal, "oversight.proposal.submit", actor=actor, source=source, ip=ip)
    return proposal


@transaction.atomic
def place_proposal(proposal, *, actor, outcome, group_label="", rank=None, topic=None, note=""):
    """Staff group and rank a proposal and say where it went (shown on the public page)."""
    rules.can_manage(actor).enforce()
    proposal = lock(TopicProposal.objects.all(), proposal.pk)
    if outcome in {TopicProposal.Outcome.ADOPTED, TopicProposal.Outcome.MERGED} and topic is None:
        raise ValidationError({"topic": _("Name the topic the proposal went into.")}, code="topic_required")
    if topic is not None and topic.plan_id != proposal.plan_id:
        raise ValidationError({"topic": _("The topic belongs to another plan.")}, code="other_plan")
    proposal.outcome, proposal.group_label, proposal.rank = outcome, group_label, rank
    proposal.topic, proposal.outcome_note = topic, note
    proposal.save()
    audit.record(proposal, "oversight.proposal.place", actor=actor, outcome=outcome)
    return proposal


@transaction.atomic
def add_topic(plan, *, actor, kind, title, lead_committee, target_units, meeting=None, description="",
              steps=(), reason=""):
    """A topic of the plan; once the plan is adopted, only with a recorded reason (an amendment)."""
    plan = lock(OversightPlan.objects.all(), plan.pk)
    rules.can_manage(actor).enforce()
    if plan.status == OversightPlan.Status.ADOPTED:
        rules.can_amend_plan(actor, plan).enforce()
        if not reason.strip():
            raise ValidationError({"reason": _("An adopted plan is amended only with a recorded reason.")},
                                  code="reason_required")
    topic = Topic.objects.create(plan=plan, kind=kind, title=title, lead_committee=lead_committee,
                                 meeting=meeting, description=description)
    topic.target_units.set(target_units)
    for step_title, due_on in steps:
        topic.steps.create(title=step_title, due_on=due_on)
    if plan.status == OversightPlan.Status.ADOPTED:
        PlanAmendment.objects.create(plan=plan, reason=reason, change=_("Topic added: %(title)s") % {"title": title},
                                     actor=actor)
        audit.record(plan, "oversight.plan.amend", actor=actor, note=reason, topic=topic.pk)
    audit.record(topic, "oversight.topic.add", actor=actor)
    return topic


@transaction.atomic
def adopt_plan(plan, *, actor, approval_document, adopted_on=None):
    """The plan is adopted with its approval document (主任会议 / 常委会 decision)."""
    plan = lock(OversightPlan.objects.all(), plan.pk)
    rules.can_adopt_plan(actor, plan).enforce()
    if not approval_document.strip():
        raise ValidationError({"approval_document": _("Name the approval document.")}, code="required")
    plan.status, plan.approval_document = OversightPlan.Status.ADOPTED, approval_document
    plan.adopted_on = adopted_on or timezone.localdate()
    plan.save(update_fields=["status", "approval_document", "adopted_on"])
    audit.record(plan, "oversight.plan.adopt", actor=actor, document=approval_document)
    return plan


@transaction.atomic
def publish_plan(plan, *, actor):
    plan = lock(OversightPlan.objects.all(), plan.pk)
    rules.can_manage(actor).enforce()
    if plan.status != OversightPlan.Status.ADOPTED:
        raise ValidationError(_("Only an adopted plan is published."), code="state")
    if plan.published_at is None:
        plan.published_at = timezone.now()
        plan.save(update_fields=["published_at"])
        audit.record(plan, "oversight.plan.publish", actor=actor)
    return plan


@transaction.atomic
def amend_plan(plan, *, actor, reason, change, topic=None, meeting=None):
    """Change an adopted plan (e.g. move a topic to another meeting) with a recorded reason."""
    plan = lock(OversightPlan.objects.all(), plan.pk)
    rules.can_amend_plan(actor, plan).enforce()
    if not reason.strip():
        raise ValidationError({"reason": _("An adopted plan is amended only with a recorded reason.")},
                              code="reason_required")
    if topic is not None:
        if topic.plan_id != plan.pk:
            raise ValidationError({"topic": _("The topic belongs to another plan.")}, code="other_plan")
        topic.meeting = meeting
        topic.save(update_fields=["meeting"])
    amendment = PlanAmendment.objects.create(plan=plan, reason=reason, change=change, actor=actor)
    audit.record(plan, "oversight.plan.amend", actor=actor, note=reason, change=change)
    return amendment
