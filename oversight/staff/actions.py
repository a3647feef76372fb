"""The office's actions in the oversight loop: one POST view per service (congress.views.ActionView),
grouped by the page they are posted from. A refusal shows that page again with the user's input
and the service's message on the form; the service's transaction saved nothing. Irreversible
steps name what they do in `confirm` and ask for it once more (the page's dialog or a review page)."""

from django import forms as django_forms
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress.ballots import services as ballots
from congress.views import ActionView
from oversight import budget, forms, services
from oversight.models import (
    Activity,
    FindingExtension,
    NormativeDocument,
    SatisfactionVote,
    SpecialReview,
    TopicProposal,
)
from oversight.staff.views import (
    BALLOT_STEPS,
    StaffOnlyMixin,
    board_page,
    budget_page,
    documents_page,
    finding_page,
    get_finding,
    get_plan,
    get_topic,
    shown_plan,
    topic_page,
)


def board_url(plan) -> str:
    return f"{reverse('oversight:board')}?plan={plan.pk}" if plan is not None else reverse("oversight:board")


# --------------------------------------------------------------------------- the plan (board page)


class PlanAction(StaffOnlyMixin, ActionView):
    """Actions on one plan, posted from its board (the board's address carries the plan as ?plan=)."""

    load = get_plan
    render_page = board_page

    def success_url(self, plan):
        return board_url(plan)


class PlanCreateView(PlanAction):
    form_class = forms.PlanForm
    page_key = "plan"

    def get_object(self):
        return shown_plan(self.request)  # the board the form was posted from

    def perform(self, plan, form):
        self.created = services.create_plan(actor=self.request.user, **form.cleaned_data)
        return _("Plan %(title)s created.") % {"title": self.created.title}

    def success_url(self, plan):
        return board_url(self.created)


class TopicAddView(PlanAction):
    form_class = forms.TopicForm
    page_key = "topic"

    def perform(self, plan, form):
        data = form.cleaned_data
        topic = services.add_topic(plan, actor=self.request.user, kind=data["kind"], title=data["title"],
                                   lead_committee=data["lead_committee"], target_units=data["target_units"],
                                   meeting=data["meeting"], reason=data["reason"])
        return _("Topic %(title)s added.") % {"title": topic.title}


class AdoptView(PlanAction):
    confirm = gettext_lazy("Adopt the plan? After adoption it changes only by a recorded amendment.")
    form_class = forms.AdoptForm
    page_key = "adopt"

    def perform(self, plan, form):
        services.adopt_plan(plan, actor=self.request.user, approval_document=form.cleaned_data["approval_document"])
        return _("Plan adopted.")


class PublishView(PlanAction):
    confirm = gettext_lazy("Publish the plan? It appears on the public site at once.")
    form_class = django_forms.Form
    page_key = "publish"

    def perform(self, plan, form):
        services.publish_plan(plan, actor=self.request.user)
        return _("Plan published.")


class AmendView(PlanAction):
    form_class = forms.AmendForm
    page_key = "amend"

    def perform(self, plan, form):
        services.amend_plan(plan, actor=self.request.user, reason=form.cleaned_data["reason"],
                            change=form.cleaned_data["change"])
        return _("Amendment recorded.")


class PlaceProposalView(PlanAction):
    """Staff group and rank a proposal and say where it went (shown on the public plan)."""

    form_class = forms.PlaceProposalForm

    def get_page_key(self):
        return f"place{self.kwargs['pk']}"

    def get_object(self):
        self.proposal = get_object_or_404(TopicProposal.objects.visible_to(self.request.user)
                                          .select_related("plan"), pk=self.kwargs["pk"])
        return self.proposal.plan

    def form_kwargs(self, plan):
        return {"topics": list(plan.topics.order_by("pk"))}

    def perform(self, plan, form):
        services.place_proposal(self.proposal, actor=self.request.user, **form.cleaned_data)
        return _("Proposal placed.")


# --------------------------------------------------------------------------- a topic (topic page)


class TopicAction(StaffOnlyMixin, ActionView):
    form_class = django_forms.Form
    load = get_topic
    detail_url = "oversight:topic_detail"
    render_page = topic_page


