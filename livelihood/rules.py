"""Who may do what in the livelihood cycle: predicates returning a `Verdict` (congress/rules.py).

Services call them after locking; pages call them to decide which actions to show.
"""

from django.utils.translation import gettext as _

from congress.rules import allow, deny, forbid
from livelihood.models import Cycle, Project, Proposal, is_office


def _office(user):
    return allow() if is_office(user) else forbid(_("Only the office can do this."))


def can_manage_cycle(user, cycle=None):
    return _office(user)


def can_propose(user, cycle):
    if cycle.stage != Cycle.Stage.COLLECTION:
        return deny(_("This cycle is not collecting proposals."), "stage")
    return allow()


def can_triage(user, proposal):
    verdict = _office(user)
    if not verdict:
        return verdict
    if proposal.cycle.stage not in (Cycle.Stage.COLLECTION, Cycle.Stage.SCREENING):
        return deny(_("Proposals can only be triaged while the cycle collects or screens."), "stage")
    if proposal.status != Proposal.Status.RECEIVED:
        return deny(_("Only a received proposal can be merged, screened out or shortlisted."), "state")
    return allow()


def can_assess(user, proposal):
    """The responsible unit (or the office) assesses feasibility and cost during screening."""
    if not (is_office(user) or (user.is_authenticated and user.unit_id
                                and user.unit_id == proposal.responsible_unit_id)):
        return forbid(_("Only the responsible unit or the office can assess this proposal."))
    if proposal.status != Proposal.Status.RECEIVED:
        return deny(_("Only a received proposal can be assessed."), "state")
    return allow()


def can_edit_candidates(user, cycle):
    verdict = _office(user)
    if not verdict:
        return verdict
    if cycle.stage not in (Cycle.Stage.COLLECTION, Cycle.Stage.SCREENING) or cycle.candidates_approved_at:
        return deny(_("The candidate list is approved and can no longer change."), "stage")
    return allow()


def can_approve_candidates(user, cycle):
    verdict = can_edit_candidates(user, cycle)
    if not verdict:
        return verdict
    return allow()


def can_publish_candidates(user, cycle):
    verdict = _office(user)
    if not verdict:
        return verdict
    if not cycle.candidates_approved_at:
        return deny(_("Approve the candidate list before publishing it."), "state")
    if cycle.candidates_published_at:
        return deny(_("The candidate list is already published."), "state")
    return allow()


def can_run_ballot(user, cycle):
    verdict = _office(user)
    if not verdict:
        return verdict
    if not cycle.candidates_published_at:
        return deny(_("Rule 20: the candidate list must be published to deputies before the ballot."), "state")
    if cycle.stage != Cycle.Stage.BALLOT:
        return deny(_("The cycle is not at the ballot stage."), "stage")
    return allow()


def can_report_progress(user, project):
    if not (is_office(user) or (user.is_authenticated and user.unit_id and user.unit_id == project.lead_unit_id)):
        return forbid(_("Only the project's responsible unit can report its progress."))
    if project.status != Project.Status.ADOPTED:
        return deny(_("Progress is reported only on an adopted project that is not completed."), "state")
    return allow()


def can_plan_project(user, project):
    verdict = _office(user)
    if not verdict:
        return verdict
    if not project.is_adopted:
        return deny(_("Only an adopted project has milestones and checks."), "state")
    return allow()


def can_record_check(user, project, kind):
    from livelihood.models import Check

    if kind == Check.Kind.SELF and user.is_authenticated and user.unit_id == project.lead_unit_id:
        return allow() if project.is_adopted else deny(_("Only an adopted project is checked."), "state")
    return can_plan_project(user, project)


def can_answer_survey(cycle):
    if not cycle.is_survey_open:
        return deny(_("The residents' survey of this cycle is not open."), "closed")
    return allow()


def can_rectify(user, project):
    if not (is_office(user) or (user.is_authenticated and user.unit_id and user.unit_id == project.lead_unit_id)):
        return forbid(_("Only the project's responsible unit reports its rectification."))
    return allow()
