"""Screening (论证筛选): candidates built from proposals, the list approved and published (rule 20)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from congress import audit, notifications
from congress.locking import lock, lock_all
from congress.texts import Text
from livelihood import rules
from livelihood.models import Cycle, Project, Proposal, SubProject


def add_candidate(cycle, *, actor, name, budget, lead_unit, completion_on, description="", proposals=(),
                  subprojects=()):
    """Shortlist a candidate from proposals. Rule 20: a name, a budget, a lead unit and a completion date."""
    missing = [field for field, value in (("name", name), ("budget", budget), ("lead_unit", lead_unit),
                                          ("completion_on", completion_on)) if value in (None, "")]
    if missing:
        raise ValidationError({field: _("Rule 20: every candidate needs this.") for field in missing},
                              code="required")
    with transaction.atomic():
        cycle = lock(Cycle.objects.all(), cycle.pk)
        rules.can_edit_candidates(actor, cycle).enforce()
        if Project.objects.filter(cycle=cycle, name=name.strip()).exists():
            raise ValidationError({"name": _("A candidate of this cycle already has this name.")}, code="unique")
        locked = lock_all(Proposal.objects.filter(pk__in=[p.pk for p in proposals]))
        if any(p.cycle_id != cycle.pk or p.status != Proposal.Status.RECEIVED for p in locked):
            raise ValidationError(_("Only received proposals of this cycle can become a candidate."), code="state")
        project = Project.objects.create(
            cycle=cycle, name=name.strip(), budget=budget, lead_unit=lead_unit, completion_on=completion_on,
            description=description.strip(), position=Project.objects.filter(cycle=cycle).count() + 1,
        )
        SubProject.objects.bulk_create([SubProject(project=project, name=s.strip()) for s in subprojects if s.strip()])
        Proposal.objects.filter(pk__in=[p.pk for p in locked]).update(status=Proposal.Status.CANDIDATE,
                                                                      project=project)
        audit.record(project, "livelihood.project.shortlisted", actor=actor, proposals=[p.pk for p in locked])
    return project


def approve_candidates(cycle, *, actor, document):
    """Approve the candidate list with its document. Rule 20: more candidates than seats (差额), each complete."""
    document = (document or "").strip()
    if not document:
        raise ValidationError({"document": _("Name the document that approves the list.")}, code="required")
    with transaction.atomic():
        cycle = lock(Cycle.objects.all(), cycle.pk)
        rules.can_approve_candidates(actor, cycle).enforce()
        candidates = list(Project.objects.filter(cycle=cycle, status=Project.Status.CANDIDATE))
        if len(candidates) <= cycle.seats:
            raise ValidationError(
                _("Rule 20: the list needs more candidates than the %(seats)d projects to adopt; it has %(count)d.")
                % {"seats": cycle.seats, "count": len(candidates)}, code="too_few_candidates")
        cycle.candidates_approved_at, cycle.candidates_approved_by = timezone.now(), actor
        cycle.candidate_document = document
        if cycle.stage == Cycle.Stage.COLLECTION:
            cycle.stage = Cycle.Stage.SCREENING
        cycle.save(update_fields=["candidates_approved_at", "candidates_approved_by", "candidate_document", "stage"])
        audit.record(cycle, "livelihood.cycle.candidates_approved", actor=actor, document=document,
                     candidates=len(candidates))
    return cycle


def publish_candidates(cycle, *, actor, notify_deputies=True):
    """Publish the approved list to deputies before the session (rule 20); the cycle moves to its ballot."""
    from deputies.models import Deputy

    with transaction.atomic():
        cycle = lock(Cycle.objects.all(), cycle.pk)
        rules.can_publish_candidates(actor, cycle).enforce()
        cycle.candidates_published_at = timezone.now()
        cycle.stage = Cycle.Stage.BALLOT
        cycle.save(update_fields=["candidates_published_at", "stage"])
        audit.record(cycle, "livelihood.cycle.candidates_published", actor=actor)
        if notify_deputies:
            title = Text(gettext_noop("The candidate livelihood projects of %(year)s are published"), year=cycle.year)
            serving = Deputy.objects.filter(status=Deputy.Status.SERVING, user__is_active=True)
            for deputy in serving.select_related("user"):
                notifications.notify(deputy.user, "livelihood.candidates_published", title,
                                     url=f"/portal/livelihood/cycles/{cycle.pk}/", channels=("email",))
    return cycle
