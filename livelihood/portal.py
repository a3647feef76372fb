"""Portal pages under /portal/livelihood/: deputies read the candidates, vote on a phone (review,
then cast, then the receipt once), follow adopted projects and rate them; unit handlers see their
projects, post progress and mark sub-projects done.

The receipt is rendered in the casting response only: it is never put in the session, a message
or a notification, each of which is stored beside the voter's id.
"""

from django import forms as django_forms
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from congress.ballots import services as ballots
from congress.ballots import tally
from congress.ballots.models import Ballot, BallotElector, BallotParticipation
from congress.views import ActionView, form_on_page
from livelihood import forms, rules, selectors, services, voting
from livelihood.models import Cycle, Project, Proposal, Rectification, SubProject


def _is_deputy(user):
    return getattr(user, "deputy", None) is not None


def _proposal_source(user):
    if _is_deputy(user):
        return Proposal.Source.DEPUTY
    return Proposal.Source.UNIT if user.unit_id else None


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


def cycle_page(request, cycle, failed=None) -> tuple[str, dict]:
    user = request.user
    projects = list(Project.objects.visible_to(user).filter(cycle=cycle).select_related("lead_unit")
                    .prefetch_related("subprojects"))
    ballot_ids = [b for b in [getattr(voting.current_ballot(cycle), "pk", None), cycle.rating_ballot_id] if b]
    open_ballots = list(Ballot.objects.filter(pk__in=ballot_ids, status=Ballot.Status.OPEN, electors__user=user))
    voted = set(BallotParticipation.objects.filter(ballot_id__in=ballot_ids, user=user)
                .values_list("ballot_id", flat=True))
    adopted = [p for p in projects if p.is_adopted]
    context = {"cycle": cycle, "projects": projects, "adopted": adopted, "open_ballots": open_ballots, "voted": voted,
               "completion": selectors.completion_by_project(adopted), "result": voting.public_result(cycle)}
    if _proposal_source(user) and rules.can_propose(user, cycle):
        context["propose_form"] = form_on_page(failed, "propose", lambda: forms.DeputyProposalForm(
            auto_id="propose_%s"))
    return "livelihood/portal/cycle.html", context


def get_published_cycle(user, pk) -> Cycle:
    """A published cycle: every signed-in user may read one (the loaders' (user, pk) shape)."""
    return get_object_or_404(Cycle.objects.published(), pk=pk)


@login_required
def cycle_detail(request, pk):
    template, context = cycle_page(request, get_published_cycle(request.user, pk))
    return render(request, template, context)


class ProposeView(LoginRequiredMixin, ActionView):
    """A deputy or a unit proposes a project through the portal (群众点单 has the public page)."""

    form_class = forms.DeputyProposalForm
    page_key = "propose"
    load = get_published_cycle
    detail_url = "livelihood_portal:cycle_detail"
    render_page = cycle_page

    def perform(self, cycle, form):
        user = self.request.user
        source = _proposal_source(user)
        if source is None:
            raise PermissionDenied(_("Only deputies and units propose projects here."))
        services.submit_proposal(cycle, actor=user, source=source, **form.cleaned_data,
                                 responsible_unit=user.unit if user.unit_id else None)
        return _("Proposal received.")


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
    cycle = get_published_cycle(request.user, pk)
    ballot = _ballot_for(request, cycle, ballot_pk)
    options = list(ballot.options.all())
    allowed = ballot.marks_allowed()
    has_voted = BallotParticipation.objects.filter(ballot=ballot, user=request.user).exists()
    context = {"cycle": cycle, "ballot": ballot, "options": options, "has_voted": has_voted,
               "choices": [(m, forms.MARK_LABELS[m]) for m in allowed]}
    if request.method == "GET" or has_voted or not ballot.is_open:
        return render(request, "livelihood/portal/vote.html", context)
    marks = _read_marks(request, options, allowed)
    if marks is None:
        context["error"] = _("Mark every option.")
        return render(request, "livelihood/portal/vote.html", context, status=400)
    yes = sum(1 for v in marks.values() if v == tally.YES)
    context.update(marks=marks, rows=[(o, forms.MARK_LABELS[marks[o.key]]) for o in options], yes=yes)
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


