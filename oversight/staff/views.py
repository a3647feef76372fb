"""Staff pages of the oversight loop, mounted at /staff/oversight/."""

from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from congress import audit, exports
from congress.attachments import ScopedDownloadView
from congress.bounds import parse_id
from congress.views import FilteredListView
from oversight import budget, forms, rules, services
from oversight.filtersets import BudgetFilterSet, FindingFilterSet
from oversight.models import (
    Activity,
    BudgetExecution,
    Evidence,
    Finding,
    FindingExtension,
    HandlingReport,
    NormativeDocument,
    OversightPlan,
    SatisfactionVote,
    SpecialReview,
    Topic,
    TopicProposal,
)
from oversight.surfaces import run_service


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


@staff_only
def board(request):
    """The plan calendar and the board by stage."""
    plans = OversightPlan.objects.visible_to(request.user)
    plan = plans.filter(pk=parse_id(request.GET.get("plan", "")) or 0).first() or plans.first()
    topics = list(Topic.objects.visible_to(request.user).filter(plan=plan).select_related("lead_committee", "meeting")
                  .order_by("meeting__starts_on", "pk")) if plan else []
    columns = [(label, [t for t in topics if t.stage == value]) for value, label in Topic.Stage.choices]
    proposals = TopicProposal.objects.visible_to(request.user).filter(plan=plan).select_related("topic") if plan else []
    return render(request, "oversight/staff/board.html", {
        "plan": plan, "plans": plans, "columns": columns, "topics": topics, "proposals": proposals,
        "can_manage": rules.is_office(request.user), "plan_form": forms.PlanForm(), "topic_form": forms.TopicForm(),
        "adopt_form": forms.AdoptForm(), "amend_form": forms.AmendForm(), "place_form": forms.PlaceProposalForm(),
        "amendments": plan.amendments.all() if plan else []})


def _plan(request, pk):
    return get_object_or_404(OversightPlan.objects.visible_to(request.user), pk=pk)


def _board(plan):
    return f"{reverse('oversight:board')}?plan={plan.pk}"


def _empty(request):
    from django import forms as django_forms

    return django_forms.Form(request.POST)


@require_POST
@staff_only
def plan_create(request):
    back = reverse("oversight:board")
    return run_service(request, forms.PlanForm(request.POST), lambda d: services.create_plan(actor=request.user, **d),
                       success=back, back=back)


@require_POST
@staff_only
def plan_topic(request, pk):
    plan = _plan(request, pk)
    return run_service(request, forms.TopicForm(request.POST), lambda d: services.add_topic(
        plan, actor=request.user, kind=d["kind"], title=d["title"], lead_committee=d["lead_committee"],
        target_units=d["target_units"], meeting=d["meeting"], reason=d["reason"]),
        success=_board(plan), back=_board(plan))


@require_POST
@staff_only
def plan_adopt(request, pk):
    plan = _plan(request, pk)
    return run_service(request, forms.AdoptForm(request.POST), lambda d: services.adopt_plan(
        plan, actor=request.user, approval_document=d["approval_document"]), success=_board(plan), back=_board(plan))


@require_POST
@staff_only
def plan_publish(request, pk):
    plan = _plan(request, pk)
    return run_service(request, _empty(request), lambda d: services.publish_plan(plan, actor=request.user),
                       success=_board(plan), back=_board(plan))


@require_POST
@staff_only
def plan_amend(request, pk):
    plan = _plan(request, pk)
    return run_service(request, forms.AmendForm(request.POST), lambda d: services.amend_plan(
        plan, actor=request.user, reason=d["reason"], change=d["change"]), success=_board(plan), back=_board(plan))


@require_POST
@staff_only
def proposal_place(request, pk):
    proposal = get_object_or_404(TopicProposal.objects.visible_to(request.user), pk=pk)
    back = _board(proposal.plan)
    form = forms.PlaceProposalForm(request.POST)

    def call(d):
        topic = Topic.objects.filter(plan=proposal.plan, pk=parse_id(request.POST.get("topic", "")) or 0).first()
        services.place_proposal(proposal, actor=request.user, outcome=d["outcome"], group_label=d["group_label"],
                                rank=d["rank"], topic=topic, note=d["note"])
    return run_service(request, form, call, success=back, back=back)


@require_POST
@staff_only
def topic_research(request, pk):
    topic = _topic(request, pk)
    back = reverse("oversight:topic_detail", args=[pk])
    return run_service(request, _empty(request), lambda d: services.start_research(topic, actor=request.user),
                       success=back, back=back)


@require_POST
@staff_only
def topic_activity(request, pk):
    topic = _topic(request, pk)
    back = reverse("oversight:topic_detail", args=[pk])
    return run_service(request, forms.ActivityForm(request.POST), lambda d: services.add_activity(
        topic, actor=request.user, **d), success=back, back=back)


