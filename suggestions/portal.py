"""Phone-first portal pages: deputies' suggestions and unit handlers' assignments.

Home cards (`portal_cards`), two lists, two detail pages (the exact paths notifications link to,
see suggestions/links.py) and one small POST view per action. Every read starts from
`visible_to(user)`, narrowed to the page's audience; anything outside is 404. Every POST parses
one form, calls exactly one service and redirects with a message; a refusal re-renders the page
with the service's message on the form, and the service's transaction means nothing was saved.
"""

from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Prefetch, Q, Value, When
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView

from congress.views import PortalRequiredMixin
from deputies.models import Deputy
from suggestions import rules, services
from suggestions.filtersets import SuggestionFilterSet
from suggestions.models import (
    Assignment,
    Commitment,
    CoSignature,
    Extension,
    ReassignmentRequest,
    Reply,
    ReplyReceipt,
    Suggestion,
)
from suggestions.portal_forms import (
    ContactForm,
    ExtensionForm,
    InviteForm,
    OpinionForm,
    RatingForm,
    ReplyForm,
    ResolveCommitmentForm,
    RespondForm,
    ResponsiblePersonForm,
    ReturnForm,
    SuggestionForm,
    WithdrawForm,
    add_service_error,
)

S = Suggestion.Status
FINISHED = (S.CLOSED, S.WITHDRAWN, S.REJECTED, S.REFERENCE)
IN_HANDLING = (S.SUBMITTED, S.ACCEPTED, S.HANDLING, S.REHANDLING, S.TRACKING, S.REPLIED)

DEPUTY_TABS = [
    ("all", gettext_lazy("All mine")),
    ("drafts", gettext_lazy("Drafts")),
    ("handling", gettext_lazy("In handling")),
    ("rating", gettext_lazy("Awaiting my rating")),
    ("closed", gettext_lazy("Closed")),
    ("cosigned", gettext_lazy("Co-signed")),
    ("invitations", gettext_lazy("Invitations")),
]


# --------------------------------------------------------------------------- scope and reads


def deputy_of(user) -> Deputy | None:
    """The user's deputy record, or None. Django caches the answer (a miss too) on the user object,
    so the layout and the page ask the database once."""
    return getattr(user, "deputy", None) if user.is_authenticated else None


def _signature(user, *statuses):
    return Exists(CoSignature.objects.filter(suggestion=OuterRef("pk"), deputy__user=user, status__in=statuses))


def _awaiting_rating():
    """A unit has answered and the lead deputy has not rated that answer yet (only answering
    parts, lead or separate, ever reach 'replied')."""
    return Exists(Assignment.objects.filter(suggestion=OuterRef("pk"), status=Assignment.Status.REPLIED))


def deputy_tabs(user) -> dict[str, Q]:
    """The deputy's list tabs as filters. The first four split the suggestions they lead."""
    mine = Q(lead_deputy__user=user)
    awaiting = Q(_awaiting_rating())
    return {
        "all": mine,
        "drafts": mine & Q(status=S.DRAFT),
        "handling": mine & Q(status__in=IN_HANDLING) & ~awaiting,
        "rating": mine & awaiting,
        "closed": mine & Q(status__in=FINISHED),
        "cosigned": Q(_signature(user, CoSignature.Status.CONFIRMED)),
        "invitations": Q(_signature(user, CoSignature.Status.INVITED)) & Q(status=S.DRAFT),
    }


def tab_counts(user, tabs=None) -> dict[str, int]:
    """How many suggestions each tab holds: one aggregate query."""
    tabs = tabs or deputy_tabs(user)
    return Suggestion.objects.visible_to(user).aggregate(
        **{key: Count("pk", filter=q) for key, q in tabs.items()})


def deputy_suggestions(user):
    """What the deputy pages show: suggestions the user leads or is (still) invited to co-sign.
    Narrows visible_to(), which also lets unit handlers read their unit's cases."""
    answered_or_not = (CoSignature.Status.INVITED, CoSignature.Status.CONFIRMED, CoSignature.Status.DECLINED)
    return Suggestion.objects.visible_to(user).filter(Q(lead_deputy__user=user) | Q(_signature(user, *answered_or_not)))


