"""Staff pages for suggestions: the list (with bulk assignment and downloads), the detail page
and the key-supervision board. Reads come from `suggestions.selectors`, each starting from
`visible_to(user)`; which action forms a page offers is what `suggestions.rules.can_*` allows, the
same predicates the services enforce, so a button is never offered that the service would refuse
for the user's role or the case's state."""

from datetime import timedelta

from django.contrib import messages
from django.db.models import Case, Q, When
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView

from congress.audit import timeline
from congress.calendar import WorkCalendar
from congress.http import parse_id, safe_next
from congress.models import Term
from congress.views import FilteredListView, PageView, StaffRequiredMixin, apply_each, form_messages, form_on_page
from suggestions import forms, rules, selectors, services
from suggestions.filtersets import SuggestionFilterSet
from suggestions.models import Suggestion
from suggestions.staff.exports import suggestion_columns
from suggestions.staff.timeline import action_label, event_details

VIEW = ("congress.access_staff_ui", "suggestions.view_suggestion")


def page_calendar(days) -> WorkCalendar:
    """One WorkCalendar for the dates a page explains: one query for the range, not one per date."""
    days = [d for d in days if d is not None]
    low, high = (min(days), max(days)) if days else (timezone.localdate(), timezone.localdate())
    return WorkCalendar.for_range(low - timedelta(days=7), high + timedelta(days=45))


def explain_parts(parts, work_calendar: WorkCalendar | None = None) -> None:
    """Hang each part's `Deadline` on it as `part.deadline`, for `{% deadline part.deadline %}`
    (issue 7, item 7): rule, setting, start, days off skipped, provisional."""
    parts = list(parts)
    if not parts:
        return
    work_calendar = work_calendar or page_calendar([p.assigned_on for p in parts] + [p.due_on for p in parts])
    for part in parts:
        part.deadline = rules.assignment_deadline(part, work_calendar) if part.assigned_on else None


def explain_assign_by(suggestion, work_calendar: WorkCalendar) -> None:
    """`suggestion.assign_by_deadline`: the rule-4 date explained, when it is the computed one."""
    suggestion.assign_by_deadline = None
    if suggestion.assign_by and suggestion.submitted_at:
        deadline = rules.assign_deadline(timezone.localdate(suggestion.submitted_at), work_calendar)
        if deadline.due_on == suggestion.assign_by:
            suggestion.assign_by_deadline = deadline
REVIEW = ("congress.access_staff_ui", "suggestions.review_suggestion")
SUPERVISE = ("congress.access_staff_ui", "suggestions.supervise_suggestion")


class SuggestionListView(FilteredListView):
    model = Suggestion
    filterset_class = SuggestionFilterSet
    permission_required = VIEW
    template_name = "suggestions/staff/suggestion_list.html"
    export_name = "suggestions"
    paginate_by = 50
    sort_fields = {"number": "number", "title": "title", "lead_deputy": "lead_deputy__name",
                   "category": "category__name", "status": "status", "assign_by": "assign_by",
                   "answer_due_on": "answer_due_on", "is_key": "key_supervision__id"}

    def annotate(self, queryset):
        return queryset.annotate(answer_due_on=selectors.answer_due_on())

    def get_queryset(self):
        # visible_to → filters → one page query with the deadline as a subquery, plus one
        # prefetch of the live parts with their units: flat whatever the page size.
        queryset = super().get_queryset().prefetch_related(selectors.live_parts())
        if self.request.GET.get("export"):
            queryset = queryset.prefetch_related(selectors.confirmed_cosignatures())
        return queryset

    def export_columns(self, user):
        return suggestion_columns(user)

    def narrow_sessions(self, form) -> None:
        """The session filter offers the chosen term's sessions (the current term's by default), not
        every year's (issue 7, Staff); a session chosen by address stays listed. Only what the form
        shows changes: the filter itself, and the API, still take any session."""
        field = form.fields.get("meeting")
        if field is None:
            return
        data = form.cleaned_data if form.is_bound and form.is_valid() else {}
        term = data.get("term") or Term.current()
        if term is None:
            return
        chosen = data.get("meeting")
        shown = Q(term=term) | (Q(pk=chosen.pk) if chosen else Q(pk__in=[]))
        field.queryset = field.queryset.filter(shown).order_by("-starts_on")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["today"] = timezone.localdate()
        rows = list(context["object_list"])
        parts = [p for s in rows for p in s.live_parts if p.is_open and p.due_on == s.answer_due_on]
        days = [p.assigned_on for p in parts] + [s.assign_by for s in rows]
        work_calendar = page_calendar(days + [timezone.localdate(s.submitted_at) for s in rows if s.submitted_at])
        explain_parts(parts, work_calendar)
        for row in rows:
            row.answer_deadline = next((p.deadline for p in row.live_parts if getattr(p, "deadline", None)), None)
            explain_assign_by(row, work_calendar)
        self.narrow_sessions(self.filterset.form)
        context["can_review"] = rules.is_office(self.request.user)
        if context["can_review"]:
            context["bulk_form"] = forms.BulkAssignForm()
        return context


