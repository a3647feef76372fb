"""The deputy's portal pages: my suggestions by tab, one suggestion with its answers, the draft
form, and one POST per action (invite, withdraw an invitation, answer one, submit, withdraw,
rate an answer). Which forms a page offers is what `suggestions.rules.can_*` allows."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView

from congress.attachments import ScopedDownloadView
from congress.views import ActionView, LastPageMixin, PortalRequiredMixin, form_on_page, put_refusal_on_form
from deputies.models import Deputy
from suggestions import rules, selectors, services
from suggestions.filtersets import SuggestionFilterSet
from suggestions.models import Assignment, CoSignature, Reply, ReplyReceipt, Suggestion
from suggestions.portal_forms import InviteForm, RatingForm, RespondForm, SuggestionForm, WithdrawForm
from suggestions.staff.views import explain_parts

DEPUTY_TABS = [
    ("all", gettext_lazy("All mine")),
    ("drafts", gettext_lazy("Drafts")),
    ("handling", gettext_lazy("In handling")),
    ("rating", gettext_lazy("Awaiting my rating")),
    ("closed", gettext_lazy("Closed")),
    ("cosigned", gettext_lazy("Co-signed")),
    ("invitations", gettext_lazy("Invitations")),
]


def mark_replies_read(suggestion, deputy) -> None:
    """Opening the page that shows the answers means the deputy has read them (逐人答复, rule 7).

    A receipt timestamp, not a step of the workflow: no status changes, no audit event, no
    notification, so it is written here rather than by a service. One UPDATE of unread rows only."""
    if deputy is None:
        return
    ReplyReceipt.objects.filter(deputy=deputy, reply__assignment__suggestion=suggestion,
                                read_at__isnull=True).update(read_at=timezone.now())


def _form(failed, cls, prefix, **kwargs):
    """The form that failed, with its input and errors, if it is this one; otherwise a fresh one."""
    return form_on_page(failed, prefix, lambda: cls(prefix=prefix, **kwargs))


class SuggestionListView(LastPageMixin, PortalRequiredMixin, ListView):
    """My suggestions by tab, plus those I co-signed and my pending invitations; `q` searches."""

    template_name = "suggestions/portal/suggestion_list.html"
    context_object_name = "suggestions"
    paginate_by = 20

    def get_queryset(self):
        user = self.request.user
        self.tabs = selectors.deputy_tabs(user)
        self.tab = self.request.GET.get("tab")
        if self.tab not in self.tabs:
            self.tab = "all"
        scoped = Suggestion.objects.visible_to(user).filter(self.tabs[self.tab]).for_list()
        self.filterset = SuggestionFilterSet(self.request.GET or None, scoped, request=self.request)
        return self.filterset.qs.order_by("-created_at", "-id")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = selectors.tab_counts(self.request.user, self.tabs)
        context["tabs"] = [(key, label, counts[key]) for key, label in DEPUTY_TABS]
        context["tab"] = self.tab
        context["q"] = self.request.GET.get("q", "")
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
        return context


def get_deputy_suggestion(user, pk):
    return get_object_or_404(selectors.deputy_suggestions(user)
                             .select_related("lead_deputy", "category", "meeting", "term"), pk=pk)


def suggestion_page(request, suggestion, failed=None) -> tuple[str, dict]:
    """The deputy's page for one suggestion, with the forms the user may use on it."""
    user = request.user
    me = selectors.deputy_of(user)
    is_lead = rules.is_lead_deputy(user, suggestion)
    is_draft = suggestion.status == Suggestion.Status.DRAFT
    signatures = list(suggestion.cosignatures.exclude(status=CoSignature.Status.WITHDRAWN).select_related("deputy"))
    my_signature = next((s for s in signatures if me is not None and s.deputy_id == me.pk), None)
    for signature in signatures:
        signature.suggestion = suggestion  # the predicate reads it; no query per row
        signature.can_withdraw = rules.can_withdraw_invitation(user, signature)
    parts = list(suggestion.assignments.live().select_related("unit")
                 .prefetch_related(replies_with_ratings()))
    explain_parts([p for p in parts if p.is_open])  # {% deadline %} on the page (issue 7, item 7)
    awaiting, answered = [], []
    for part in parts:
        for reply in part.replies.all():
            reply.part = part
            # the structural test first, so only an answer that may await a rating costs a query
            if (is_lead and part.status == Assignment.Status.REPLIED and reply.round == part.round
                    and rules.can_evaluate(user, reply)):
                reply.rating_form = _form(failed, RatingForm, f"rate-{reply.pk}")
                awaiting.append(reply)
            else:
                answered.append(reply)
    context = {
        "suggestion": suggestion, "is_lead": is_lead, "is_draft": is_draft, "signatures": signatures,
        "my_signature": my_signature, "parts": parts, "awaiting": awaiting, "answered": answered,
        "can_withdraw": rules.can_withdraw(user, suggestion),
        "can_respond": bool(my_signature) and rules.can_respond_to_invitation(user, my_signature),
        "can_edit": rules.can_edit_draft(user, suggestion),
        # shown beside the submit button when submitting would be refused (co-signers still to answer…)
        "submit_verdict": rules.can_submit(user, suggestion) if is_lead and is_draft else None,
        "withdraw_form": _form(failed, WithdrawForm, "withdraw"),
        "respond_form": _form(failed, RespondForm, "respond"),
        "submit_form": _form(failed, forms.Form, "submit"),
    }
    if rules.can_invite_cosigners(user, suggestion):
        q = request.GET.get("q", "").strip()
        candidates = (Deputy.objects.serving().filter(term_id=suggestion.term_id)
                      .exclude(pk=suggestion.lead_deputy_id)
                      # a deputy who declined may be asked again; one invited or signed already may not
                      .exclude(pk__in=[s.deputy_id for s in signatures if s.status != CoSignature.Status.DECLINED]))
        if q:
            candidates = candidates.filter(name__icontains=q)
        context.update(q=q, candidates=list(candidates.order_by("name", "id")[:20]),
                       candidates_total=candidates.count(),
                       invite_form=_form(failed, InviteForm, "invite", suggestion=suggestion))
    return "suggestions/portal/suggestion_detail.html", context