class ResearchView(TopicAction):
    page_key = "research"

    def perform(self, topic, form):
        services.start_research(topic, actor=self.request.user)
        return _("Research started.")


class ActivityAddView(TopicAction):
    form_class = forms.ActivityForm
    page_key = "activity"

    def perform(self, topic, form):
        activity = services.add_activity(topic, actor=self.request.user, **form.cleaned_data)
        return _("Activity %(title)s added.") % {"title": activity.title}


class AttendanceView(TopicAction):
    form_class = forms.AttendanceForm

    def get_page_key(self):
        return f"attendance{self.kwargs['pk']}"

    def get_object(self):
        self.activity = get_object_or_404(Activity.objects.visible_to(self.request.user)
                                          .prefetch_related("participations__deputy"), pk=self.kwargs["pk"])
        return get_topic(self.request.user, self.activity.topic_id)

    def form_kwargs(self, topic):
        return {"activity": self.activity}

    def perform(self, topic, form):
        services.record_attendance(self.activity, actor=self.request.user, deputy_ids=form.cleaned_data["attended"])
        return _("Attendance recorded.")


class QuestionView(TopicAction):
    form_class = forms.QuestionForm
    page_key = "question"

    def perform(self, topic, form):
        services.record_question(topic, actor=self.request.user, **form.cleaned_data)
        return _("Question recorded.")


class HearingView(TopicAction):
    form_class = forms.HearingForm
    page_key = "hearing"

    def perform(self, topic, form):
        services.record_hearing(topic, actor=self.request.user, report_summary=form.cleaned_data["report_summary"],
                                heard_on=form.cleaned_data["heard_on"])
        return _("Hearing recorded.")


class OpinionView(TopicAction):
    confirm = gettext_lazy("Send this opinion to the units? Each unit is told at once and its due date starts.")
    form_class = forms.OpinionForm
    page_key = "opinion"

    def perform(self, topic, form):
        opinion = services.issue_opinion(topic, actor=self.request.user, text=form.cleaned_data["text"],
                                         findings=form.cleaned_data["findings"], due_on=form.cleaned_data["due_on"])
        return _("Opinion sent to the units; %(count)d findings are due on %(date)s.") % {
            "count": opinion.findings.count(), "date": date_format(opinion.due_on, "DATE_FORMAT")}


class StartVoteView(TopicAction):
    confirm = gettext_lazy("Open the rating? The members can vote at once and the electorate is fixed now.")
    form_class = forms.StartVoteForm
    page_key = "vote"

    def perform(self, topic, form):
        services.start_vote(topic, actor=self.request.user, subjects=form.cleaned_data["subjects"])
        return _("Rating opened: the members can vote.")


class CloseTopicView(TopicAction):
    confirm = gettext_lazy("Close this topic? A closed topic cannot be reopened.")
    page_key = "close"

    def perform(self, topic, form):
        services.close_topic(topic, actor=self.request.user)
        return _("Topic closed.")


class BallotStepView(TopicAction):
    """Close (and count), verify or publish a topic's rating ballot through the ballot services."""

    step = None  # "close", "verify" or "publish": the ballot service `<step>_ballot`

    def get_page_key(self):
        return f"{self.step}{self.kwargs['pk']}"

    def get_object(self):
        self.vote = get_object_or_404(SatisfactionVote.objects.visible_to(self.request.user),
                                      pk=self.kwargs["pk"], ballot_id__isnull=False)
        return get_topic(self.request.user, self.vote.topic_id)

    def perform(self, topic, form):
        getattr(ballots, f"{self.step}_ballot")(self.vote.ballot_id, actor=self.request.user)
        return self.done


CONFIRM_STEP = {step: confirm for step, _label, confirm in BALLOT_STEPS}


class BallotCloseView(BallotStepView):
    step = "close"
    confirm = CONFIRM_STEP[step]
    done = gettext_lazy("Rating closed and counted.")


class BallotVerifyView(BallotStepView):
    step = "verify"
    done = gettext_lazy("Count verified.")


class BallotPublishView(BallotStepView):
    step = "publish"
    confirm = CONFIRM_STEP[step]
    done = gettext_lazy("Rating result published.")


