"""The unit handler's portal pages, under /portal/suggestions/assignments/: my unit's parts by
deadline, one part with everything the unit does on it, and one POST per action (responsible
person, contact, co-unit opinion, reply, extension, return, resolving a commitment). Which forms
a page offers is what `suggestions.rules.can_*` allows."""

from django.db.models import Case, IntegerField, Q, Value, When
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import ListView

from congress.attachments import ScopedDownloadView
from congress.views import ActionView, LastPageMixin, PageView, PortalRequiredMixin, form_on_page
from suggestions import rules, selectors, services
from suggestions.models import Assignment, Commitment, CoSignature, Reply
from suggestions.portal_forms import (
    ContactForm,
    ExtensionForm,
    OpinionForm,
    ReplyForm,
    ResolveCommitmentForm,
    ResponsiblePersonForm,
    ReturnForm,
)
from suggestions.staff.views import explain_parts


def _form(failed, cls, prefix, **kwargs):
    return form_on_page(failed, prefix, lambda: cls(prefix=prefix, **kwargs))


UNIT_STATES = [
    ("open", gettext_lazy("Open")),
    ("overdue", gettext_lazy("Overdue")),
    ("replied", gettext_lazy("Answered, awaiting rating")),
    ("done", gettext_lazy("Done")),
]