@require_POST
@staff_only
def activity_attendance(request, pk):
    activity = get_object_or_404(Activity.objects.visible_to(request.user), pk=pk)
    back = reverse("oversight:topic_detail", args=[activity.topic_id])
    ids = [parse_id(value) for value in request.POST.getlist("attended")]
    return run_service(request, _empty(request), lambda d: services.record_attendance(
        activity, actor=request.user, deputy_ids=[i for i in ids if i]), success=back, back=back)


@require_POST
@staff_only
def topic_question(request, pk):
    topic = _topic(request, pk)
    back = reverse("oversight:topic_detail", args=[pk])
    return run_service(request, forms.QuestionForm(request.POST), lambda d: services.record_question(
        topic, actor=request.user, **d), success=back, back=back)


@staff_only
def topic_detail(request, pk):
    topic = get_object_or_404(Topic.objects.visible_to(request.user).select_related("plan", "lead_committee"), pk=pk)
    context = {
        "topic": topic, "timeline": audit.timeline(topic),
        "opinions": topic.opinions.prefetch_related("findings__unit"),
        "votes": topic.votes.all(),
        "activities": topic.activities.annotate(n=Count("participations")).prefetch_related("participations__deputy"),
        "questions": topic.questions.all(), "steps": topic.steps.all(),
        "can_manage": rules.is_office(request.user), "can_close": rules.can_close_topic(request.user, topic),
        "activity_form": forms.ActivityForm(), "question_form": forms.QuestionForm(),
        "hearing_form": forms.HearingForm(), "opinion_form": forms.OpinionForm(), "vote_form": forms.StartVoteForm(),
        "ballot_steps": [("oversight:ballot_close", _("Close and count")), ("oversight:ballot_verify", _("Verify")),
                         ("oversight:ballot_publish", _("Publish"))],
    }
    return render(request, "oversight/staff/topic_detail.html", context)


def _topic(request, pk):
    return get_object_or_404(Topic.objects.visible_to(request.user), pk=pk)


@require_POST
@staff_only
def topic_hear(request, pk):
    topic = _topic(request, pk)
    back = reverse("oversight:topic_detail", args=[pk])
    return run_service(request, forms.HearingForm(request.POST), lambda d: services.record_hearing(
        topic, actor=request.user, report_summary=d["report_summary"], heard_on=d["heard_on"]), success=back, back=back)


@require_POST
@staff_only
def topic_opinion(request, pk):
    topic = _topic(request, pk)
    back = reverse("oversight:topic_detail", args=[pk])
    return run_service(request, forms.OpinionForm(request.POST), lambda d: services.issue_opinion(
        topic, actor=request.user, text=d["text"], findings=d["findings"], due_on=d["due_on"]), success=back, back=back)


@require_POST
@staff_only
def topic_vote(request, pk):
    """Open the rating: a satisfaction ballot of the active members, one option per subject."""
    topic = _topic(request, pk)
    back = reverse("oversight:topic_detail", args=[pk])
    return run_service(request, forms.StartVoteForm(request.POST), lambda d: services.start_vote(
        topic, actor=request.user, subjects=d["subjects"]), success=back, back=back)


BALLOT_STEPS = {"close": "close_ballot", "verify": "verify_ballot", "publish": "publish_ballot"}


@require_POST
@staff_only
def ballot_step(request, pk, step):
    """Close (and count), verify or publish a topic's rating ballot through the ballot services."""
    from congress.ballots import services as ballots

    vote = get_object_or_404(SatisfactionVote.objects.visible_to(request.user), pk=pk, ballot_id__isnull=False)
    if step not in BALLOT_STEPS:
        raise Http404
    back = reverse("oversight:topic_detail", args=[vote.topic_id])
    from django import forms as django_forms

    return run_service(request, django_forms.Form(request.POST), lambda d: getattr(ballots, BALLOT_STEPS[step])(
        vote.ballot_id, actor=request.user), success=back, back=back)


@require_POST
@staff_only
def topic_close(request, pk):
    topic = _topic(request, pk)
    back = reverse("oversight:topic_detail", args=[pk])
    from django import forms as django_forms

    return run_service(request, django_forms.Form(request.POST), lambda d: services.close_topic(
        topic, actor=request.user), success=back, back=back)


@staff_only
def opinion_print(request, pk):
    """The printable (A4) deliberation opinion with its problem list."""
    topic = _topic(request, pk)
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


@staff_only
def finding_detail(request, pk):
    scoped = Finding.objects.visible_to(request.user).select_related("unit", "opinion__topic")
    finding = get_object_or_404(scoped, pk=pk)
    return render(request, "oversight/staff/finding_detail.html", {
        "finding": finding, "reports": finding.reports.all(), "evidence": finding.evidence.all(),
        "extensions": finding.extensions.all(), "timeline": audit.timeline(finding),
        "can_close": rules.can_close_finding(request.user, finding),
        "evidence_form": forms.EvidenceForm(), "close_form": forms.CloseFindingForm()})


