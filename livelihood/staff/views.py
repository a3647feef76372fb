"""Staff pages for livelihood cycles, mounted at /staff/livelihood/: the cycle dashboard by stage,
proposal triage, projects, the printable announcement and the exports. Reads start from
`visible_to(user)`; which action forms a page offers is what `livelihood.rules` and
`congress.ballots.rules` allow, the predicates the services enforce. The actions themselves are
in `livelihood.staff.actions`."""

from django import forms as django_forms
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from congress import exports
from congress.audit import timeline
from congress.ballots import rules as ballot_rules
from congress.ballots import services as ballots
from congress.ballots.models import Ballot
from congress.exports import Column
from congress.views import FilteredListView, PageView, StaffRequiredMixin, form_on_page
from livelihood import forms, rules, selectors, voting
from livelihood.filtersets import ProjectFilterSet, ProposalFilterSet
from livelihood.models import Cycle, Project, Proposal

VIEW = "livelihood.view_cycle"


class LivelihoodStaffMixin(StaffRequiredMixin):
    """Office staff and leaders; anyone else signed in gets 403, anonymous the sign-in page."""

    permission_required = ("congress.access_staff_ui", VIEW)


def offer(failed, key, form_class, **kwargs):
    """The form a page shows under `key`: the one refused a moment ago (input and errors kept), or a fresh one."""
    return form_on_page(failed, key, lambda: form_class(auto_id=f"{key}_%s", **kwargs))


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


# --------------------------------------------------------------------------- cycles


def cycle_list_page(request, failed=None) -> tuple[str, dict]:
    return "livelihood/staff/cycle_list.html", {"cycles": Cycle.objects.all(),
                                                "form": offer(failed, "cycle", forms.CycleForm)}


class CycleListView(LivelihoodStaffMixin, View):
    http_method_names = ["get"]

    def get(self, request):
        template, context = cycle_list_page(request)
        return render(request, template, context)


def get_cycle(user, pk) -> Cycle:
    return get_object_or_404(Cycle.objects.visible_to(user), pk=pk)


# The ballot controls a page may offer, each with the predicate that decides whether it is offered.
BALLOT_ACTIONS = {
    "close": ballot_rules.can_close, "count": ballot_rules.can_count, "verify": ballot_rules.can_verify,
    "publish": ballot_rules.can_publish, "runoff": ballot_rules.can_start_runoff,
    "submit_entry": ballot_rules.can_enter,
}


def ballot_form_key(ballot_pk, action) -> str:
    return f"ballot{ballot_pk}-{action}"


def offer_ballot_controls(user, ballot, failed) -> None:
    """Hang on the ballot the forms of the controls the user may use now (`ballot.close_form`, …)."""
    for action, allowed in BALLOT_ACTIONS.items():
        if allowed(user, ballot):
            setattr(ballot, f"{action}_form", offer(failed, ballot_form_key(ballot.pk, action), django_forms.Form))
    if ballot_rules.can_enter(user, ballot):
        ballot.enter_form = offer(failed, ballot_form_key(ballot.pk, "enter"), forms.PaperEntryForm, ballot=ballot)


def cycle_page(request, cycle, failed=None) -> tuple[str, dict]:
    """The cycle dashboard, stage by stage, with the action forms the user may use now."""
    user = request.user
    proposals = cycle.proposals.aggregate(**{s: Count("pk", filter=Q(status=s)) for s in Proposal.Status.values})
    projects = list(cycle.projects.select_related("lead_unit").order_by("position", "id"))
    adopted = [p for p in projects if p.is_adopted]
    overall, by_project, by_unit = selectors.survey_summaries(cycle)
    context = {
        "cycle": cycle, "proposal_counts": proposals, "candidates": projects, "adopted": adopted,
        "completion": selectors.completion_by_project(adopted), "by_unit": selectors.completion_by_unit(cycle),
        "cycle_completion": selectors.completion_of_cycle(cycle),
        "overall": overall, "by_project": by_project, "by_unit_survey": by_unit,
        "events": timeline(cycle), "stages": Cycle.Stage,
        "rollup_form": offer(failed, "rollup", django_forms.Form),
    }
    if rules.can_edit_candidates(user, cycle):
        context["candidate_form"] = offer(failed, "candidate", forms.CandidateForm, cycle=cycle)
    if rules.can_approve_candidates(user, cycle):
        context["approve_form"] = offer(failed, "approve", forms.ApproveForm)
    if rules.can_publish_candidates(user, cycle):
        context["publish_form"] = offer(failed, "publish", django_forms.Form)
    if not cycle.candidate_ballot_id and rules.can_run_ballot(user, cycle):
        context["open_ballot_form"] = offer(failed, "open_ballot", forms.OpenBallotForm)
    ballot = voting.current_ballot(cycle)
    if ballot is not None:
        offer_ballot_controls(user, ballot, failed)
        context.update(ballot=ballot, turnout=ballots.turnout(ballot),
                       chain=voting.ballot_chain(cycle.candidate_ballot_id),
                       mismatches=ballots.mismatches(ballot) if ballot.mode == Ballot.Mode.PAPER else [])
    in_evaluation = cycle.stage in (Cycle.Stage.IMPLEMENTATION, Cycle.Stage.EVALUATION)
    if in_evaluation and rules.can_manage_cycle(user, cycle):
        context["survey_form"] = offer(failed, "survey", forms.SurveyWindowForm)
        if not cycle.rating_ballot_id:
            context["rating_ballot_form"] = offer(failed, "rating_ballot", django_forms.Form)
    if cycle.stage == Cycle.Stage.EVALUATION and rules.can_manage_cycle(user, cycle):
        context["advance_form"] = offer(failed, "advance", forms.AdvanceStageForm,
                                        initial={"to": Cycle.Stage.CLOSED})
    if cycle.rating_ballot_id:
        rating_ballot = Ballot.objects.get(pk=cycle.rating_ballot_id)
        offer_ballot_controls(user, rating_ballot, failed)
        context.update(rating_ballot=rating_ballot, rating_turnout=ballots.turnout(rating_ballot))
    return "livelihood/staff/cycle_detail.html", context


