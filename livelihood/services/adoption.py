"""Adoption (代表定单): the published result of the candidate ballot makes the year's projects."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress import audit
from congress.locking import lock, lock_all
from livelihood.models import Cycle, Project, Proposal


def adopt(cycle, *, actor, results):
    """Turn a counted, verified and published candidate ballot into adopted projects.

    Called by the ballot's publication (livelihood/voting.py), which staff did. Rule 21: the
    ballot machinery decides (more than half of all deputies or of valid papers, within
    the K seats, run-off for a tie at the cut-off); `results` is its answer, a list of
    (project_id, yes_votes, adopted). Fewer adopted than seats is recorded on the timeline and
    shown on the result page, never filled silently.
    """
    with transaction.atomic():
        cycle = lock(Cycle.objects.all(), cycle.pk)
        if cycle.stage != Cycle.Stage.BALLOT:
            raise ValidationError(_("The cycle is not at the ballot stage."), code="stage")
        projects = {p.pk: p for p in lock_all(Project.objects.filter(cycle=cycle, status=Project.Status.CANDIDATE))}
        if {pk for pk, _yes, _adopted in results} != set(projects):
            raise ValidationError(_("The result does not name exactly this cycle's candidates."), code="mismatch")
        ranked = sorted(results, key=lambda row: (-row[1], projects[row[0]].position))
        adopted = 0
        for rank, (pk, yes, is_adopted) in enumerate(ranked, start=1):
            project = projects[pk]
            project.yes_votes, project.rank = yes, rank
            project.status = Project.Status.ADOPTED if is_adopted else Project.Status.NOT_ADOPTED
            adopted += bool(is_adopted)
            project.save(update_fields=["yes_votes", "rank", "status"])
            Proposal.objects.filter(project=project).update(
                status=Proposal.Status.ADOPTED if is_adopted else Proposal.Status.NOT_ADOPTED)
        cycle.stage, cycle.result_published_at = Cycle.Stage.IMPLEMENTATION, timezone.now()
        cycle.save(update_fields=["stage", "result_published_at"])
        audit.record(cycle, "livelihood.cycle.projects_adopted", actor=actor, adopted=adopted, seats=cycle.seats,
                     too_few=adopted < cycle.seats)
    return cycle