def unit_assignments(user):
    """What the unit pages show: the handler's own unit's parts. Narrows visible_to(), which also
    lets deputies and staff read the parts of suggestions they see."""
    if not user.unit_id:
        return Assignment.objects.none()
    return Assignment.objects.visible_to(user).filter(unit_id=user.unit_id)


def mark_replies_read(suggestion, deputy) -> None:
    """Opening the page that shows the answers means the deputy has read them (逐人答复, rule 7).

    A receipt timestamp, not a step of the workflow: no status changes, no audit event, no
    notification, so it is written here rather than by a service. One UPDATE of unread rows only."""
    if deputy is None:
        return
    ReplyReceipt.objects.filter(deputy=deputy, reply__assignment__suggestion=suggestion,
                                read_at__isnull=True).update(read_at=timezone.now())


# --------------------------------------------------------------------------- home cards


def portal_cards(user) -> list[dict]:
    """Cards for the portal home: a deputy's suggestions, a unit handler's assignments."""
    cards = []
    if deputy_of(user) is not None:
        cards.append(_deputy_card(user))
    if user.is_authenticated and user.unit_id:
        cards.append(_unit_card(user))
    return cards


def _deputy_card(user) -> dict:
    tabs = deputy_tabs(user)
    scoped = Suggestion.objects.visible_to(user)
    return {
        "template": "suggestions/portal/deputy_card.html",
        "counts": tab_counts(user, tabs),
        "invitations": list(scoped.filter(tabs["invitations"]).select_related("lead_deputy")
                            .order_by("-created_at", "-id")[:5]),
        "awaiting": list(scoped.filter(tabs["rating"]).order_by("-created_at", "-id")[:5]),
    }


def _unit_card(user) -> dict:
    today = timezone.localdate()
    scoped = unit_assignments(user)
    counts = scoped.aggregate(
        open=Count("pk", filter=Q(status__in=Assignment.OPEN_STATUSES)),
        overdue=Count("pk", filter=Q(status__in=Assignment.OPEN_STATUSES, due_on__lt=today)),
    )
    rows = list(scoped.open().select_related("suggestion").order_by("due_on", "id")[:8])
    for row in rows:
        row.late = row.due_on < today
    return {"template": "suggestions/portal/unit_card.html", "counts": counts, "assignments": rows}


# --------------------------------------------------------------------------- shared action view


class PortalAction(PortalRequiredMixin, View):
    """POST only: parse one form, call one service, redirect with a message.

    A refusal (ValidationError or PermissionDenied from the service) re-renders the page with the
    message on the form and at the top; the service's transaction saved nothing."""

    http_method_names = ["post"]
    form_class = forms.Form
    prefix = None

    def get_page_object(self):
        raise NotImplementedError

    def get_prefix(self):
        return self.prefix

    def form_kwargs(self, obj) -> dict:
        return {}

    def perform(self, obj, form) -> str:
        """Call the service; return the success message."""
        raise NotImplementedError

    def render_page(self, obj, form):
        raise NotImplementedError

    def success_url(self, obj) -> str:
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        obj = self.get_page_object()
        form = self.form_class(request.POST, request.FILES, prefix=self.get_prefix(), **self.form_kwargs(obj))
        if form.is_valid():
            try:
                message = self.perform(obj, form)
            except ValidationError as error:
                add_service_error(form, error)
            except PermissionDenied as error:
                form.add_error(None, str(error) or _("You are not allowed to do this."))
            else:
                messages.success(request, message)
                return redirect(self.success_url(obj))
        problems = [str(e) for errors in form.errors.values() for e in errors]
        messages.error(request, _("Nothing was saved: %(problem)s") % {
            "problem": " ".join(problems) or _("check the form.")})
        return self.render_page(obj, form)


def _form(failed, cls, prefix, **kwargs):
    """The form that failed, with its errors, if it is this one; otherwise a fresh one."""
    if failed is not None and failed.prefix == prefix:
        return failed
    return cls(prefix=prefix, **kwargs)


# --------------------------------------------------------------------------- deputies


