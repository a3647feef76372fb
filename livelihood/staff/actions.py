"""The office's actions on a cycle, its ballots, a proposal and a project: one POST view per service
(congress.views.ActionView). A refusal shows the page again with the user's input and the
service's message on the form, once; the service's transaction saved nothing. What cannot be undone
asks first (`confirm`)."""

from django import forms as django_forms
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress.ballots import services as ballots
from congress.ballots.models import Ballot
from congress.views import ActionView
from livelihood import forms, services, voting
from livelihood.models import Proposal
from livelihood.staff.views import (
    LivelihoodStaffMixin,
    ballot_form_key,
    cycle_list_page,
    cycle_page,
    get_cycle,
    get_project,
    get_proposal,
    project_page,
    proposal_page,
)

# --------------------------------------------------------------------------- cycles


class CreateCycleView(LivelihoodStaffMixin, ActionView):
    form_class = forms.CycleForm
    page_key = "cycle"

    def get_object(self):
        return None

    def perform(self, _nothing, form):
        self.cycle = services.create_cycle(actor=self.request.user, **form.cleaned_data)
        return _("Cycle created; it is collecting proposals.")

    def success_url(self, _nothing):
        return reverse("livelihood:cycle_detail", args=[self.cycle.pk])

    def page(self, _nothing, failed):
        return cycle_list_page(self.request, failed)


class CycleAction(LivelihoodStaffMixin, ActionView):
    """Subclasses name the form, its key on the dashboard and `perform`."""

    form_class = django_forms.Form
    load = get_cycle
    detail_url = "livelihood:cycle_detail"
    render_page = cycle_page


class CandidateView(CycleAction):
    form_class = forms.CandidateForm
    page_key = "candidate"

    def form_kwargs(self, cycle):
        return {"cycle": cycle}

    def perform(self, cycle, form):
        services.add_candidate(cycle, actor=self.request.user, **form.cleaned_data)
        return _("Candidate added.")


class ApproveCandidatesView(CycleAction):
    confirm = gettext_lazy("Approve the candidate list? It can no longer change afterwards.")
    form_class = forms.ApproveForm
    page_key = "approve"

    def perform(self, cycle, form):
        services.approve_candidates(cycle, actor=self.request.user, document=form.cleaned_data["document"])
        return _("Candidate list approved.")


class PublishCandidatesView(CycleAction):
    confirm = gettext_lazy("Publish the candidate list to deputies? Every deputy is told at once.")
    page_key = "publish"

    def perform(self, cycle, form):
        services.publish_candidates(cycle, actor=self.request.user)
        return _("Candidate list published to deputies.")


class OpenBallotView(CycleAction):
    confirm = gettext_lazy("Open the ballot? The deputies who may vote are fixed now and can vote at once.")
    form_class = forms.OpenBallotForm
    page_key = "open_ballot"

    def perform(self, cycle, form):
        voting.start_candidate_ballot(cycle, actor=self.request.user, **form.cleaned_data)
        return _("The ballot is open.")


class SurveyWindowView(CycleAction):
    form_class = forms.SurveyWindowForm
    page_key = "survey"

    def perform(self, cycle, form):
        services.open_survey(cycle, actor=self.request.user, opens_on=form.cleaned_data["survey_opens_on"],
                             closes_on=form.cleaned_data["survey_closes_on"])
        return _("Survey window set.")


class RatingBallotView(CycleAction):
    confirm = gettext_lazy("Open the deputies' rating ballot? The deputies who may vote are fixed now and can "
                           "vote at once.")
    page_key = "rating_ballot"

    def perform(self, cycle, form):
        voting.start_rating_ballot(cycle, actor=self.request.user)
        return _("The deputies' rating ballot is open.")


class RollupView(CycleAction):
    page_key = "rollup"

    def perform(self, cycle, form):
        services.request_rollup(cycle)
        return _("The roll-up is queued; it runs within a minute.")


class AdvanceStageView(CycleAction):
    confirm = gettext_lazy("Move the cycle on to its next stage? It cannot go back.")
    form_class = forms.AdvanceStageForm
    page_key = "advance"

    def perform(self, cycle, form):
        services.advance_stage(cycle, actor=self.request.user, to=form.cleaned_data["to"])
        return _("Stage changed.")


# --------------------------------------------------------------------------- the cycle's ballots


class BallotAction(CycleAction):
    """A control of the cycle's candidate ballot (or a run-off) or of its rating ballot."""

    action = None

    def get_object(self):
        cycle = super().get_object()
        own = {b.pk for b in voting.ballot_chain(cycle.candidate_ballot_id or 0)} | {cycle.rating_ballot_id}
        if self.kwargs["ballot_pk"] not in own:
            raise Http404
        self.ballot_id = self.kwargs["ballot_pk"]
        return cycle

    def get_page_key(self):
        return ballot_form_key(self.kwargs["ballot_pk"], self.action)


