"""Staff pages for livelihood cycles, mounted at /staff/livelihood/ (thin: forms in, services called).

Every action is a POST that calls one service; a refusal shows the service's message and keeps the
input. Reads start from `visible_to(user)`.
"""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from congress import exports
from congress.audit import timeline
from congress.ballots import services as ballots
from congress.ballots.models import Ballot
from congress.exports import Column
from congress.views import FilteredListView
from livelihood import forms, selectors, services, voting
from livelihood.filtersets import ProjectFilterSet, ProposalFilterSet
from livelihood.models import Cycle, Project, Proposal

VIEW = "livelihood.view_cycle"


def _staff(request):
    if not request.user.is_authenticated:
        raise PermissionDenied
    if not (request.user.has_perm("congress.access_staff_ui") and request.user.has_perm(VIEW)):
        raise PermissionDenied


def staff_required(view):
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        _staff(request)
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def staff_tiles(user) -> list[dict]:
    if not user.has_perm(VIEW):
        return []
    cycle = Cycle.objects.first()
    if cycle is None:
        return [{"key": "livelihood.cycles", "label": _("Livelihood projects"), "value": 0,
                 "url": reverse("livelihood:cycle_list"), "note": _("Create the year's cycle")}]
    received = cycle.proposals.filter(status=Proposal.Status.RECEIVED).count()
    return [{"key": "livelihood.cycle", "label": _("Livelihood projects %(year)s") % {"year": cycle.year},
             "value": received, "url": reverse("livelihood:cycle_detail", args=[cycle.pk]),
             "note": _("%(stage)s · proposals awaiting triage") % {"stage": cycle.get_stage_display()}}]


def _act(request, call, success, *, form=None, back):
    """Run one service; show its refusal once and go back, or its success message."""
    try:
        call()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect(back)


def _form_errors(request, form):
    for field, errors in form.errors.items():
        for error in errors:
            messages.error(request, f"{form.fields[field].label}: {error}" if field in form.fields else error)