# --------------------------------------------------------------------------- a finding (finding page)


class FindingAction(StaffOnlyMixin, ActionView):
    load = get_finding
    detail_url = "oversight:finding_detail"
    render_page = finding_page


class EvidenceView(FindingAction):
    form_class = forms.EvidenceForm
    page_key = "evidence"

    def perform(self, finding, form):
        services.add_evidence(finding, actor=self.request.user, file=form.cleaned_data["file"],
                              note=form.cleaned_data["note"])
        return _("Evidence attached.")


class CloseFindingView(FindingAction):
    confirm = gettext_lazy("Close this finding against its evidence (对单销号)? A closed finding cannot be reopened.")
    form_class = forms.CloseFindingForm
    page_key = "close"

    def perform(self, finding, form):
        services.close_finding(finding, actor=self.request.user, note=form.cleaned_data["note"])
        return _("Finding closed.")


class ExtensionDecisionView(FindingAction):
    form_class = forms.ExtensionDecisionForm

    def get_page_key(self):
        return f"extension{self.kwargs['pk']}"

    def get_object(self):
        self.extension = get_object_or_404(FindingExtension.objects.visible_to(self.request.user), pk=self.kwargs["pk"])
        return get_finding(self.request.user, self.extension.finding_id)

    def perform(self, finding, form):
        approve = form.cleaned_data["approve"]
        services.decide_extension(self.extension, actor=self.request.user, approve=approve,
                                  note=form.cleaned_data["note"])
        if approve:
            return _("More time granted: the finding is now due on %(date)s.") % {
                "date": date_format(self.extension.requested_due_on, "DATE_FORMAT")}
        return _("More time refused.")


# --------------------------------------------------------------------------- budget watch and filing review


class SpecialReviewView(StaffOnlyMixin, ActionView):
    confirm = gettext_lazy("Record this special review outcome? It stands as the committee's decision.")
    form_class = forms.SpecialReviewForm

    def get_page_key(self):
        return f"review{self.kwargs['pk']}"

    def get_object(self):
        return get_object_or_404(SpecialReview.objects.visible_to(self.request.user), pk=self.kwargs["pk"])

    def perform(self, review, form):
        budget.record_special_review(review, actor=self.request.user, **form.cleaned_data)
        return _("Special review outcome recorded.")

    def success_url(self, review):
        return reverse("oversight:budget_watch")

    def page(self, review, failed):
        return budget_page(self.request, failed)


class DocumentAction(StaffOnlyMixin, ActionView):
    def get_object(self):
        return get_object_or_404(NormativeDocument.objects.visible_to(self.request.user), pk=self.kwargs["pk"])

    def success_url(self, document):
        return reverse("oversight:document_list")

    def page(self, document, failed):
        return documents_page(self.request, failed)


class DocumentRegisterView(DocumentAction):
    form_class = forms.DocumentForm
    page_key = "document"

    def get_object(self):
        return None

    def perform(self, document, form):
        document = services.register_document(actor=self.request.user, **form.cleaned_data)
        return _("Document %(title)s registered; it is due to be filed by %(date)s.") % {
            "title": document.title, "date": date_format(document.filing_due_on, "DATE_FORMAT")}


class DocumentReceiveView(DocumentAction):
    form_class = forms.ReceiveForm

    def get_page_key(self):
        return f"receive{self.kwargs['pk']}"

    def perform(self, document, form):
        document = services.receive_document(document, actor=self.request.user,
                                             received_on=form.cleaned_data["received_on"])
        return _("Receipt recorded; the review is due by %(date)s.") % {
            "date": date_format(document.review_due_on, "DATE_FORMAT")}


class DocumentReviewView(DocumentAction):
    confirm = gettext_lazy("Record this review outcome? The filing review of the document ends with it.")
    form_class = forms.DocumentReviewForm

    def get_page_key(self):
        return f"review{self.kwargs['pk']}"

    def perform(self, document, form):
        services.review_document(document, actor=self.request.user, outcome=form.cleaned_data["outcome"],
                                 note=form.cleaned_data["note"])
        return _("Review outcome recorded.")