class CloseBallotView(BallotAction):
    confirm = gettext_lazy("Close the ballot? No paper can be cast afterwards.")
    action = "close"

    def perform(self, cycle, form):
        ballots.close_ballot(self.ballot_id, actor=self.request.user)
        return _("Ballot closed and counted.")


class EnterPaperView(BallotAction):
    form_class = forms.PaperEntryForm
    action = "enter"

    def form_kwargs(self, cycle):
        return {"ballot": Ballot.objects.get(pk=self.ballot_id)}

    def perform(self, cycle, form):
        ballots.enter_paper(self.ballot_id, actor=self.request.user, serial=form.cleaned_data["serial"],
                            marks=form.marks())
        return _("Paper entered.")


class SubmitEntryView(BallotAction):
    confirm = gettext_lazy("Submit your entry of the papers? You cannot change it afterwards.")
    action = "submit_entry"

    def perform(self, cycle, form):
        ballots.submit_entry(self.ballot_id, actor=self.request.user)
        return _("Your entry is submitted.")


class CountPapersView(BallotAction):
    confirm = gettext_lazy("Count the entered papers? The count is final.")
    action = "count"

    def perform(self, cycle, form):
        ballots.count_paper_ballots(self.ballot_id, actor=self.request.user)
        return _("Paper ballots counted.")


class VerifyBallotView(BallotAction):
    confirm = gettext_lazy("Verify the tally and digest? A verified result can then be published.")
    action = "verify"

    def perform(self, cycle, form):
        if not ballots.verify_ballot(self.ballot_id, actor=self.request.user).ok:
            raise ValidationError(_("Verification FAILED: the papers changed."), code="verify_failed")
        return _("Tally and digest verified.")


class PublishBallotView(BallotAction):
    confirm = gettext_lazy("Publish the result? Everyone can then see it and look up their receipts; it "
                           "cannot be taken back.")
    action = "publish"

    def perform(self, cycle, form):
        ballots.publish_ballot(self.ballot_id, actor=self.request.user)
        return _("Result published.")


class RunoffView(BallotAction):
    confirm = gettext_lazy("Open the run-off among the tied candidates? Deputies can vote in it at once.")
    action = "runoff"

    def perform(self, cycle, form):
        voting.open_runoff(self.ballot_id, actor=self.request.user)
        return _("Run-off opened among the tied candidates.")


# --------------------------------------------------------------------------- proposals


class ProposalAction(LivelihoodStaffMixin, ActionView):
    form_class = django_forms.Form
    load = get_proposal
    detail_url = "livelihood:proposal_detail"
    render_page = proposal_page


class AssessView(ProposalAction):
    form_class = forms.AssessForm
    page_key = "assess"

    def perform(self, proposal, form):
        services.assess_proposal(proposal, actor=self.request.user, **form.cleaned_data)
        return _("Assessment saved.")


class MergeView(ProposalAction):
    confirm = gettext_lazy("Merge this proposal into the other one? It cannot be taken apart again.")
    form_class = forms.MergeForm
    page_key = "merge"

    def form_kwargs(self, proposal):
        return {"scope": Proposal.objects.visible_to(self.request.user)}

    def perform(self, proposal, form):
        services.merge_proposal(proposal, into=form.cleaned_data["into"], actor=self.request.user)
        return _("Proposal merged.")


class ScreenOutView(ProposalAction):
    confirm = gettext_lazy("Screen this proposal out? Residents see the reason, and it cannot be taken back.")
    form_class = forms.ScreenOutForm
    page_key = "screen_out"

    def perform(self, proposal, form):
        services.screen_out_proposal(proposal, actor=self.request.user, reason=form.cleaned_data["reason"])
        return _("Proposal screened out.")


# --------------------------------------------------------------------------- projects


class ProjectAction(LivelihoodStaffMixin, ActionView):
    load = get_project
    detail_url = "livelihood:project_detail"
    render_page = project_page


class MilestoneView(ProjectAction):
    form_class = forms.MilestoneForm
    page_key = "milestone"

    def perform(self, project, form):
        services.add_milestone(project, actor=self.request.user, **form.cleaned_data)
        return _("Milestone added.")


class SubProjectView(ProjectAction):
    form_class = forms.SubProjectForm
    page_key = "subproject"

    def perform(self, project, form):
        services.add_subproject(project, actor=self.request.user, name=form.cleaned_data["name"])
        return _("Sub-project added.")


class CheckView(ProjectAction):
    confirm = gettext_lazy("Record this check? Its findings cannot be changed afterwards.")
    form_class = forms.CheckForm
    page_key = "check"

    def perform(self, project, form):
        services.record_check(project, actor=self.request.user, **form.cleaned_data)
        return _("Check recorded.")


class RatingView(ProjectAction):
    confirm = gettext_lazy("Record the deputies' rating? An unsatisfied rating gives the unit a rectification "
                           "task at once.")
    form_class = forms.RatingForm
    page_key = "rating"

    def perform(self, project, form):
        services.record_deputy_rating(project, actor=self.request.user, result=form.cleaned_data["result"])
        return _("Rating recorded.")