class SuggestionListView(PortalRequiredMixin, ListView):
    """My suggestions by tab, plus those I co-signed and my pending invitations; `q` searches."""

    template_name = "suggestions/portal/suggestion_list.html"
    context_object_name = "suggestions"
    paginate_by = 20

    def get_queryset(self):
        user = self.request.user
        self.tabs = deputy_tabs(user)
        self.tab = self.request.GET.get("tab")
        if self.tab not in self.tabs:
            self.tab = "all"
        scoped = Suggestion.objects.visible_to(user).filter(self.tabs[self.tab]).for_list()
        self.filterset = SuggestionFilterSet(self.request.GET or None, scoped, request=self.request)
        return self.filterset.qs.order_by("-created_at", "-id")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = tab_counts(self.request.user, self.tabs)
        context["tabs"] = [(key, label, counts[key]) for key, label in DEPUTY_TABS]
        context["tab"] = self.tab
        context["q"] = self.request.GET.get("q", "")
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
        return context


def get_deputy_suggestion(user, pk):
    return get_object_or_404(deputy_suggestions(user).select_related("lead_deputy", "category", "meeting", "term"),
                             pk=pk)


def render_suggestion(request, suggestion, failed=None):
    """The deputy's page for one suggestion, with the forms the user may use on it."""
    user = request.user
    me = deputy_of(user)
    is_lead = rules.is_lead_deputy(user, suggestion)
    is_draft = suggestion.status == S.DRAFT
    signatures = list(suggestion.cosignatures.exclude(status=CoSignature.Status.WITHDRAWN).select_related("deputy"))
    my_signature = next((s for s in signatures if me is not None and s.deputy_id == me.pk), None)
    parts = list(suggestion.assignments.filter(status__in=Assignment.LIVE_STATUSES).select_related("unit")
                 .prefetch_related(Prefetch("replies", queryset=Reply.objects.select_related("evaluation")
                                            .prefetch_related("commitments"))))
    awaiting, answered = [], []
    for part in parts:
        for reply in part.replies.all():
            reply.part = part
            if (is_lead and part.status == Assignment.Status.REPLIED and reply.round == part.round
                    and not hasattr(reply, "evaluation")):
                reply.rating_form = _form(failed, RatingForm, f"rate-{reply.pk}")
                awaiting.append(reply)
            else:
                answered.append(reply)
    context = {
        "suggestion": suggestion, "is_lead": is_lead, "is_draft": is_draft, "signatures": signatures,
        "my_signature": my_signature, "parts": parts, "awaiting": awaiting, "answered": answered,
        "failed_form": failed,
        "can_withdraw": is_lead and suggestion.status not in FINISHED,
        "withdraw_form": _form(failed, WithdrawForm, "withdraw"),
        "respond_form": _form(failed, RespondForm, "respond"),
        "submit_form": _form(failed, forms.Form, "submit"),
    }
    if is_lead and is_draft:
        q = request.GET.get("q", "").strip()
        candidates = (Deputy.objects.serving().filter(term_id=suggestion.term_id)
                      .exclude(pk=suggestion.lead_deputy_id)
                      # a deputy who declined may be asked again; one invited or signed already may not
                      .exclude(pk__in=[s.deputy_id for s in signatures if s.status != CoSignature.Status.DECLINED]))
        if q:
            candidates = candidates.filter(name__icontains=q)
        context.update(q=q, candidates=list(candidates.order_by("name", "id")[:20]),
                       invite_form=_form(failed, InviteForm, "invite", suggestion=suggestion))
    return render(request, "suggestions/portal/suggestion_detail.html", context)


class SuggestionDetailView(PortalRequiredMixin, View):
    def get(self, request, pk):
        suggestion = get_deputy_suggestion(request.user, pk)
        mark_replies_read(suggestion, deputy_of(request.user))
        return render_suggestion(request, suggestion)


class SuggestionCreateView(PortalRequiredMixin, View):
    template_name = "suggestions/portal/suggestion_form.html"

    def get(self, request):
        return render(request, self.template_name, {"form": SuggestionForm()})

    def post(self, request):
        form = SuggestionForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                suggestion = services.create_draft(actor=request.user, title=data["title"], content=data["content"],
                                                   category=data["category"], attachment=data["attachment"])
            except ValidationError as error:
                add_service_error(form, error)
            except PermissionDenied as error:
                form.add_error(None, str(error) or _("You are not allowed to do this."))
            else:
                messages.success(request, _("Draft saved. Invite co-signers, or submit it when it is ready."))
                return redirect("suggestions_portal:suggestion_detail", suggestion.pk)
        return render(request, self.template_name, {"form": form})