class CycleDetailView(LivelihoodStaffMixin, PageView):
    http_method_names = ["get"]
    load = get_cycle
    render_page = cycle_page


class AnnouncementView(LivelihoodStaffMixin, View):
    """The printable (A4) result announcement of the candidate ballot."""

    http_method_names = ["get"]

    def get(self, request, pk):
        cycle = get_cycle(request.user, pk)
        chain = voting.public_result(cycle)
        if not chain:
            raise PermissionDenied
        projects = sorted(cycle.projects.select_related("lead_unit"), key=lambda p: (p.rank or 999, p.pk))
        return render(request, "livelihood/staff/announcement.html",
                      {"cycle": cycle, "chain": chain, "projects": projects})


class SurveyExportView(LivelihoodStaffMixin, View):
    http_method_names = ["get"]

    def get(self, request, pk):
        cycle = get_cycle(request.user, pk)
        _overall, rows, _units = selectors.survey_summaries(cycle)
        columns = [Column(_("Project"), lambda r: r.project.name), Column(_("Satisfied"), lambda r: r.satisfied),
                   Column(_("Basically satisfied"), lambda r: r.basically),
                   Column(_("Unsatisfied"), lambda r: r.unsatisfied),
                   Column(_("Responses"), lambda r: r.total)]
        return exports.xlsx_response(f"livelihood-survey-{cycle.year}", columns, rows)


# --------------------------------------------------------------------------- proposals


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


def get_proposal(user, pk) -> Proposal:
    return get_object_or_404(Proposal.objects.visible_to(user).for_list(), pk=pk)


def proposal_page(request, proposal, failed=None) -> tuple[str, dict]:
    user = request.user
    context = {"proposal": proposal, "events": timeline(proposal)}
    if rules.can_assess(user, proposal):
        context["assess_form"] = offer(failed, "assess", forms.AssessForm, initial={
            "feasibility": proposal.feasibility, "estimated_cost": proposal.estimated_cost,
            "assessment": proposal.assessment, "responsible_unit": proposal.responsible_unit})
    if rules.can_triage(user, proposal):
        context["merge_form"] = offer(failed, "merge", forms.MergeForm)
        context["screen_form"] = offer(failed, "screen_out", forms.ScreenOutForm)
    return "livelihood/staff/proposal_detail.html", context


class ProposalDetailView(LivelihoodStaffMixin, PageView):
    http_method_names = ["get"]
    load = get_proposal
    render_page = proposal_page


# --------------------------------------------------------------------------- projects


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


def get_project(user, pk) -> Project:
    return get_object_or_404(Project.objects.visible_to(user).for_list(), pk=pk)


def project_page(request, project, failed=None) -> tuple[str, dict]:
    user = request.user
    context = {
        "project": project, "milestones": project.milestones.all(), "subprojects": project.subprojects.all(),
        "reports": project.progress_reports.select_related("reported_by")[:50],
        "checks": project.checks.select_related("recorded_by"), "rectifications": project.rectifications.all(),
        "completion": selectors.completion_by_project([project]).get(project.pk), "events": timeline(project),
    }
    if rules.can_manage_cycle(user):
        context["subproject_form"] = offer(failed, "subproject", forms.SubProjectForm)
    if rules.can_plan_project(user, project):
        context["milestone_form"] = offer(failed, "milestone", forms.MilestoneForm)
        context["check_form"] = offer(failed, "check", forms.CheckForm,
                                      initial={"checked_on": timezone.localdate()})
        context["rating_form"] = offer(failed, "rating", forms.RatingForm)
    return "livelihood/staff/project_detail.html", context


class ProjectDetailView(LivelihoodStaffMixin, PageView):
    http_method_names = ["get"]
    load = get_project
    render_page = project_page