@require_POST
@staff_only
def finding_evidence(request, pk):
    finding = get_object_or_404(Finding.objects.visible_to(request.user), pk=pk)
    back = reverse("oversight:finding_detail", args=[pk])
    return run_service(request, forms.EvidenceForm(request.POST, request.FILES), lambda d: services.add_evidence(
        finding, actor=request.user, file=d["file"], note=d["note"]), success=back, back=back)


@require_POST
@staff_only
def finding_close(request, pk):
    finding = get_object_or_404(Finding.objects.visible_to(request.user), pk=pk)
    back = reverse("oversight:finding_detail", args=[pk])
    return run_service(request, forms.CloseFindingForm(request.POST), lambda d: services.close_finding(
        finding, actor=request.user, note=d["note"]), success=back, back=back)


@require_POST
@staff_only
def extension_decide(request, pk):
    extension = get_object_or_404(FindingExtension.objects.visible_to(request.user), pk=pk)
    back = reverse("oversight:finding_detail", args=[extension.finding_id])
    from django import forms as django_forms

    class DecideForm(django_forms.Form):
        approve = django_forms.BooleanField(required=False)
        note = django_forms.CharField(max_length=500, required=False)

    return run_service(request, DecideForm(request.POST), lambda d: services.decide_extension(
        extension, actor=request.user, approve=d["approve"], note=d["note"]), success=back, back=back)


@staff_only
def budget_watch(request):
    """The budget watch table with tier colours, the two-quarters list, import and export."""
    filterset = BudgetFilterSet(request.GET or None, BudgetExecution.objects.visible_to(request.user)
                                .select_related("unit"))
    rows = filterset.qs if filterset.is_valid() else BudgetExecution.objects.none()
    if request.GET.get("export") == "xlsx" and filterset.is_valid():
        return exports.xlsx_response(f"budget-{timezone.localdate():%Y%m%d}", budget.EXPORT_COLUMNS, rows.iterator())
    latest = BudgetExecution.objects.order_by("-year", "-quarter").values("year", "quarter").first()
    flagged = budget.two_quarter_units(latest["year"], latest["quarter"]) if latest else []
    context = {"filterset": filterset, "rows": rows[:500], "flagged": flagged, "latest": latest,
               "reviews": SpecialReview.objects.visible_to(request.user).select_related("unit")[:50],
               "import_form": forms.BudgetImportForm(), "review_form": forms.SpecialReviewForm()}
    return render(request, "oversight/staff/budget_watch.html", context)


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


@require_POST
@staff_only
def special_review(request, pk):
    review = get_object_or_404(SpecialReview.objects.visible_to(request.user), pk=pk)
    back = reverse("oversight:budget_watch")
    return run_service(request, forms.SpecialReviewForm(request.POST), lambda d: budget.record_special_review(
        review, actor=request.user, outcome=d["outcome"], budget_cut=d["budget_cut"],
        projects_cut=d["projects_cut"]), success=back, back=back)


@staff_only
def document_list(request):
    documents = NormativeDocument.objects.visible_to(request.user).select_related("maker")[:200]
    return render(request, "oversight/staff/document_list.html", {
        "documents": documents, "today": timezone.localdate(), "review_form": forms.DocumentReviewForm(),
        "document_form": forms.DocumentForm(), "receive_form": forms.ReceiveForm()})


@require_POST
@staff_only
def document_register(request):
    back = reverse("oversight:document_list")
    return run_service(request, forms.DocumentForm(request.POST), lambda d: services.register_document(
        actor=request.user, **d), success=back, back=back)


@require_POST
@staff_only
def document_receive(request, pk):
    document = get_object_or_404(NormativeDocument.objects.visible_to(request.user), pk=pk)
    back = reverse("oversight:document_list")
    return run_service(request, forms.ReceiveForm(request.POST), lambda d: services.receive_document(
        document, actor=request.user, received_on=d["received_on"]), success=back, back=back)


class EvidenceDownloadView(ScopedDownloadView):
    """Evidence and handling-report files, through the reader's scope (a foreign id is a 404)."""

    model = Evidence
    field_name = "file"


class ReportFileView(ScopedDownloadView):
    model = HandlingReport
    field_name = "file"


@require_POST
@staff_only
def document_review(request, pk):
    document = get_object_or_404(NormativeDocument.objects.visible_to(request.user), pk=pk)
    back = reverse("oversight:document_list")
    return run_service(request, forms.DocumentReviewForm(request.POST), lambda d: services.review_document(
        document, actor=request.user, outcome=d["outcome"], note=d["note"]), success=back, back=back)