class AssignmentListView(LastPageMixin, PortalRequiredMixin, ListView):
    """My unit's assignments: open ones first by deadline (overdue ones marked), then answered, then done.
    `q` searches the case number, title and deputy; `state` narrows to one stage."""

    template_name = "suggestions/portal/assignment_list.html"
    context_object_name = "assignments"
    paginate_by = 20

    def dispatch(self, request, *args, **kwargs):
        # A deputy has no unit: this list would be empty; their own list is what they are after.
        user = request.user
        if (user.is_authenticated and not user.unit_id and not user.station_id
                and user.has_perm(self.permission_required)):
            return redirect("suggestions_portal:suggestion_list")
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        A = Assignment.Status
        stage = Case(When(status__in=Assignment.OPEN_STATUSES, then=Value(0)), When(status=A.REPLIED, then=Value(1)),
                     When(status=A.DONE, then=Value(2)), default=Value(3), output_field=IntegerField())
        rows = selectors.unit_assignments(self.request.user)
        self.q = self.request.GET.get("q", "").strip()[:100]
        if self.q:
            rows = rows.filter(Q(suggestion__number__icontains=self.q) | Q(suggestion__title__icontains=self.q)
                               | Q(suggestion__lead_deputy__name__icontains=self.q))
        self.state = self.request.GET.get("state", "")
        if self.state == "open":
            rows = rows.filter(status__in=Assignment.OPEN_STATUSES)
        elif self.state == "overdue":
            rows = rows.filter(pk__in=Assignment.objects.overdue().values("pk"))
        elif self.state == "replied":
            rows = rows.filter(status=A.REPLIED)
        elif self.state == "done":
            rows = rows.filter(status=A.DONE)
        else:
            self.state = ""
        return (rows.select_related("suggestion", "suggestion__lead_deputy")
                .annotate(stage=stage).order_by("stage", "due_on", "id"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        for row in context["assignments"]:
            row.late = row.is_overdue(today)
        context["counts"] = selectors.unit_counts(self.request.user, today)
        context.update(q=self.q, state=self.state, states=UNIT_STATES)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
        return context


def get_unit_assignment(user, pk):
    return get_object_or_404(selectors.unit_assignments(user).select_related(
        "suggestion", "suggestion__lead_deputy", "suggestion__category", "unit"), pk=pk)


def assignment_page(request, assignment, failed=None) -> tuple[str, dict]:
    """The unit's page for one assignment. Deputies appear by name only: their phone numbers are
    personal data for office staff (deputies.models.can_see_phone)."""
    user, today = request.user, timezone.localdate()
    suggestion = assignment.suggestion
    replies = list(assignment.replies.select_related("evaluation").prefetch_related("commitments"))
    open_commitments = [c for r in replies for c in r.commitments.all() if rules.can_resolve_commitment(user, c)]
    for commitment in open_commitments:
        commitment.form = _form(failed, ResolveCommitmentForm, f"commitment-{commitment.pk}")
    first_round_unanswered = assignment.status == Assignment.Status.ASSIGNED and assignment.round == 1
    views = ""
    if assignment.status == Assignment.Status.REHANDLING and replies and hasattr(replies[-1], "evaluation"):
        views = replies[-1].evaluation.comment
    explain_parts([assignment])
    context = {
        "assignment": assignment, "suggestion": suggestion, "today": today,
        "late": assignment.is_overdue(today),
        "cosigners": list(suggestion.cosignatures.filter(status=CoSignature.Status.CONFIRMED)
                          .values_list("deputy__name", flat=True)),
        "others": list(suggestion.assignments.live().exclude(pk=assignment.pk).select_related("unit")),
        "is_key": suggestion.is_key,
        "replies": replies, "contacts": list(assignment.contacts.all()),
        "extensions": list(assignment.extensions.all()),
        # an extension still pending after the reply asks for nothing any more: it shows as such
        "answering": assignment.status in Assignment.OPEN_STATUSES,
        "reassignments": list(assignment.reassignment_requests.select_related("suggested_unit")),
        "open_commitments": open_commitments, "deputy_views": views,
        "latest_due_on": rules.latest_due_on(assignment.assigned_on, assignment.original_due_on),
        "reassignment_window_ends": (rules.return_window_ends(assignment.assigned_on)
                                     if first_round_unanswered else None),
    }
    if rules.can_set_responsible_person(user, assignment):
        context["responsible_form"] = _form(failed, ResponsiblePersonForm, "responsible", initial={
            "name": assignment.responsible_person, "phone": assignment.responsible_phone})
    if rules.can_record_contact(user, assignment):
        context["contact_form"] = _form(failed, ContactForm, "contact", initial={"contacted_on": today})
    if rules.can_send_opinion(user, assignment):
        context["opinion_form"] = _form(failed, OpinionForm, "opinion")
    reply_verdict = rules.can_reply(user, assignment)
    # Without a contact on record the form still shows: the service's refusal tells the unit what to do first.
    if reply_verdict or reply_verdict.code == "contact_required":
        context["reply_form"] = _form(failed, ReplyForm, "reply")
    if rules.can_request_extension(user, assignment):
        context["extension_form"] = _form(failed, ExtensionForm, "extension")
    if rules.can_request_reassignment(user, assignment, today):
        context["reassignment_form"] = _form(failed, ReturnForm, "reassignment")
    return "suggestions/portal/assignment_detail.html", context


class AssignmentDetailView(PortalRequiredMixin, PageView):
    load = get_unit_assignment
    render_page = assignment_page


class AssignmentAction(PortalRequiredMixin, ActionView):
    load = get_unit_assignment
    detail_url = "suggestions_portal:assignment_detail"
    render_page = assignment_page


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
    confirm = gettext_lazy("Send this reply? The deputies receive it at once and it cannot be changed.")

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


class ReassignmentRequestView(AssignmentAction):
    """退回申请: the unit asks the office to take the case back (glossary: reassignment)."""

    form_class = ReturnForm
    prefix = "reassignment"

    def perform(self, assignment, form):
        services.request_reassignment(assignment, actor=self.request.user, reason=form.cleaned_data["reason"],
                                      suggested_unit=form.cleaned_data["suggested_unit"])
        return _("Return requested; the office will decide.")


class ResolveCommitmentView(AssignmentAction):
    form_class = ResolveCommitmentForm

    def get_prefix(self):
        return f"commitment-{self.kwargs['commitment']}"

    def perform(self, assignment, form):
        scoped = Commitment.objects.visible_to(self.request.user).filter(reply__assignment=assignment)
        commitment = get_object_or_404(scoped, pk=self.kwargs["commitment"])
        fulfilled = form.cleaned_data["outcome"] == "fulfilled"
        services.resolve_commitment(commitment, actor=self.request.user, fulfilled=fulfilled,
                                    resolution=form.cleaned_data["resolution"])
        return _("Commitment marked fulfilled.") if fulfilled else _("Explanation recorded.")


class ReplyLetterView(PortalRequiredMixin, ScopedDownloadView):
    """A unit's reply letter, for whoever may read the reply."""

    model = Reply