class BulkAssignView(StaffRequiredMixin, View):
    """交办 in bulk: the same units for every ticked suggestion; each is assigned on its own,
    so one refusal does not undo the others."""

    permission_required = REVIEW
    http_method_names = ["post"]

    def post(self, request):
        back = safe_next(request, reverse("suggestions:suggestion_list"))
        form = forms.BulkAssignForm(request.POST)
        if not form.is_valid():
            for text in form_messages(form):
                messages.error(request, text)
            return redirect(back)
        chosen = list(Suggestion.objects.visible_to(request.user).filter(pk__in=form.ids).order_by("number", "pk"))
        if len(chosen) < len(form.ids):
            messages.error(request, _("%(count)d of the ticked suggestions could not be found.")
                           % {"count": len(form.ids) - len(chosen)})
        data = form.cleaned_data
        apply_each(chosen, lambda s: services.assign_suggestion(s, actor=request.user, lead_unit=data["lead_unit"],
                                                                co_units=list(data["co_units"])),
                   request=request, describe=lambda s: s.issued_number or str(s),
                   refused_message=_("%(item)s was not assigned: %(reason)s"),
                   done_message=_("%(count)d suggestions assigned: %(items)s."))
        return redirect(back)


def detail_page(request, suggestion, failed=None) -> tuple[str, dict]:
    """The staff detail page of one suggestion, with the action forms the user may use now.
    `failed` is a form refused a moment ago: it replaces its fresh twin, input and errors kept."""
    user = request.user
    assignments = selectors.suggestion_parts(suggestion)
    explain_parts(assignments)
    if suggestion.assign_by:
        explain_assign_by(suggestion, page_calendar([suggestion.assign_by]))
    supervision = selectors.supervision_of(suggestion)

    def offer(key, form_class, **kwargs):
        return form_on_page(failed, key, lambda: form_class(auto_id=f"{key}_%s", **kwargs))

    pending_extensions = [x for a in assignments for x in a.extensions.all() if rules.can_decide_request(user, x)]
    pending_reassignments = [r for a in assignments for r in a.reassignment_requests.all()
                       if rules.can_decide_request(user, r)]
    context = {
        "suggestion": suggestion,
        "today": timezone.localdate(),
        "cosignatures": suggestion.cosignatures.select_related("deputy"),
        "assignments": assignments,
        "supervision": supervision,
        "merged_with": (Suggestion.objects.visible_to(user).filter(merge_group_id=suggestion.merge_group_id)
                        .exclude(pk=suggestion.pk).order_by("number") if suggestion.merge_group_id else []),
        "events": [{"event": e, "label": action_label(e.action), "details": event_details(e.data or {})}
                   for e in timeline(suggestion)],
        "can_review": rules.is_office(user),
        "can_supervise": rules.may_supervise(user),
        "can_accept": rules.can_accept(user, suggestion),
        "can_unmerge": rules.can_unmerge(user, suggestion),
        "pending_extensions": [(x, offer(f"extension{x.pk}", forms.DecisionForm)) for x in pending_extensions],
        "pending_reassignments": [(r, offer(f"reassignment{r.pk}", forms.ReassignmentDecisionForm))
                                  for r in pending_reassignments],
    }
    if rules.can_reject(user, suggestion):
        context.update(reject_form=offer("reject", forms.RejectForm), reference_form=offer("reference", forms.NoteForm))
    if rules.can_undo_acceptance(user, suggestion):
        context["undo_form"] = offer("undo_acceptance", forms.UndoAcceptanceForm)
    if rules.can_assign(user, suggestion):
        context["assign_form"] = offer("assign", forms.AssignForm)
    if rules.can_supervise(user, suggestion):
        context["key_form"] = offer("key", forms.KeySupervisionForm)
    if supervision is not None and rules.can_record_supervision(user, supervision):
        context["action_form"] = offer("action", forms.SupervisionActionForm)
    if rules.can_merge(user, suggestion):
        context["merge_form"] = offer("merge", forms.MergeForm, scope=Suggestion.objects.visible_to(user))
    if rules.can_close(user, suggestion):
        context["close_form"] = offer("close", forms.CloseForm)
    return "suggestions/staff/suggestion_detail.html", context