def replies_with_ratings():
    return Prefetch("replies", queryset=Reply.objects.select_related("evaluation").prefetch_related("commitments"))


class SuggestionDetailView(PortalRequiredMixin, View):
    def get(self, request, pk):
        suggestion = get_deputy_suggestion(request.user, pk)
        mark_replies_read(suggestion, selectors.deputy_of(request.user))
        template, context = suggestion_page(request, suggestion)
        return render(request, template, context)


class SuggestionFormView(PortalRequiredMixin, View):
    """The draft form: new (no pk) or the lead deputy's draft; only changed fields go to the service."""

    template_name = "suggestions/portal/suggestion_form.html"

    def get_object(self):
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(Suggestion.objects.visible_to(self.request.user)
                                 .filter(lead_deputy__user=self.request.user), pk=self.kwargs["pk"])

    def get(self, request, pk=None):
        suggestion = self.get_object()
        if suggestion is None:
            return render(request, self.template_name, {"form": SuggestionForm()})
        verdict = rules.can_edit_draft(request.user, suggestion)
        if not verdict:
            messages.info(request, verdict.reason)
            return redirect("suggestions_portal:suggestion_detail", suggestion.pk)
        form = SuggestionForm(initial={"title": suggestion.title, "content": suggestion.content,
                                       "category": suggestion.category_id})
        return render(request, self.template_name, {"form": form, "suggestion": suggestion})

    def post(self, request, pk=None):
        suggestion = self.get_object()
        form = SuggestionForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                if suggestion is None:
                    data = form.cleaned_data
                    suggestion = services.create_draft(actor=request.user, title=data["title"],
                                                       content=data["content"], category=data["category"],
                                                       attachment=data["attachment"])
                    messages.success(request, _("Draft saved. Invite co-signers, or submit it when it is ready."))
                else:
                    changes = form.changes(suggestion)
                    if not changes:
                        messages.info(request, _("Nothing was changed."))
                        return redirect("suggestions_portal:suggestion_detail", suggestion.pk)
                    services.update_draft(suggestion, actor=request.user, **changes)
                    messages.success(request, _("Draft saved."))
            except (ValidationError, PermissionDenied) as error:
                put_refusal_on_form(form, error)
            else:
                return redirect("suggestions_portal:suggestion_detail", suggestion.pk)
        return render(request, self.template_name, {"form": form, "suggestion": suggestion})


class SuggestionAction(PortalRequiredMixin, ActionView):
    load = get_deputy_suggestion
    detail_url = "suggestions_portal:suggestion_detail"
    render_page = suggestion_page


class InviteView(SuggestionAction):
    form_class = InviteForm
    prefix = "invite"

    def form_kwargs(self, suggestion):
        return {"suggestion": suggestion}

    def perform(self, suggestion, form):
        invited = services.invite_cosigners(suggestion, actor=self.request.user, deputies=form.cleaned_data["deputies"])
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
    confirm = gettext_lazy("Withdraw this suggestion? A withdrawn suggestion cannot be submitted again.")

    def perform(self, suggestion, form):
        services.withdraw_suggestion(suggestion, actor=self.request.user, reason=form.cleaned_data["reason"])
        return _("The suggestion was withdrawn.")


class RateView(SuggestionAction):
    form_class = RatingForm

    def get_prefix(self):
        return f"rate-{self.kwargs['reply']}"

    def perform(self, suggestion, form):
        reply = get_object_or_404(Reply.objects.visible_to(self.request.user).filter(assignment__suggestion=suggestion),
                                  pk=self.kwargs["reply"])
        data = form.cleaned_data
        services.evaluate_reply(reply, actor=self.request.user, satisfaction=data["satisfaction"],
                                attitude=data["attitude"], approach=data["approach"], effect=data["effect"],
                                comment=data["comment"])
        return _("Thank you: your rating was recorded.")


class SuggestionAttachmentView(PortalRequiredMixin, ScopedDownloadView):
    """The suggestion's attachment, for whoever may read the suggestion (media files are not public)."""

    model = Suggestion