@staff_required
def cycle_list(request):
    form = forms.CycleForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                cycle = services.create_cycle(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Cycle created; it is collecting proposals."))
                return redirect("livelihood:cycle_detail", pk=cycle.pk)
        return render(request, "livelihood/staff/cycle_list.html", {"cycles": Cycle.objects.all(), "form": form},
                      status=400)
    return render(request, "livelihood/staff/cycle_list.html", {"cycles": Cycle.objects.all(), "form": form})


def _ballot_context(cycle):
    ballot = voting.current_ballot(cycle)
    if ballot is None:
        return {}
    return {"ballot": ballot, "turnout": ballots.turnout(ballot),
            "chain": voting.ballot_chain(cycle.candidate_ballot_id),
            "mismatches": ballots.mismatches(ballot) if ballot.mode == Ballot.Mode.PAPER else []}


@staff_required
def cycle_detail(request, pk):
    """The cycle dashboard, stage by stage."""
    cycle = get_object_or_404(Cycle.objects.visible_to(request.user), pk=pk)
    proposals = cycle.proposals.aggregate(**{s: Count("pk", filter=Q(status=s)) for s in Proposal.Status.values})
    projects = list(cycle.projects.select_related("lead_unit").order_by("position", "id"))
    adopted = [p for p in projects if p.is_adopted]
    rating_ballot = Ballot.objects.filter(pk=cycle.rating_ballot_id).first() if cycle.rating_ballot_id else None
    overall, by_project, by_unit = selectors.survey_summaries(cycle)
    return render(request, "livelihood/staff/cycle_detail.html", {
        "cycle": cycle, "proposal_counts": proposals, "candidates": projects, "adopted": adopted,
        "completion": selectors.completion_by_project(adopted), "by_unit": selectors.completion_by_unit(cycle),
        "cycle_completion": selectors.completion_of_cycle(cycle), "candidate_form": forms.CandidateForm(cycle=cycle),
        "approve_form": forms.ApproveForm(), "survey_form": forms.SurveyWindowForm(),
        "rating_ballot": rating_ballot, "rating_turnout": ballots.turnout(rating_ballot) if rating_ballot else 0,
        "overall": overall, "by_project": by_project, "by_unit_survey": by_unit,
        "events": timeline(cycle), "stages": Cycle.Stage, **_ballot_context(cycle),
    })


@staff_required
@require_POST
def cycle_action(request, pk, action):
    cycle = get_object_or_404(Cycle.objects.visible_to(request.user), pk=pk)
    back = reverse("livelihood:cycle_detail", args=[cycle.pk])
    user = request.user
    if action == "candidate":
        form = forms.CandidateForm(request.POST, cycle=cycle)
        if not form.is_valid():
            _form_errors(request, form)
            return redirect(back)
        data = form.cleaned_data
        return _act(request, lambda: services.add_candidate(
            cycle, actor=user, name=data["name"], budget=data["budget"], lead_unit=data["lead_unit"],
            completion_on=data["completion_on"], description=data["description"], proposals=data["proposals"],
            subprojects=data["subprojects"]), _("Candidate added."), back=back)
    if action == "approve":
        form = forms.ApproveForm(request.POST)
        if not form.is_valid():
            _form_errors(request, form)
            return redirect(back)
        return _act(request, lambda: services.approve_candidates(cycle, actor=user, **form.cleaned_data),
                    _("Candidate list approved."), back=back)
    if action == "publish":
        return _act(request, lambda: services.publish_candidates(cycle, actor=user),
                    _("Candidate list published to deputies."), back=back)
    if action == "open_ballot":
        paper = request.POST.get("mode") == Ballot.Mode.PAPER
        base = request.POST.get("majority_base")
        base = base if base in Ballot.MajorityBase.values else Ballot.MajorityBase.ALL_ELECTORS
        return _act(request, lambda: voting.start_candidate_ballot(
            cycle, actor=user, majority_base=base, receipts_with_marks=request.POST.get("receipts_with_marks") == "1",
            mode=Ballot.Mode.PAPER if paper else Ballot.Mode.ELECTRONIC), _("The ballot is open."), back=back)
    if action == "survey":
        form = forms.SurveyWindowForm(request.POST)
        if not form.is_valid():
            _form_errors(request, form)
            return redirect(back)
        return _act(request, lambda: services.open_survey(cycle, actor=user, opens_on=form.cleaned_data[
            "survey_opens_on"], closes_on=form.cleaned_data["survey_closes_on"]), _("Survey window set."), back=back)
    if action == "rating_ballot":
        return _act(request, lambda: voting.start_rating_ballot(cycle, actor=user),
                    _("The deputies' rating ballot is open."), back=back)
    if action == "rollup":
        services.request_rollup(cycle)
        messages.success(request, _("The roll-up is queued; it runs within a minute."))
        return redirect(back)
    if action in ("advance",):
        return _act(request, lambda: services.advance_stage(cycle, actor=user, to=request.POST.get("to", "")),
                    _("Stage changed."), back=back)
    raise PermissionDenied


@staff_required
@require_POST
def ballot_action(request, pk, ballot_pk, action):
    """Ballot control: close, verify, publish, run-off; paper double entry."""
    cycle = get_object_or_404(Cycle.objects.visible_to(request.user), pk=pk)
    if ballot_pk not in {b.pk for b in voting.ballot_chain(cycle.candidate_ballot_id or 0)} | {cycle.rating_ballot_id}:
        raise PermissionDenied
    back = reverse("livelihood:cycle_detail", args=[cycle.pk])
    user = request.user
    calls = {
        "close": (lambda: ballots.close_ballot(ballot_pk, actor=user), _("Ballot closed and counted.")),
        "count": (lambda: ballots.count_paper_ballots(ballot_pk, actor=user), _("Paper ballots counted.")),
        "publish": (lambda: ballots.publish_ballot(ballot_pk, actor=user), _("Result published.")),
        "runoff": (lambda: _open_runoff(ballot_pk, user), _("Run-off opened among the tied candidates.")),
        "submit_entry": (lambda: ballots.submit_entry(ballot_pk, actor=user), _("Your entry is submitted.")),
    }
    if action == "verify":
        try:
            check = ballots.verify_ballot(ballot_pk, actor=user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            (messages.success if check.ok else messages.error)(
                request, _("Tally and digest verified.") if check.ok else _("Verification FAILED: the papers changed."))
        return redirect(back)
    if action == "enter":
        return _act(request, lambda: ballots.enter_paper(ballot_pk, actor=user, serial=_serial(request),
                                                         marks=_marks(request)), _("Paper entered."), back=back)
    if action not in calls:
        raise PermissionDenied
    call, success = calls[action]
    return _act(request, call, success, back=back)


def _open_runoff(ballot_pk, user):
    runoff = ballots.start_runoff(ballot_pk, actor=user)
    return ballots.open_ballot(runoff.pk, actor=user)


def _serial(request):
    from congress.bounds import parse_id

    serial = parse_id(request.POST.get("serial", ""))
    if serial is None or serial > 100000:
        raise ValidationError(_("Enter the paper's number."), code="invalid")
    return serial


def _marks(request):
    marks = {key.removeprefix("mark_"): value for key, value in request.POST.items()
             if key.startswith("mark_") and value}
    return marks if len(json.dumps(marks)) < 20000 else {}


@staff_required
def announcement(request, pk):
    """The printable (A4) result announcement of the candidate ballot."""
    cycle = get_object_or_404(Cycle.objects.visible_to(request.user), pk=pk)
    chain = voting.public_result(cycle)
    if not chain:
        raise PermissionDenied
    projects = {p.pk: p for p in cycle.projects.select_related("lead_unit")}
    return render(request, "livelihood/staff/announcement.html", {
        "cycle": cycle, "chain": chain, "projects": sorted(projects.values(), key=lambda p: (p.rank or 999, p.pk)),
    })


class ProposalListView(FilteredListView):
    model = Proposal
    filterset_class = ProposalFilterSet
    template_name = "livelihood/staff/proposal_list.html"
    export_name = "livelihood-proposals"
    permission_required = ("congress.access_staff_ui", "livelihood.view_proposal")

    def export_columns(self, user):
        return [Column(_("No."), lambda p: p.pk), Column(_("Title"), lambda p: p.title),
                Column(_("Source"), lambda p: p.get_source_display()), Column(_("Place"), lambda p: p.place),
                Column(_("Category"), lambda p: p.get_category_display()),
                Column(_("Status"), lambda p: p.get_status_display()),
                Column(_("Contact"), lambda p: p.contact_name), Column(_("Contact phone"), lambda p: p.contact_phone),
                Column(_("Received at"), lambda p: p.created_at)]


class ProjectListView(FilteredListView):
    model = Project
    filterset_class = ProjectFilterSet
    template_name = "livelihood/staff/project_list.html"
    export_name = "livelihood-projects"
    permission_required = ("congress.access_staff_ui", "livelihood.view_project")

    def export_columns(self, user):
        return [Column(_("Name"), lambda p: p.name), Column(_("Cycle"), lambda p: p.cycle.year),
                Column(_("Budget (10,000 yuan)"), lambda p: p.budget),
                Column(_("Lead unit"), lambda p: p.lead_unit.name),
                Column(_("Completion date"), lambda p: p.completion_on),
                Column(_("Status"), lambda p: p.get_status_display()), Column(_("Yes votes"), lambda p: p.yes_votes),
                Column(_("Rank"), lambda p: p.rank),
                Column(_("Deputies' rating"), lambda p: p.get_deputy_rating_display())]


@staff_required
def proposal_detail(request, pk):
    proposal = get_object_or_404(Proposal.objects.visible_to(request.user).for_list(), pk=pk)
    if request.method == "POST":
        action, user = request.POST.get("action"), request.user
        back = reverse("livelihood:proposal_detail", args=[proposal.pk])
        if action == "screen_out":
            return _act(request, lambda: services.screen_out_proposal(proposal, actor=user,
                                                                      reason=request.POST.get("reason", "")[:500]),
                        _("Proposal screened out."), back=back)
        if action == "merge":
            form = forms.MergeForm(request.POST)
            if not form.is_valid():
                _form_errors(request, form)
                return redirect(back)
            into = Proposal.objects.filter(pk=form.cleaned_data["into"]).first()
            if into is None:
                messages.error(request, _("No such proposal."))
                return redirect(back)
            return _act(request, lambda: services.merge_proposal(proposal, into=into, actor=user),
                        _("Proposal merged."), back=back)
        if action == "assess":
            form = forms.AssessForm(request.POST)
            if not form.is_valid():
                _form_errors(request, form)
                return redirect(back)
            return _act(request, lambda: services.assess_proposal(proposal, actor=user, **form.cleaned_data),
                        _("Assessment saved."), back=back)
        raise PermissionDenied
    return render(request, "livelihood/staff/proposal_detail.html", {
        "proposal": proposal, "assess_form": forms.AssessForm(initial={
            "feasibility": proposal.feasibility, "estimated_cost": proposal.estimated_cost,
            "assessment": proposal.assessment, "responsible_unit": proposal.responsible_unit}),
        "merge_form": forms.MergeForm(), "screen_form": forms.ScreenOutForm(), "events": timeline(proposal),
    })


@staff_required
def project_detail(request, pk):
    project = get_object_or_404(Project.objects.visible_to(request.user).for_list(), pk=pk)
    back = reverse("livelihood:project_detail", args=[project.pk])
    user = request.user
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "milestone":
            form = forms.MilestoneForm(request.POST)
            if form.is_valid():
                return _act(request, lambda: services.add_milestone(project, actor=user, **form.cleaned_data),
                            _("Milestone added."), back=back)
        elif action == "subproject":
            name = request.POST.get("name", "").strip()[:120]
            if name:
                return _act(request, lambda: services.add_subproject(project, actor=user, name=name),
                            _("Sub-project added."), back=back)
            messages.error(request, _("Name the sub-project."))
            return redirect(back)
        elif action == "check":
            form = forms.CheckForm(request.POST)
            if form.is_valid():
                return _act(request, lambda: services.record_check(project, actor=user, **form.cleaned_data),
                            _("Check recorded."), back=back)
        elif action == "rating":
            form = forms.RatingForm(request.POST)
            if form.is_valid():
                return _act(request, lambda: services.record_deputy_rating(project, actor=user, **form.cleaned_data),
                            _("Rating recorded."), back=back)
        else:
            raise PermissionDenied
        _form_errors(request, form)
        return redirect(back)
    return render(request, "livelihood/staff/project_detail.html", {
        "project": project, "milestones": project.milestones.all(), "subprojects": project.subprojects.all(),
        "reports": project.progress_reports.select_related("reported_by")[:50],
        "checks": project.checks.select_related("recorded_by"), "rectifications": project.rectifications.all(),
        "milestone_form": forms.MilestoneForm(), "check_form": forms.CheckForm(), "rating_form": forms.RatingForm(),
        "completion": selectors.completion_by_project([project]).get(project.pk), "events": timeline(project),
    })


@staff_required
def survey_export(request, pk):
    cycle = get_object_or_404(Cycle.objects.visible_to(request.user), pk=pk)
    _overall, rows, _units = selectors.survey_summaries(cycle)
    columns = [Column(_("Project"), lambda r: r.project.name), Column(_("Satisfied"), lambda r: r.satisfied),
               Column(_("Basically satisfied"), lambda r: r.basically),
               Column(_("Unsatisfied"), lambda r: r.unsatisfied),
               Column(_("Responses"), lambda r: r.total)]
    return exports.xlsx_response(f"livelihood-survey-{cycle.year}", columns, rows)