def get_suggestion(user, pk) -> Suggestion:
    return get_object_or_404(Suggestion.objects.visible_to(user).for_list(), pk=pk)


class SuggestionDetailView(StaffRequiredMixin, PageView):
    permission_required = VIEW
    http_method_names = ["get"]
    load = get_suggestion
    render_page = detail_page


class KeyBoardView(StaffRequiredMixin, ListView):
    permission_required = VIEW
    template_name = "suggestions/staff/key_board.html"
    context_object_name = "supervisions"

    STATES = (("active", gettext_lazy("In handling")), ("closed", gettext_lazy("Closed")), ("all", gettext_lazy("All")))

    def state(self) -> str:
        asked = self.request.GET.get("state")
        return asked if asked in dict(self.STATES) else "active"

    def get_queryset(self):
        # Active cases first, the nearest deadline on top; closed ones after (issue 7, Staff).
        board = selectors.key_supervision_board(self.request.user).order_by(
            Case(When(suggestion__status=Suggestion.Status.CLOSED, then=1), default=0), "-selected_at")
        state = self.state()
        if state == "active":
            board = board.exclude(suggestion__status=Suggestion.Status.CLOSED)
        elif state == "closed":
            board = board.filter(suggestion__status=Suggestion.Status.CLOSED)
        leader = parse_id(self.request.GET.get("leader"))
        if leader is not None:
            board = board.filter(leader_id=leader)
        return board

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = []
        for supervision in context["supervisions"]:
            parts = sorted(supervision.suggestion.assignments.all(),
                           key=lambda p: (selectors.ROLE_RANK.get(p.role, 3), p.pk))
            open_parts = [p for p in parts if p.is_open and p.answers]
            open_dues = [p.due_on for p in open_parts]
            actions = list(supervision.actions.all())
            rows.append({"supervision": supervision, "suggestion": supervision.suggestion, "parts": parts,
                         "open_parts": open_parts, "due_on": min(open_dues) if open_dues else None,
                         "last_action": actions[0] if actions else None})
        rows.sort(key=lambda r: (r["suggestion"].status == Suggestion.Status.CLOSED, r["due_on"] is None,
                                 r["due_on"] or timezone.localdate()))
        explain_parts([p for r in rows for p in r["open_parts"]])
        for row in rows:
            row["deadline"] = next((p.deadline for p in row["open_parts"] if p.due_on == row["due_on"]), None)
        context["rows"] = rows
        context["today"] = timezone.localdate()
        context["states"] = self.STATES
        context["state"] = self.state()
        context["leaders"] = sorted({(s.leader_id, str(s.leader)) for s in
                                     selectors.key_supervision_board(self.request.user).select_related("leader")},
                                    key=lambda pair: pair[1])
        context["leader"] = self.request.GET.get("leader", "")
        return context
