"""Staff pages of the oversight loop, mounted at /staff/oversight/."""

from django import forms as django_forms
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress import audit, exports
from congress.attachments import ScopedDownloadView
from congress.bounds import parse_id
from congress.views import FilteredListView, form_on_page
from oversight import budget, forms, rules
from oversight.filtersets import BudgetFilterSet, FindingFilterSet
from oversight.models import (
    BudgetExecution,
    Evidence,
    Finding,
    HandlingReport,
    NormativeDocument,
    OversightPlan,
    SatisfactionVote,
    SpecialReview,
    Topic,
    TopicProposal,
)


def staff_only(view):
    def wrapped(request, *args, **kwargs):
        if not (request.user.is_authenticated and request.user.has_perm("oversight.view_topic")
                and request.user.has_perm("congress.access_staff_ui")):
            from django.contrib.auth.views import redirect_to_login

            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise Http404
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    return wrapped


class StaffOnlyMixin:
    """`staff_only` for the action views: the same gate as the pages they post from."""

    def dispatch(self, request, *args, **kwargs):
        return staff_only(super().dispatch)(request, *args, **kwargs)


def staff_tiles(user) -> list[dict]:
    if not user.has_perm("oversight.view_topic"):
        return []
    today = timezone.localdate()
    counts = Finding.objects.visible_to(user).aggregate(
        open=Count("pk", filter=~Q(state=Finding.State.CLOSED)),
        overdue=Count("pk", filter=Q(due_on__lt=today) & ~Q(state=Finding.State.CLOSED)))
    url = reverse("oversight:finding_list")
    return [
        {"key": "oversight.open", "label": _("Open oversight findings"), "value": counts["open"], "url": url},
        {"key": "oversight.overdue", "label": _("Overdue oversight findings"), "value": counts["overdue"],
         "url": f"{url}?overdue=true", "warning": bool(counts["overdue"])},
    ]


def offer(failed, key, form_class, **kwargs):
    """The form a page shows under `key`: the one refused a moment ago (input and errors kept), or a
    fresh one with the ids ActionView gives it."""
    return form_on_page(failed, key, lambda: form_class(auto_id=f"{key}_%s", **kwargs))


def board_page(request, plan, failed=None) -> tuple[str, dict]:
    """The plan calendar and the board by stage, with the office's forms on the plan."""
    plans = OversightPlan.objects.visible_to(request.user)
    topics = list(Topic.objects.visible_to(request.user).filter(plan=plan).select_related("lead_committee", "meeting")
                  .order_by("meeting__starts_on", "pk")) if plan else []
    columns = [(label, [t for t in topics if t.stage == value]) for value, label in Topic.Stage.choices]
    proposals = (list(TopicProposal.objects.visible_to(request.user).filter(plan=plan).select_related("topic"))
                 if plan else [])
    context = {"plan": plan, "plans": plans, "columns": columns, "topics": topics, "proposals": proposals,
               "can_manage": rules.is_office(request.user), "amendments": plan.amendments.all() if plan else []}
    if context["can_manage"]:
        context["plan_form"] = offer(failed, "plan", forms.PlanForm)
        for proposal in proposals:
            proposal.form = offer(failed, f"place{proposal.pk}", forms.PlaceProposalForm, topics=topics, initial={
                "outcome": proposal.outcome, "topic": proposal.topic_id, "group_label": proposal.group_label,
                "rank": proposal.rank, "note": proposal.outcome_note})
        if plan is not None:
            context["topic_form"] = offer(failed, "topic", forms.TopicForm)
            if plan.status == OversightPlan.Status.DRAFT:
                context["adopt_form"] = offer(failed, "adopt", forms.AdoptForm)
            elif not plan.published_at:
                context["publish_form"] = offer(failed, "publish", django_forms.Form)
            if rules.can_amend_plan(request.user, plan):
                context["amend_form"] = offer(failed, "amend", forms.AmendForm)
    return "oversight/staff/board.html", context


def shown_plan(request):
    plans = OversightPlan.objects.visible_to(request.user)
    return plans.filter(pk=parse_id(request.GET.get("plan", "")) or 0).first() or plans.first()


@staff_only
def board(request):
    return render(request, *board_page(request, shown_plan(request)))


def get_plan(user, pk):
    return get_object_or_404(OversightPlan.objects.visible_to(user), pk=pk)


def get_topic(user, pk):
    return get_object_or_404(Topic.objects.visible_to(user).select_related("plan", "lead_committee"), pk=pk)