class SuggestionEditView(PortalRequiredMixin, View):
    """The lead deputy edits a draft; only the changed fields go to the service."""

    template_name = "suggestions/portal/suggestion_form.html"

    def get_object(self):
        return get_object_or_404(Suggestion.objects.visible_to(self.request.user)
                                 .filter(lead_deputy__user=self.request.user), pk=self.kwargs["pk"])

    def get(self, request, pk):
        suggestion = self.get_object()
        if suggestion.status != S.DRAFT:
            messages.info(request, _("Only a draft can be edited; this suggestion has been submitted."))
            return redirect("suggestions_portal:suggestion_detail", suggestion.pk)
        form = SuggestionForm(initial={"title": suggestion.title, "content": suggestion.content,
                                       "category": suggestion.category_id})
        return render(request, self.template_name, {"form": form, "suggestion": suggestion})

    def post(self, request, pk):
        suggestion = self.get_object()
        form = SuggestionForm(request.POST, request.FILES)
        if form.is_valid():
            changes = form.changes(suggestion)
            if not changes:
                messages.info(request, _("Nothing was changed."))
                return redirect("suggestions_portal:suggestion_detail", suggestion.pk)
            try:
                services.update_draft(suggestion, actor=request.user, **changes)
            except ValidationError as error:
                add_service_error(form, error)
            except PermissionDenied as error:
                form.add_error(None, str(error) or _("You are not allowed to do this."))
            else:
                messages.success(request, _("Draft saved."))
                return redirect("suggestions_portal:suggestion_detail", suggestion.pk)
        return render(request, self.template_name, {"form": form, "suggestion": suggestion})


class SuggestionAction(PortalAction):
    def get_page_object(self):
        return get_deputy_suggestion(self.request.user, self.kwargs["pk"])

    def render_page(self, obj, form):
        return render_suggestion(self.request, obj, failed=form)

    def success_url(self, obj):
        return reverse("suggestions_portal:suggestion_detail", args=[obj.pk])


class InviteView(SuggestionAction):
    form_class = InviteForm
    prefix = "invite"

    def form_kwargs(self, obj):
        return {"suggestion": obj}

    def perform(self, suggestion, form):
        invited = services.invite_cosigners(suggestion, actor=self.request.user,
                                            deputies=form.cleaned_data["deputies"])
        return _("Invitations sent: %(count)d.") % {"count": len(invited)}


class WithdrawInvitationView(SuggestionAction):
    def get_prefix(self):
        return f"uninvite-{self.kwargs['signature']}"

    def perform(self, suggestion, form):
        signature = get_object_or_404(suggestion.cosignatures.select_related("deputy"), pk=self.kwargs["signature"])
        services.withdraw_invitation(signature, actor=self.request.user)
        return _("The invitation to %(name)s was withdrawn.") % {"name": signature.deputy.name}


class RespondView(SuggestionAction):
    form_class = RespondForm
    prefix = "respond"

    def perform(self, suggestion, form):
        signature = get_object_or_404(suggestion.cosignatures, deputy__user=self.request.user)
        confirm = form.cleaned_data["answer"] == "confirm"
        services.respond_to_invitation(signature, actor=self.request.user, confirm=confirm)
        return _("You co-signed this suggestion.") if confirm else _("You declined to co-sign.")


class SubmitView(SuggestionAction):
    prefix = "submit"

    def perform(self, suggestion, form):
        services.submit_suggestion(suggestion, actor=self.request.user)
        return _("Submitted. The office will review it.")


class WithdrawView(SuggestionAction):
    form_class = WithdrawForm
    prefix = "withdraw"

    def perform(self, suggestion, form):
        services.withdraw_suggestion(suggestion, actor=self.request.user, reason=form.cleaned_data["reason"])
        return _("The suggestion was withdrawn.")


class RateView(SuggestionAction):
    form_class = RatingForm

    def get_prefix(self):
        return f"rate-{self.kwargs['reply']}"

    def perform(self, suggestion, form):
        reply = get_object_or_404(Reply.objects.filter(assignment__suggestion=suggestion), pk=self.kwargs["reply"])
        data = form.cleaned_data
        services.evaluate_reply(reply, actor=self.request.user, satisfaction=data["satisfaction"],
                                attitude=data["attitude"], approach=data["approach"], effect=data["effect"],
                                comment=data["comment"])
        return _("Thank you: your rating was recorded.")


