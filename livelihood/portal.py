"""Portal pages under /portal/livelihood/: deputies read the candidates, vote on a phone (review,
then cast, then the receipt once), follow adopted projects and rate them; unit handlers see their
projects, post progress and mark sub-projects done.

The receipt is rendered in the casting response only: it is never put in the session, a message
or a notification, each of which is stored beside the voter's id.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from congress.ballots import services as ballots
from congress.ballots import tally
from congress.ballots.models import Ballot, BallotElector, BallotParticipation
from livelihood import forms, selectors, services, voting
from livelihood.models import Cycle, Project, Proposal, Rectification, SubProject

MARK_LABELS = {tally.YES: _("Yes"), tally.NO: _("No"), tally.ABSTAIN: _("Abstain"),
               tally.SATISFIED: _("Satisfied"), tally.BASICALLY: _("Basically satisfied"),
               tally.UNSATISFIED: _("Unsatisfied")}


def _is_deputy(user):
    return getattr(user, "deputy", None) is not None


def portal_cards(user) -> list[dict]:
    cycle = Cycle.objects.published().first()
    if cycle is None or not (_is_deputy(user) or user.unit_id):
        return []
    open_ballots = []
    if _is_deputy(user):
        ids = [b for b in [getattr(voting.current_ballot(cycle), "pk", None), cycle.rating_ballot_id] if b]
        voted = set(BallotParticipation.objects.filter(ballot_id__in=ids, user=user)
                    .values_list("ballot_id", flat=True))
        open_ballots = list(Ballot.objects.filter(pk__in=ids, status=Ballot.Status.OPEN, electors__user=user)
                            .exclude(pk__in=voted))
    projects = list(Project.objects.filter(cycle=cycle, lead_unit_id=user.unit_id).adopted()) if user.unit_id else []
    return [{"template": "livelihood/portal/card.html", "cycle": cycle, "open_ballots": open_ballots,
             "projects": projects}]


@login_required
def home(request):
    cycles = Cycle.objects.published()
    projects = (Project.objects.filter(lead_unit_id=request.user.unit_id).select_related("cycle")
                if request.user.unit_id else Project.objects.none())
    return render(request, "livelihood/portal/home.html", {"cycles": cycles, "projects": projects,
                                                           "is_deputy": _is_deputy(request.user)})


@login_required
def cycle_detail(request, pk):
    cycle = get_object_or_404(Cycle.objects.published(), pk=pk)
    projects = list(Project.objects.visible_to(request.user).filter(cycle=cycle).select_related("lead_unit")
                    .prefetch_related("subprojects"))
    ballot_ids = [b for b in [getattr(voting.current_ballot(cycle), "pk", None), cycle.rating_ballot_id] if b]
    open_ballots = list(Ballot.objects.filter(pk__in=ballot_ids, status=Ballot.Status.OPEN,
                                              electors__user=request.user))
    voted = set(BallotParticipation.objects.filter(ballot_id__in=ballot_ids, user=request.user)
                .values_list("ballot_id", flat=True))
    adopted = [p for p in projects if p.is_adopted]
    return render(request, "livelihood/portal/cycle.html", {
        "cycle": cycle, "projects": projects, "adopted": adopted, "open_ballots": open_ballots, "voted": voted,
        "completion": selectors.completion_by_project(adopted), "result": voting.public_result(cycle),
        "propose_form": forms.DeputyProposalForm() if cycle.stage == Cycle.Stage.COLLECTION else None,
    })


@login_required
@require_POST
def propose(request, pk):
    cycle = get_object_or_404(Cycle.objects.published(), pk=pk)
    form = forms.DeputyProposalForm(request.POST)
    source = Proposal.Source.DEPUTY if _is_deputy(request.user) else Proposal.Source.UNIT if request.user.unit_id \
        else None
    if source is None:
        raise PermissionDenied
    if form.is_valid():
        try:
            services.submit_proposal(cycle, actor=request.user, source=source, **form.cleaned_data,
                                     responsible_unit=request.user.unit if request.user.unit_id else None)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Proposal received."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("livelihood_portal:cycle_detail", pk=cycle.pk)


def _ballot_for(request, cycle, ballot_pk):
    ids = {b.pk for b in voting.ballot_chain(cycle.candidate_ballot_id or 0)} | {cycle.rating_ballot_id}
    if ballot_pk not in ids:
        raise PermissionDenied
    ballot = get_object_or_404(Ballot.objects.visible_to(request.user), pk=ballot_pk)
    if not BallotElector.objects.filter(ballot=ballot, user=request.user).exists():
        raise PermissionDenied
    return ballot


def _read_marks(request, options, allowed):
    marks = {}
    for option in options:
        value = request.POST.get(f"mark_{option.key}", "")
        if value not in allowed:
            return None
        marks[option.key] = value
    return marks


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def vote(request, pk, ballot_pk):
    """The ballot on a phone: mark every option, review, cast; the receipt is shown once."""
    cycle = get_object_or_404(Cycle.objects.published(), pk=pk)
    ballot = _ballot_for(request, cycle, ballot_pk)
    options = list(ballot.options.all())
    allowed = ballot.marks_allowed()
    has_voted = BallotParticipation.objects.filter(ballot=ballot, user=request.user).exists()
    context = {"cycle": cycle, "ballot": ballot, "options": options, "has_voted": has_voted,
               "choices": [(m, MARK_LABELS[m]) for m in allowed]}
    if request.method == "GET" or has_voted or not ballot.is_open:
        return render(request, "livelihood/portal/vote.html", context)
    marks = _read_marks(request, options, allowed)
    if marks is None:
        context["error"] = _("Mark every option.")
        return render(request, "livelihood/portal/vote.html", context, status=400)
    yes = sum(1 for v in marks.values() if v == tally.YES)
    context.update(marks=marks, rows=[(o, MARK_LABELS[marks[o.key]]) for o in options], yes=yes)
    if ballot.kind == Ballot.Kind.COMPETITIVE and yes > ballot.max_yes:
        context["error"] = _("Mark at most %(n)d projects \"yes\"; a paper with more is invalid.") % {
            "n": ballot.max_yes}
        return render(request, "livelihood/portal/vote.html", context, status=400)
    if request.POST.get("step") != "cast":
        return render(request, "livelihood/portal/vote_review.html", context)
    try:
        receipt = ballots.cast(ballot.pk, request.user, marks)
    except ValidationError as error:
        context["error"] = " ".join(error.messages)
        return render(request, "livelihood/portal/vote.html", context, status=409)
    return render(request, "livelihood/portal/vote_receipt.html", {"cycle": cycle, "ballot": ballot,
                                                                   "receipt": receipt})


@login_required
def project_detail(request, pk):
    project = get_object_or_404(Project.objects.visible_to(request.user).for_list(), pk=pk)
    is_unit = request.user.unit_id == project.lead_unit_id
    return render(request, "livelihood/portal/project.html", {
        "project": project, "is_unit": is_unit, "milestones": project.milestones.all(),
        "subprojects": project.subprojects.all(), "reports": project.progress_reports.all()[:20],
        "rectifications": project.rectifications.filter(status=Rectification.Status.OPEN) if is_unit else [],
        "progress_form": forms.ProgressForm(project=project) if is_unit else None,
        "completion": selectors.completion_by_project([project]).get(project.pk),
    })


def _unit_project(request, pk):
    project = get_object_or_404(Project.objects.visible_to(request.user), pk=pk)
    if request.user.unit_id != project.lead_unit_id:
        raise PermissionDenied
    return project


@login_required
@require_POST
def post_progress(request, pk):
    project = _unit_project(request, pk)
    form = forms.ProgressForm(request.POST, request.FILES, project=project)
    if form.is_valid():
        try:
            services.post_progress(project, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Progress posted."))
            return redirect("livelihood_portal:project_detail", pk=project.pk)
    return render(request, "livelihood/portal/project.html", {
        "project": project, "is_unit": True, "milestones": project.milestones.all(),
        "subprojects": project.subprojects.all(), "reports": project.progress_reports.all()[:20],
        "progress_form": form, "completion": selectors.completion_by_project([project]).get(project.pk),
    }, status=400)


@login_required
@require_POST
def subproject_done(request, pk, sub_pk):
    project = _unit_project(request, pk)
    subproject = get_object_or_404(SubProject.objects.filter(project=project), pk=sub_pk)
    try:
        services.complete_subproject(subproject, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Sub-project marked done."))
    return redirect("livelihood_portal:project_detail", pk=project.pk)


@login_required
@require_POST
def rectification_report(request, pk, rect_pk):
    project = _unit_project(request, pk)
    rectification = get_object_or_404(Rectification.objects.filter(project=project), pk=rect_pk)
    report = request.POST.get("report", "").strip()[:4000]
    if not report:
        messages.error(request, _("Describe what was fixed."))
    else:
        try:
            services.close_rectification(rectification, actor=request.user, report=report)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Rectification reported."))
    return redirect(reverse("livelihood_portal:project_detail", args=[project.pk]))