# A rating ballot's steps on the topic page: (step, its button, what its review step asks or None).
# The action views (oversight.staff.actions.Ballot*View) read their `confirm` from here.
BALLOT_STEPS = [
    ("close", gettext_lazy("Close and count"),
     gettext_lazy("Close the rating and count it? No member can vote after this.")),
    ("verify", gettext_lazy("Verify"), None),
    ("publish", gettext_lazy("Publish"),
     gettext_lazy("Publish the rating result? It appears on the public site at once.")),
]


def topic_page(request, topic, failed=None) -> tuple[str, dict]:
    """A topic's whole timeline, with the office's forms for the step it is at."""
    user = request.user
    activities = list(topic.activities.annotate(n=Count("participations"))
                      .prefetch_related("participations__deputy"))
    votes = list(topic.votes.all())
    context = {
        "topic": topic, "timeline": audit.timeline(topic),
        "opinions": topic.opinions.prefetch_related("findings__unit"), "votes": votes, "activities": activities,
        "questions": topic.questions.all(), "steps": topic.steps.all(),
        "can_manage": rules.is_office(user), "can_close": rules.can_close_topic(user, topic),
    }
    if not context["can_manage"]:
        return "oversight/staff/topic_detail.html", context
    for activity in activities:
        if activity.n:
            activity.form = offer(failed, f"attendance{activity.pk}", forms.AttendanceForm, activity=activity)
    for vote in votes:
        if vote.ballot_id and not vote.published_at:
            vote.steps = [(f"oversight:ballot_{step}", label, confirm,
                           offer(failed, f"{step}{vote.pk}", django_forms.Form))
                          for step, label, confirm in BALLOT_STEPS]
    stage = topic.stage
    if stage != Topic.Stage.CLOSED:
        context["activity_form"] = offer(failed, "activity", forms.ActivityForm)
    if stage == Topic.Stage.PLANNED:
        context["research_form"] = offer(failed, "research", django_forms.Form)
    if topic.kind == Topic.Kind.INQUIRY:
        context["question_form"] = offer(failed, "question", forms.QuestionForm)
    if stage in {Topic.Stage.PLANNED, Topic.Stage.RESEARCH}:
        context["hearing_form"] = offer(failed, "hearing", forms.HearingForm)
    if rules.can_issue_opinion(user, topic):
        context["opinion_form"] = offer(failed, "opinion", forms.OpinionForm)
    if stage in {Topic.Stage.OPINION, Topic.Stage.RATING}:
        context["vote_form"] = offer(failed, "vote", forms.StartVoteForm)
    if context["can_close"]:
        context["close_form"] = offer(failed, "close", django_forms.Form)
    return "oversight/staff/topic_detail.html", context


@staff_only
def topic_detail(request, pk):
    return render(request, *topic_page(request, get_topic(request.user, pk)))


@staff_only
def opinion_print(request, pk):
    """The printable (A4) deliberation opinion with its problem list."""
    topic = get_topic(request.user, pk)
    opinion = topic.opinions.order_by("-round").first()
    if opinion is None:
        raise Http404
    return render(request, "oversight/staff/opinion_print.html", {"topic": topic, "opinion": opinion,
                                                                  "findings": opinion.findings.select_related("unit")})


@staff_only
def vote_print(request, pk):
    vote = get_object_or_404(SatisfactionVote.objects.visible_to(request.user).select_related("topic"), pk=pk)
    return render(request, "oversight/staff/vote_print.html", {"vote": vote})