def project_page(request, project, failed=None) -> tuple[str, dict]:
    """A project's progress; its unit also posts progress, marks sub-projects done and reports rectifications."""
    is_unit = request.user.unit_id == project.lead_unit_id
    subprojects = list(project.subprojects.all())
    rectifications = list(project.rectifications.filter(status=Rectification.Status.OPEN)) if is_unit else []
    context = {"project": project, "is_unit": is_unit, "milestones": project.milestones.all(),
               "subprojects": subprojects, "reports": project.progress_reports.all()[:20],
               "rectifications": rectifications,
               "completion": selectors.completion_by_project([project]).get(project.pk)}
    if is_unit and rules.can_report_progress(request.user, project):
        context["progress_form"] = form_on_page(failed, "progress", lambda: forms.ProgressForm(
            project=project, auto_id="progress_%s"))
        for subproject in subprojects:
            if not subproject.is_done:
                key = f"subproject{subproject.pk}"
                subproject.done_form = form_on_page(failed, key, lambda key=key: django_forms.Form(auto_id=f"{key}_%s"))
    for rectification in rectifications:
        key = f"rectification{rectification.pk}"
        rectification.form = form_on_page(failed, key, lambda key=key: forms.RectificationForm(auto_id=f"{key}_%s"))
    return "livelihood/portal/project.html", context


def get_project(user, pk) -> Project:
    return get_object_or_404(Project.objects.visible_to(user).for_list(), pk=pk)


def get_led_project(user, pk) -> Project:
    """A project of the user's unit as its responsible unit; anyone else is refused (403, or 404 when
    they may not even see the project)."""
    project = get_project(user, pk)
    if user.unit_id != project.lead_unit_id:
        raise PermissionDenied
    return project


@login_required
def project_detail(request, pk):
    template, context = project_page(request, get_project(request.user, pk))
    return render(request, template, context)


class UnitProjectAction(LoginRequiredMixin, ActionView):
    """An action of the project's responsible unit (`get_led_project`)."""

    form_class = django_forms.Form
    load = get_led_project
    detail_url = "livelihood_portal:project_detail"
    render_page = project_page


class ProgressView(UnitProjectAction):
    form_class = forms.ProgressForm
    page_key = "progress"

    def form_kwargs(self, project):
        return {"project": project}

    def perform(self, project, form):
        services.post_progress(project, actor=self.request.user, **form.cleaned_data)
        return _("Progress posted.")


class SubProjectDoneView(UnitProjectAction):
    confirm = gettext_lazy("Mark this sub-project done? It cannot be undone.")

    def get_page_key(self):
        return f"subproject{self.kwargs['sub_pk']}"

    def get_object(self):
        project = super().get_object()
        self.subproject = get_object_or_404(SubProject.objects.filter(project=project), pk=self.kwargs["sub_pk"])
        return project

    def perform(self, project, form):
        services.complete_subproject(self.subproject, actor=self.request.user)
        return _("Sub-project marked done.")


class RectificationView(UnitProjectAction):
    confirm = gettext_lazy("Report this rectification as done? The report cannot be changed afterwards.")
    form_class = forms.RectificationForm

    def get_page_key(self):
        return f"rectification{self.kwargs['rect_pk']}"

    def get_object(self):
        project = super().get_object()
        self.rectification = get_object_or_404(Rectification.objects.filter(project=project),
                                               pk=self.kwargs["rect_pk"])
        return project

    def perform(self, project, form):
        services.close_rectification(self.rectification, actor=self.request.user, report=form.cleaned_data["report"])
        return _("Rectification reported.")
