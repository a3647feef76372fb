"""The cycle's two secret votes through the shared ballot machinery (congress.ballots):
the competitive candidate ballot (rules 20–21) and the deputies' year-end rating (rules 15, 23).

The cycle owns its ballots (`register_owner` in apps.py): the electorate is every serving deputy
with an account, snapshotted when a ballot opens; casting awards the voting duty point
(participation only); publishing a ballot applies its result to the cycle. The machinery decides
the result; this module only maps options to projects.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from congress import audit
from congress.ballots import services as ballots
from congress.ballots import tally
from congress.ballots.models import Ballot, BallotOption, BallotPaper
from congress.locking import lock
from livelihood import rules
from livelihood.duties import award_voting_point
from livelihood.models import Cycle, Project

# The machinery's satisfaction marks → the project's rating.
RATING = {tally.SATISFIED: Project.Rating.SATISFIED, tally.BASICALLY: Project.Rating.BASICALLY,
          tally.UNSATISFIED: Project.Rating.UNSATISFIED}


def electorate(ballot):
    """Every serving deputy with an active account (the congress's deputies: rule 21 counts all of them)."""
    from congress.models import User
    from deputies.models import Deputy

    return User.objects.filter(is_active=True, deputy__status=Deputy.Status.SERVING)


def on_cast(ballot, user):
    award_voting_point(user, ballot)


def on_published(ballot):
    cycle = Cycle.objects.get(pk=ballot.object_id)
    if ballot.kind == Ballot.Kind.COMPETITIVE:
        _apply_candidate_chain(cycle, ballot)
    else:
        _apply_ratings(cycle, ballot)


def register():
    from congress.ballots import register_owner

    register_owner(Cycle, on_cast=on_cast, electorate=electorate, on_published=on_published,
                   label=_("Livelihood cycle"))


# --------------------------------------------------------------------------- the candidate ballot


def start_candidate_ballot(cycle, *, actor, majority_base=Ballot.MajorityBase.ALL_ELECTORS,
                           receipts_with_marks=False, mode=Ballot.Mode.ELECTRONIC, papers_issued=None):
    """Create and open the competitive ballot of the published candidates (rules 20–21: K seats,
    at most K "yes" a paper, more candidates than seats)."""
    with transaction.atomic():
        cycle = lock(Cycle.objects.all(), cycle.pk)
        rules.can_run_ballot(actor, cycle).enforce()
        if cycle.candidate_ballot_id:
            raise ValidationError(_("This cycle's ballot has already been set up."), code="state")
        candidates = list(cycle.projects.filter(status=Project.Status.CANDIDATE).select_related("lead_unit"))
        if len(candidates) <= cycle.seats:
            raise ValidationError(_("Rule 20: more candidates than seats are needed."), code="too_few_candidates")
        options = [ballots.OptionSpec(p.name, p, _("%(budget)s ×10,000 yuan · %(unit)s · by %(date)s") % {
            "budget": p.budget, "unit": p.lead_unit.name, "date": p.completion_on.isoformat()}) for p in candidates]
        ballot = ballots.create_ballot(cycle, title=_("%(year)s livelihood projects: candidate ballot")
                                       % {"year": cycle.year}, kind=Ballot.Kind.COMPETITIVE, options=options,
                                       actor=actor, seats=cycle.seats, majority_base=majority_base,
                                       receipts_with_marks=receipts_with_marks, mode=mode)
        ballot = ballots.open_ballot(ballot.pk, actor=actor, papers_issued=papers_issued)
        cycle.candidate_ballot_id = ballot.pk
        cycle.save(update_fields=["candidate_ballot_id"])
        audit.record(cycle, "livelihood.cycle.ballot_opened", actor=actor, ballot=ballot.pk)
    return ballot


def open_runoff(ballot_id, *, actor):
    """Create and open the run-off among the candidates tied at the cut-off (rule 21: never a random
    pick), in one transaction: a run-off is never left behind as an unopened draft."""
    with transaction.atomic():
        runoff = ballots.start_runoff(ballot_id, actor=actor)
        return ballots.open_ballot(runoff.pk, actor=actor)


def ballot_chain(root_id):
    """The candidate ballot and its run-offs, oldest first."""
    chain, ballot = [], Ballot.objects.filter(pk=root_id).first()
    while ballot is not None:
        chain.append(ballot)
        ballot = Ballot.objects.filter(runoff_of=ballot).order_by("pk").first()
    return chain


def current_ballot(cycle):
    """The ballot deputies vote in now: the latest of the chain (a run-off once one is started)."""
    if not cycle.candidate_ballot_id:
        return None
    return ballot_chain(cycle.candidate_ballot_id)[-1]


def _option_projects(ballot) -> dict[str, int]:
    return {o.key: o.object_id for o in BallotOption.objects.filter(ballot=ballot)}


def _apply_candidate_chain(cycle, ballot):
    """When the last ballot of the chain is published without a pending run-off, adopt (rule 21)."""
    chain = ballot_chain(cycle.candidate_ballot_id)
    if chain[-1].pk != ballot.pk or ballot.result.get("runoff"):
        return  # a run-off is (or will be) held among the tied: adoption waits for it
    adopted, yes_votes = set(), {}
    for step in chain:
        projects = _option_projects(step)
        adopted |= {projects[key] for key in step.result.get("adopted", [])}
        if step is chain[0]:
            yes_votes = {projects[key]: entry["counts"][tally.YES] for key, entry in step.result["options"].items()}
    results = [(pk, yes_votes.get(pk, 0), pk in adopted) for pk in yes_votes]
    from livelihood.services.adoption import adopt

    adopt(cycle, results=results, actor=None)


# --------------------------------------------------------------------------- the year-end rating


def start_rating_ballot(cycle, *, actor):
    """Open the deputies' satisfaction ballot over every adopted project (rules 15 and 23)."""
    with transaction.atomic():
        cycle = lock(Cycle.objects.all(), cycle.pk)
        rules.can_manage_cycle(actor, cycle).enforce()
        if cycle.stage not in (Cycle.Stage.IMPLEMENTATION, Cycle.Stage.EVALUATION):
            raise ValidationError(_("The deputies rate the projects after implementation."), code="stage")
        if cycle.rating_ballot_id:
            raise ValidationError(_("The rating ballot has already been set up."), code="state")
        projects = list(cycle.projects.filter(status__in=Project.ADOPTED_STATUSES))
        if not projects:
            raise ValidationError(_("No adopted project to rate."), code="empty")
        ballot = ballots.create_ballot(cycle, title=_("%(year)s livelihood projects: deputies' rating")
                                       % {"year": cycle.year}, kind=Ballot.Kind.SATISFACTION,
                                       options=[ballots.OptionSpec(p.name, p) for p in projects], actor=actor)
        ballot = ballots.open_ballot(ballot.pk, actor=actor)
        cycle.rating_ballot_id = ballot.pk
        if cycle.stage == Cycle.Stage.IMPLEMENTATION:
            cycle.stage = Cycle.Stage.EVALUATION
        cycle.save(update_fields=["rating_ballot_id", "stage"])
        audit.record(cycle, "livelihood.cycle.rating_opened", actor=actor, ballot=ballot.pk)
    return ballot


def _apply_ratings(cycle, ballot):
    from livelihood.services.evaluation import apply_rating

    projects = _option_projects(ballot)
    for key, entry in ballot.result.get("options", {}).items():
        if entry.get("outcome"):  # None without quorum: no result (rule 15)
            apply_rating(Project.objects.get(pk=projects[key]), result=RATING[entry["outcome"]], actor=None)


# --------------------------------------------------------------------------- what pages show


def public_result(cycle):
    """The published candidate result (nothing before publication, rule 21 "results are published")."""
    if not cycle.candidate_ballot_id:
        return None
    chain = [b for b in ballot_chain(cycle.candidate_ballot_id) if b.is_published]
    return chain or None


def lookup_receipt(cycle, code):
    """Whether a receipt was counted in one of the cycle's published ballots; its marks only when
    the ballot publishes receipts with marks."""
    receipt = ballots.normalise_receipt(code)
    if not receipt:
        return None
    ids = [b.pk for b in Ballot.objects.published().filter(object_id=cycle.pk,
                                                           content_type__app_label="livelihood")]
    paper = BallotPaper.objects.filter(ballot_id__in=ids, receipt=receipt).select_related("ballot").first()
    if paper is None:
        return {"found": False}
    return {"found": True, "ballot": paper.ballot, "valid": paper.valid,
            "marks": paper.marks if paper.ballot.receipts_with_marks else None}