class FindingListView(FilteredListView):
    """The findings tracker across topics (filter by unit, state, overdue), with export."""

    model = Finding
    filterset_class = FindingFilterSet
    permission_required = "oversight.view_finding"
    template_name = "oversight/staff/finding_list.html"
    export_name = "oversight-findings"

    def export_columns(self, user):
        return [exports.Column(_("Topic"), lambda f: f.opinion.topic.title),
                exports.Column(_("Unit"), lambda f: f.unit.name),
                exports.Column(_("Problem"), lambda f: f.problem),
                exports.Column(_("What must be done"), lambda f: f.required_action),
                exports.Column(_("Due on"), lambda f: f.due_on),
                exports.Column(_("State"), lambda f: f.get_state_display())]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        closed = (Finding.objects.visible_to(self.request.user).filter(state=Finding.State.CLOSED)
                  .values("unit__name").annotate(n=Count("pk")).order_by("-n")[:20])
        top = max((row["n"] for row in closed), default=1)
        context["chart"] = [{"label": row["unit__name"], "value": row["n"], "width": 100 * row["n"] // top}
                            for row in closed]
        context["today"] = timezone.localdate()
        return context


def get_finding(user, pk):
    return get_object_or_404(Finding.objects.visible_to(user).select_related("unit", "opinion__topic"), pk=pk)


def finding_page(request, finding, failed=None) -> tuple[str, dict]:
    """One finding: the unit's reports, the evidence, requests for more time and closing (对单销号)."""
    user = request.user
    extensions = list(finding.extensions.all())
    context = {"finding": finding, "reports": finding.reports.all(), "evidence": finding.evidence.all(),
               "extensions": extensions, "timeline": audit.timeline(finding),
               "can_close": rules.can_close_finding(user, finding)}
    if rules.is_office(user):
        context["evidence_form"] = offer(failed, "evidence", forms.EvidenceForm)
        for extension in extensions:
            if extension.is_pending:
                extension.form = offer(failed, f"extension{extension.pk}", forms.ExtensionDecisionForm)
    if context["can_close"]:
        context["close_form"] = offer(failed, "close", forms.CloseFindingForm)
    return "oversight/staff/finding_detail.html", context


@staff_only
def finding_detail(request, pk):
    return render(request, *finding_page(request, get_finding(request.user, pk)))


def budget_page(request, failed=None, rows=None, filterset=None) -> tuple[str, dict]:
    """The budget watch table with tier colours, the two-quarters list and the special reviews."""
    if filterset is None:
        filterset, rows = budget_rows(request)
    latest = BudgetExecution.objects.order_by("-year", "-quarter").values("year", "quarter").first()
    flagged = budget.two_quarter_units(latest["year"], latest["quarter"]) if latest else []
    reviews = list(SpecialReview.objects.visible_to(request.user).select_related("unit")[:50])
    if rules.is_office(request.user):
        for review in reviews:
            review.form = offer(failed, f"review{review.pk}", forms.SpecialReviewForm, initial={
                "outcome": review.outcome, "budget_cut": review.budget_cut, "projects_cut": review.projects_cut})
    return "oversight/staff/budget_watch.html", {"filterset": filterset, "rows": rows[:500], "flagged": flagged,
                                                 "latest": latest, "reviews": reviews}


def budget_rows(request):
    filterset = BudgetFilterSet(request.GET or None, BudgetExecution.objects.visible_to(request.user)
                                .select_related("unit"))
    return filterset, (filterset.qs if filterset.is_valid() else BudgetExecution.objects.none())


@staff_only
def budget_watch(request):
    """The budget watch page, and its rows as Excel (the import's format)."""
    filterset, rows = budget_rows(request)
    if request.GET.get("export") == "xlsx" and filterset.is_valid():
        return exports.xlsx_response(f"budget-{timezone.localdate():%Y%m%d}", budget.EXPORT_COLUMNS, rows.iterator())
    return render(request, *budget_page(request, rows=rows, filterset=filterset))


@staff_only
def budget_import(request):
    """Upload → a preview with every row's error; nothing is saved until the file is clean."""
    form = forms.BudgetImportForm(request.POST or None, request.FILES or None)
    preview, saved = None, 0
    if request.method == "POST" and form.is_valid():
        preview, saved = budget.import_quarter(form.cleaned_data["file"], actor=request.user,
                                               year=form.cleaned_data["year"], quarter=form.cleaned_data["quarter"])
    status = 400 if preview is not None and not preview.is_clean else 200
    return render(request, "oversight/staff/budget_import.html",
                  {"form": form, "preview": preview, "saved": saved, "columns": budget.COLUMNS}, status=status)


def documents_page(request, failed=None) -> tuple[str, dict]:
    """Filed normative documents with their 30-day deadlines (rule 19), receipt and review."""
    documents = list(NormativeDocument.objects.visible_to(request.user).select_related("maker")[:200])
    context = {"documents": documents, "today": timezone.localdate()}
    if rules.is_office(request.user):
        context["document_form"] = offer(failed, "document", forms.DocumentForm)
        for document in documents:
            if document.received_on is None:
                document.form = offer(failed, f"receive{document.pk}", forms.ReceiveForm)
            elif rules.can_review(request.user, document):
                document.form = offer(failed, f"review{document.pk}", forms.DocumentReviewForm)
    return "oversight/staff/document_list.html", context


@staff_only
def document_list(request):
    return render(request, *documents_page(request))


class EvidenceDownloadView(ScopedDownloadView):
    """Evidence and handling-report files, through the reader's scope (a foreign id is a 404)."""

    model = Evidence
    field_name = "file"


class ReportFileView(ScopedDownloadView):
    model = HandlingReport
    field_name = "file"