# --------------------------------------------------------------------------- unit handlers


class AssignmentListView(PortalRequiredMixin, ListView):
    """My unit's assignments: open ones first by deadline (overdue ones marked), then answered, then done."""

    template_name = "suggestions/portal/assignment_list.html"
    context_object_name = "assignments"
    paginate_by = 20

    def get_queryset(self):
        A = Assignment.Status
        stage = Case(When(status__in=Assignment.OPEN_STATUSES, then=Value(0)), When(status=A.REPLIED, then=Value(1)),
                     When(status=A.DONE, then=Value(2)), default=Value(3), output_field=IntegerField())
        return (unit_assignments(self.request.user).select_related("suggestion", "suggestion__lead_deputy")
                .annotate(stage=stage).order_by("stage", "due_on", "id"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        for row in context["assignments"]:
            row.late = row.status in Assignment.OPEN_STATUSES and row.due_on < today
        context["counts"] = unit_assignments(self.request.user).aggregate(
            open=Count("pk", filter=Q(status__in=Assignment.OPEN_STATUSES)),
            overdue=Count("pk", filter=Q(status__in=Assignment.OPEN_STATUSES, due_on__lt=today)),
        )
        return context


def get_unit_assignment(user, pk):
    return get_object_or_404(unit_assignments(user).select_related(
        "suggestion", "suggestion__lead_deputy", "suggestion__category", "unit"), pk=pk)


def render_assignment(request, assignment, failed=None):
    """The unit's page for one assignment. Deputies appear by name only: their phone numbers are
    personal data for office staff (deputies.models.can_see_phone)."""
    today = timezone.localdate()
    suggestion = assignment.suggestion
    A = Assignment.Status
    is_open = assignment.status in Assignment.OPEN_STATUSES
    replies = list(assignment.replies.select_related("evaluation").prefetch_related("commitments"))
    extensions = list(assignment.extensions.all())
    returns = list(assignment.reassignment_requests.select_related("suggested_unit"))
    open_commitments = [c for r in replies for c in r.commitments.all() if c.status == Commitment.Status.OPEN]
    for commitment in open_commitments:
        commitment.form = _form(failed, ResolveCommitmentForm, f"commitment-{commitment.pk}")
    first_round_unanswered = assignment.status == A.ASSIGNED and assignment.round == 1
    return_ends = rules.return_window_ends(assignment.assigned_on) if first_round_unanswered else None
    views = ""
    if assignment.status == A.REHANDLING and replies and hasattr(replies[-1], "evaluation"):
        views = replies[-1].evaluation.comment
    context = {
        "assignment": assignment, "suggestion": suggestion, "today": today, "failed_form": failed,
        "late": is_open and assignment.due_on < today,
        "cosigners": list(suggestion.cosignatures.filter(status=CoSignature.Status.CONFIRMED)
                          .values_list("deputy__name", flat=True)),
        "others": list(suggestion.assignments.filter(status__in=Assignment.LIVE_STATUSES)
                       .exclude(pk=assignment.pk).select_related("unit")),
        "is_key": suggestion.is_key,
        "replies": replies, "contacts": list(assignment.contacts.all()), "extensions": extensions,
        "returns": returns, "open_commitments": open_commitments, "deputy_views": views,
        "latest_due_on": rules.latest_due_on(assignment.assigned_on, assignment.original_due_on),
        "return_ends": return_ends,
        "responsible_form": _form(failed, ResponsiblePersonForm, "responsible", initial={
            "name": assignment.responsible_person, "phone": assignment.responsible_phone}),
    }
    if is_open or assignment.status == A.REPLIED:
        context["contact_form"] = _form(failed, ContactForm, "contact", initial={"contacted_on": today})
    if assignment.role == Assignment.Role.CO and assignment.status == A.ASSIGNED:
        context["opinion_form"] = _form(failed, OpinionForm, "opinion")
    if assignment.answers and is_open:
        context["reply_form"] = _form(failed, ReplyForm, "reply")
    pending = Extension.Decision.PENDING
    if assignment.answers and first_round_unanswered and not any(e.decision == pending for e in extensions):
        context["extension_form"] = _form(failed, ExtensionForm, "extension")
    if (first_round_unanswered and today <= return_ends
            and not any(r.decision == ReassignmentRequest.Decision.PENDING for r in returns)):
        context["return_form"] = _form(failed, ReturnForm, "return")
    return render(request, "suggestions/portal/assignment_detail.html", context)


class AssignmentDetailView(PortalRequiredMixin, View):
    def get(self, request, pk):
        return render_assignment(request, get_unit_assignment(request.user, pk))


class AssignmentAction(PortalAction):
    def get_page_object(self):
        return get_unit_assignment(self.request.user, self.kwargs["pk"])

    def render_page(self, obj, form):
        return render_assignment(self.request, obj, failed=form)

    def success_url(self, obj):
        return reverse("suggestions_portal:assignment_detail", args=[obj.pk])


class ResponsiblePersonView(AssignmentAction):
    form_class = ResponsiblePersonForm
    prefix = "responsible"

    def perform(self, assignment, form):
        services.set_responsible_person(assignment, actor=self.request.user, name=form.cleaned_data["name"],
                                        phone=form.cleaned_data["phone"])
        return _("Responsible person saved.")


class ContactView(AssignmentAction):
    form_class = ContactForm
    prefix = "contact"

    def perform(self, assignment, form):
        data = form.cleaned_data
        services.record_contact(assignment, actor=self.request.user, contacted_on=data["contacted_on"],
                                method=data["method"], summary=data["summary"])
        return _("Contact with the deputy recorded.")


class OpinionView(AssignmentAction):
    form_class = OpinionForm
    prefix = "opinion"

    def perform(self, assignment, form):
        services.send_co_unit_opinion(assignment, actor=self.request.user, opinion=form.cleaned_data["opinion"])
        return _("Your opinion was sent to the lead unit.")


class ReplyView(AssignmentAction):
    form_class = ReplyForm
    prefix = "reply"

    def perform(self, assignment, form):
        data = form.cleaned_data
        services.reply_to_assignment(assignment, actor=self.request.user, category=data["category"],
                                     body=data["body"], signed_by=data["signed_by"],
                                     signed_by_head=data["signed_by_head"], attachment=data["attachment"],
                                     commitments=form.commitment_rows())
        return _("Your reply was sent to the deputies.")


class ExtensionView(AssignmentAction):
    form_class = ExtensionForm
    prefix = "extension"

    def perform(self, assignment, form):
        services.request_extension(assignment, actor=self.request.user, due_on=form.cleaned_data["due_on"],
                                   reason=form.cleaned_data["reason"])
        return _("Extension requested; the office will decide.")


class ReturnView(AssignmentAction):
    form_class = ReturnForm
    prefix = "return"

    def perform(self, assignment, form):
        services.request_reassignment(assignment, actor=self.request.user, reason=form.cleaned_data["reason"],
                                      suggested_unit=form.cleaned_data["suggested_unit"])
        return _("Return requested; the office will decide.")


class ResolveCommitmentView(AssignmentAction):
    form_class = ResolveCommitmentForm

    def get_prefix(self):
        return f"commitment-{self.kwargs['commitment']}"

    def perform(self, assignment, form):
        commitment = get_object_or_404(Commitment.objects.filter(reply__assignment=assignment),
                                       pk=self.kwargs["commitment"])
        fulfilled = form.cleaned_data["outcome"] == "fulfilled"
        services.resolve_commitment(commitment, actor=self.request.user, fulfilled=fulfilled,
                                    resolution=form.cleaned_data["resolution"])
        return _("Commitment marked fulfilled.") if fulfilled else _("Explanation recorded.")


# --------------------------------------------------------------------------- files


def _download(field):
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    return FileResponse(handle, as_attachment=True, filename=Path(field.name).name)


class SuggestionAttachmentView(PortalRequiredMixin, View):
    """The suggestion's attachment, for whoever may read the suggestion (media files are not public)."""

    def get(self, request, pk):
        return _download(get_object_or_404(Suggestion.objects.visible_to(request.user), pk=pk).attachment)


class ReplyLetterView(PortalRequiredMixin, View):
    def get(self, request, pk):
        scoped = Reply.objects.filter(assignment__in=Assignment.objects.visible_to(request.user))
        return _download(get_object_or_404(scoped, pk=pk).attachment)
