"""Collection (群众点单): proposals from residents, deputies and units; triage by the office."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from congress import audit
from congress.locking import lock
from livelihood import rules
from livelihood.models import Cycle, Proposal, is_office

# The stages in order; the office moves a cycle one step forward at a time.
ORDER = [choice for choice, _label in Cycle.Stage.choices]


def advance_stage(cycle, *, actor, to):
    """Move the cycle to its next stage. Rule 20: the ballot stage needs a published candidate list."""
    with transaction.atomic():
        cycle = lock(Cycle.objects.all(), cycle.pk)
        rules.can_manage_cycle(actor, cycle).enforce()
        if to not in ORDER or ORDER.index(to) != ORDER.index(cycle.stage) + 1:
            raise ValidationError(_("A cycle moves one stage forward at a time."), code="stage")
        if to == Cycle.Stage.BALLOT and not cycle.candidates_published_at:
            raise ValidationError(_("Rule 20: publish the approved candidate list to deputies first."), code="state")
        before, cycle.stage = cycle.stage, to
        cycle.save(update_fields=["stage"])
        audit.record(cycle, "livelihood.cycle.stage_changed", actor=actor, before=before, after=to)
    return cycle


def submit_proposal(cycle, *, actor=None, source, title, description, place="", category=Proposal.Category.OTHER,
                    contact_name="", contact_phone="", responsible_unit=None):
    """A resident (no account), a deputy or a unit proposes a project (domain.md §3, 征集)."""
    with transaction.atomic():
        cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)  # the stage cannot change underneath
        rules.can_propose(actor, cycle).enforce()
        proposal = Proposal.objects.create(
            cycle=cycle, source=source, title=title.strip(), description=description.strip(), place=place.strip(),
            category=category, contact_name=contact_name.strip(), contact_phone=contact_phone.strip(),
            submitted_by=actor if actor is not None and actor.is_authenticated else None,
            responsible_unit=responsible_unit,
        )
        # No contact details in the timeline: it is shown to more people than the proposal's contact.
        audit.record(proposal, "livelihood.proposal.received", actor=actor, source=source)
    return proposal


def merge_proposal(proposal, *, into, actor):
    """Merge a duplicate into another proposal of the same cycle; the public sees "merged"."""
    with transaction.atomic():
        first, second = sorted([proposal.pk, into.pk])  # one lock order for both rows
        locked = {p.pk: p for p in (lock(Proposal.objects.select_related("cycle"), first),
                                    lock(Proposal.objects.select_related("cycle"), second))}
        proposal, into = locked[proposal.pk], locked[into.pk]
        rules.can_triage(actor, proposal).enforce()
        if proposal.pk == into.pk or into.cycle_id != proposal.cycle_id:
            raise ValidationError(_("Merge into another proposal of the same cycle."), code="invalid")
        if into.status in (Proposal.Status.MERGED, Proposal.Status.SCREENED_OUT):
            raise ValidationError(_("That proposal is itself merged or screened out."), code="state")
        proposal.status, proposal.merged_into = Proposal.Status.MERGED, into
        proposal.save(update_fields=["status", "merged_into"])
        audit.record(proposal, "livelihood.proposal.merged", actor=actor, into=into.pk)
    return proposal


def screen_out_proposal(proposal, *, actor, reason):
    """Screen a proposal out; the reason is public (domain.md §3: necessity, feasibility, fiscal capacity)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason; residents see it.")}, code="required")
    with transaction.atomic():
        proposal = lock(Proposal.objects.select_related("cycle"), proposal.pk)
        rules.can_triage(actor, proposal).enforce()
        proposal.status, proposal.screen_out_reason = Proposal.Status.SCREENED_OUT, reason
        proposal.save(update_fields=["status", "screen_out_reason"])
        audit.record(proposal, "livelihood.proposal.screened_out", actor=actor, note=reason)
    return proposal


def assess_proposal(proposal, *, actor, feasibility, estimated_cost=None, assessment="", responsible_unit=None):
    """The responsible unit (or the office) records feasibility, the estimated cost and the unit (论证筛选)."""
    if feasibility not in Proposal.Feasibility.values or not feasibility:
        raise ValidationError({"feasibility": _("Choose a feasibility.")}, code="invalid")
    with transaction.atomic():
        proposal = lock(Proposal.objects.select_related("cycle"), proposal.pk)
        rules.can_assess(actor, proposal).enforce()
        proposal.feasibility, proposal.estimated_cost = feasibility, estimated_cost
        proposal.assessment = assessment.strip()
        fields = ["feasibility", "estimated_cost", "assessment"]
        if responsible_unit is not None and is_office(actor):
            proposal.responsible_unit = responsible_unit
            fields.append("responsible_unit")
        proposal.save(update_fields=fields)
        audit.record(proposal, "livelihood.proposal.assessed", actor=actor, feasibility=feasibility,
                     estimated_cost=str(estimated_cost) if estimated_cost is not None else None)
    return proposal


def create_cycle(*, actor, year, title, seats, proposals_close_on=None, session_on=None):
    """Create a year's cycle, open for proposals at once (domain.md §3, 征集)."""
    from congress.rules import forbid

    if not is_office(actor):
        forbid(_("Only the office can do this.")).enforce()
    with transaction.atomic():
        if Cycle.objects.filter(year=year).exists():
            raise ValidationError({"year": _("This year already has a cycle.")}, code="unique")
        cycle = Cycle.objects.create(year=year, title=title.strip(), seats=seats, stage=Cycle.Stage.COLLECTION,
                                     proposals_close_on=proposals_close_on, session_on=session_on)
        audit.record(cycle, "livelihood.cycle.created", actor=actor, year=year, seats=seats)
    return cycle
