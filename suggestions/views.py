"""Staff pages for suggestions (thin: forms in, services called, selectors out).

Reads start from `Suggestion.objects.visible_to(user)`; every action is a POST that calls exactly
one service and reports its outcome through messages. A refused action changes nothing and shows
the service's own message.
"""

import contextlib
from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, Count, Exists, OuterRef, Prefetch, Q, Subquery, Value, When
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView

from congress import exports
from congress.audit import timeline
from congress.calendar import provisional_reason
from congress.exports import Column
from congress.views import FilteredListView, StaffRequiredMixin
from suggestions import forms, rules, selectors, services
from suggestions.filtersets import SuggestionFilterSet
from suggestions.models import (
    Assignment,
    ContactRecord,
    CoSignature,
    Evaluation,
    Extension,
    KeySupervision,
    ReassignmentRequest,
    Reply,
    Statistic,
    Suggestion,
    SupervisionAction,
)
from suggestions.services.review import MERGEABLE
from suggestions.services.supervision import SUPERVISABLE
from suggestions.statistics import refresh_statistics, years_with_assignments

VIEW = ("congress.access_staff_ui", "suggestions.view_suggestion")
REVIEW = ("congress.access_staff_ui", "suggestions.review_suggestion")
SUPERVISE = ("congress.access_staff_ui", "suggestions.supervise_suggestion")
ENDED = (Assignment.Status.RETURNED, Assignment.Status.CANCELLED)
ANSWERING = (Assignment.Role.LEAD, Assignment.Role.SEPARATE)
ROLE_RANK = {Assignment.Role.LEAD: 0, Assignment.Role.SEPARATE: 1, Assignment.Role.CO: 2}


def role_first():
    """Lead unit first, then units answering separately, then co-units."""
    return Case(*[When(role=role, then=Value(rank)) for role, rank in ROLE_RANK.items()], default=Value(3))

# A human label for each timeline action `suggestions.suggestion.<verb>` the services write.
TIMELINE_LABELS = {
    "drafted": gettext_lazy("Draft created"),
    "edited": gettext_lazy("Draft edited"),
    "cosigners_invited": gettext_lazy("Co-signers invited"),
    "invitation_withdrawn": gettext_lazy("Co-signing invitation withdrawn"),
    "cosign_confirmed": gettext_lazy("Co-signing confirmed"),
    "cosign_declined": gettext_lazy("Co-signing declined"),
    "submitted": gettext_lazy("Submitted"),
    "withdrawn": gettext_lazy("Withdrawn by the lead deputy"),
    "accepted": gettext_lazy("Accepted"),
    "rejected": gettext_lazy("Not accepted"),
    "marked_reference": gettext_lazy("Passed on for reference"),
    "merged": gettext_lazy("Merged with other suggestions"),
    "unmerged": gettext_lazy("Taken out of the merge group"),
    "assigned": gettext_lazy("Assigned to units"),
    "responsible_person_set": gettext_lazy("Responsible person named"),
    "return_requested": gettext_lazy("Unit asked to return the case"),
    "return_approved": gettext_lazy("Return approved"),
    "return_refused": gettext_lazy("Return refused"),
    "extension_requested": gettext_lazy("Extension requested"),
    "extension_approved": gettext_lazy("Extension approved"),
    "extension_refused": gettext_lazy("Extension refused"),
    "contacted": gettext_lazy("Unit contacted the deputy"),
    "co_unit_opinion": gettext_lazy("Co-unit sent its opinion"),
    "replied": gettext_lazy("Unit replied"),
    "rated": gettext_lazy("Deputy rated the reply"),
    "rehandling": gettext_lazy("Sent back for re-handling"),
    "commitment_fulfilled": gettext_lazy("Commitment fulfilled"),
    "commitment_explained": gettext_lazy("Commitment not fulfilled, explained"),
    "key_supervision": gettext_lazy("Put under key supervision"),
    "supervised": gettext_lazy("Supervision recorded"),
    "closed": gettext_lazy("Closed"),
}
TIMELINE_PREFIX = "suggestions.suggestion."


def action_label(action: str) -> str:
    verb = action.removeprefix(TIMELINE_PREFIX)
    return str(TIMELINE_LABELS.get(verb, action))


def event_details(data: dict) -> str:
    """The few facts of an event's data worth a line on the timeline."""
    parts = []
    if data.get("number"):
        parts.append(_("No. %(number)s") % {"number": data["number"]})
    if data.get("unit"):
        parts.append(str(data["unit"]))
    if data.get("new_unit"):
        parts.append(_("to %(unit)s") % {"unit": data["new_unit"]})
    for unit in data.get("units") or []:
        parts.append(f"{unit.get('unit')} ({dict(Assignment.Role.choices).get(unit.get('role'), '')})")
    if data.get("category"):
        parts.append(_("category %(category)s") % {"category": data["category"]})
    if data.get("satisfaction"):
        parts.append(str(dict(Evaluation.Satisfaction.choices).get(data["satisfaction"], data["satisfaction"])))
    if data.get("leader"):
        parts.append(_("leader %(name)s") % {"name": data["leader"]})
    if data.get("committee"):
        parts.append(str(data["committee"]))
    if data.get("due_on"):
        with contextlib.suppress(TypeError, ValueError):
            parts.append(_("due %(date)s") % {"date": date_format(date.fromisoformat(data["due_on"]), "DATE_FORMAT")})
    if data.get("with_numbers"):
        parts.append(_("with %(numbers)s") % {"numbers": "、".join(data["with_numbers"])})
    return " · ".join(parts)


# --------------------------------------------------------------------------- home tiles


def staff_tiles(user) -> list[dict]:
    """Tiles for the staff home: what waits for the office, each linked to the filtered list.
    One aggregate query."""
    if not user.has_perm("suggestions.view_suggestion"):
        return []
    today = timezone.localdate()
    late = Assignment.objects.open().filter(suggestion=OuterRef("pk"), due_on__lt=today, role__in=ANSWERING)
    waiting = Q(Exists(Extension.objects.filter(assignment__suggestion=OuterRef("pk"),
                                                decision=Extension.Decision.PENDING))) | Q(
        Exists(ReassignmentRequest.objects.filter(assignment__suggestion=OuterRef("pk"),
                                                  decision=ReassignmentRequest.Decision.PENDING)))
    counts = Suggestion.objects.visible_to(user).aggregate(
        submitted=Count("pk", filter=Q(status=Suggestion.Status.SUBMITTED)),
        accepted=Count("pk", filter=Q(status=Suggestion.Status.ACCEPTED)),
        overdue=Count("pk", filter=Q(Exists(late))),
        requests=Count("pk", filter=waiting),
        key=Count("pk", filter=Q(key_supervision__isnull=False, status__in=Suggestion.OPEN_STATUSES)),
    )
    url = reverse("suggestions:suggestion_list")
    return [
        {"key": "suggestions.submitted", "label": _("Suggestions awaiting review"), "value": counts["submitted"],
         "url": f"{url}?status=submitted", "note": _("Accept, reject or mark for reference")},
        {"key": "suggestions.accepted", "label": _("Accepted, awaiting assignment"), "value": counts["accepted"],
         "url": f"{url}?status=accepted", "note": _("Send them to units")},
        {"key": "suggestions.overdue", "label": _("Overdue answers"), "value": counts["overdue"],
         "url": f"{url}?overdue=true", "note": _("A unit has passed its reply deadline")},
        {"key": "suggestions.requests", "label": _("Return and extension requests"), "value": counts["requests"],
         "url": f"{url}?pending_request=true", "note": _("Waiting for the office's decision")},
        {"key": "suggestions.key", "label": _("Under key supervision"), "value": counts["key"],
         "url": reverse("suggestions:key_board"), "note": _("Still being handled")},
    ]


# --------------------------------------------------------------------------- helpers


def report_errors(request, error, form=None) -> None:
    """Show a service's (or a form's) refusal as messages, each prefixed with its field's label."""
    if isinstance(error, PermissionDenied):
        messages.error(request, str(error) or _("You may not do this."))
        return
    if hasattr(error, "error_dict"):
        items = error.message_dict.items()
    elif hasattr(error, "messages"):
        items = [(None, error.messages)]
    else:  # a form's errors: {field: [messages]}
        items = error.items()
    for field, texts in items:
        label = ""
        if form is not None and field in form.fields:
            label = f"{form.fields[field].label}: "
        for text in texts:
            messages.error(request, f"{label}{text}")


def safe_next(request, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return fallback


def live_parts():
    return Prefetch("assignments", to_attr="live_parts",
                    queryset=Assignment.objects.filter(status__in=Assignment.LIVE_STATUSES)
                    .select_related("unit").order_by(role_first(), "id"))


def answer_due_on():
    """The earliest open deadline of a unit that answers the deputy (a subquery: no extra query)."""
    return Subquery(Assignment.objects.open().filter(suggestion=OuterRef("pk"), role__in=ANSWERING)
                    .order_by("due_on").values("due_on")[:1])


def _joined(values, sep="、"):
    distinct = list(dict.fromkeys(v for v in values if v not in (None, "")))
    if len(distinct) == 1:
        return distinct[0]
    return sep.join(str(v) for v in distinct)


def _answering(suggestion):
    return [p for p in suggestion.live_parts if p.role in ANSWERING]


# --------------------------------------------------------------------------- the list


class SuggestionListView(FilteredListView):
    model = Suggestion
    filterset_class = SuggestionFilterSet
    permission_required = VIEW
    template_name = "suggestions/staff/suggestion_list.html"
    export_name = "suggestions"
    paginate_by = 50

    def get_queryset(self):
        # visible_to → filters → one page query with the deadline as a subquery, plus one
        # prefetch of the live parts with their units: flat whatever the page size.
        queryset = super().get_queryset().annotate(answer_due_on=answer_due_on()).prefetch_related(live_parts())
        if self.request.GET.get("export"):
            queryset = queryset.prefetch_related(Prefetch(
                "cosignatures", to_attr="confirmed_cosignatures",
                queryset=CoSignature.objects.filter(status=CoSignature.Status.CONFIRMED).select_related("deputy")))
        return queryset

    def export_columns(self, user):
        def units(role):
            return lambda s: "、".join(p.unit.name for p in s.live_parts if p.role in role)

        def answers(attr):
            return lambda s: _joined(getattr(p, attr) for p in _answering(s))

        return [
            Column(_("Number"), lambda s: s.number),
            Column(_("Title"), lambda s: s.title),
            Column(_("Lead deputy"), lambda s: s.lead_deputy.name),
            Column(_("Co-signers"), lambda s: "、".join(c.deputy.name for c in s.confirmed_cosignatures)),
            Column(_("Category"), lambda s: s.category.name),
            Column(_("Submitted at"), lambda s: s.submitted_at),
            Column(_("Session"), lambda s: s.meeting or _("Between sessions")),
            Column(_("Lead unit"), units(ANSWERING)),
            Column(_("Co-units"), units((Assignment.Role.CO,))),
            Column(_("Assign by"), lambda s: s.assign_by),
            Column(_("Assigned on"), lambda s: s.assigned_on),
            Column(_("Reply due on"), answers("due_on")),
            # h/calendar: a provisional date says why (a year without holiday calendar), as on the pages.
            Column(_("Reply due date provisional"), lambda s: _joined(
                provisional_reason([p.due_on.year]) for p in _answering(s) if p.due_is_provisional and p.is_open)),
            Column(_("Replied on"), answers("first_replied_on")),
            Column(_("Reply category"), answers("reply_category")),
            Column(_("Satisfaction"), lambda s: _joined(
                Evaluation.Satisfaction(p.satisfaction).label for p in _answering(s) if p.satisfaction)),
            Column(_("Status"), lambda s: s.get_status_display()),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["today"] = timezone.localdate()
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
            report_errors(request, form.errors, form)
            return redirect(back)
        chosen = list(Suggestion.objects.visible_to(request.user).filter(pk__in=form.ids).order_by("number", "pk"))
        if len(chosen) < len(form.ids):
            messages.error(request, _("%(count)d of the ticked suggestions could not be found.")
                           % {"count": len(form.ids) - len(chosen)})
        done = []
        for suggestion in chosen:
            try:
                services.assign_suggestion(suggestion, actor=request.user, lead_unit=form.cleaned_data["lead_unit"],
                                           co_units=list(form.cleaned_data["co_units"]))
            except (ValidationError, PermissionDenied) as error:
                reasons = [str(error)] if isinstance(error, PermissionDenied) else error.messages
                messages.error(request, _("%(suggestion)s was not assigned: %(reason)s")
                               % {"suggestion": suggestion, "reason": " ".join(reasons)})
            else:
                done.append(suggestion.number or str(suggestion.pk))
        if done:
            messages.success(request, _("%(count)d suggestions assigned: %(numbers)s.")
                             % {"count": len(done), "numbers": "、".join(done)})
        return redirect(back)


# --------------------------------------------------------------------------- the detail page


class SuggestionDetailView(StaffRequiredMixin, DetailView):
    permission_required = VIEW
    template_name = "suggestions/staff/suggestion_detail.html"
    context_object_name = "suggestion"

    def get_object(self, queryset=None):
        scoped = Suggestion.objects.visible_to(self.request.user).for_list()
        return get_object_or_404(scoped, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        suggestion, user = self.object, self.request.user
        assignments = list(
            suggestion.assignments.select_related("unit", "assigned_by").order_by(role_first(), "id").prefetch_related(
                Prefetch("replies", queryset=Reply.objects.select_related("evaluation", "replied_by")
                         .prefetch_related("commitments").order_by("round")),
                Prefetch("contacts", queryset=ContactRecord.objects.select_related("recorded_by")),
                Prefetch("extensions", queryset=Extension.objects.select_related("requested_by", "decided_by")),
                Prefetch("reassignment_requests", queryset=ReassignmentRequest.objects.select_related(
                    "suggested_unit", "requested_by", "decided_by")),
            ))
        supervision = (KeySupervision.objects.filter(suggestion=suggestion)
                       .select_related("leader", "committee", "selected_by")
                       .prefetch_related(Prefetch("actions", queryset=SupervisionAction.objects
                                                  .select_related("recorded_by")))
                       .first())
        can_review, can_supervise = rules.is_office(user), rules.may_supervise(user)
        status = suggestion.status
        live = [a for a in assignments if a.status not in ENDED]
        context.update({
            "today": timezone.localdate(),
            "cosignatures": suggestion.cosignatures.select_related("deputy"),
            "assignments": assignments,
            "supervision": supervision,
            "merged_with": (Suggestion.objects.visible_to(user).filter(merge_group_id=suggestion.merge_group_id)
                            .exclude(pk=suggestion.pk).order_by("number") if suggestion.merge_group_id else []),
            "events": [{"event": e, "label": action_label(e.action), "details": event_details(e.data or {})}
                       for e in timeline(suggestion)],
            "can_review": can_review,
            "can_supervise": can_supervise,
            "pending_extensions": [
                (x, forms.DecisionForm(auto_id=f"extension{x.pk}_%s")) for a in assignments
                for x in a.extensions.all() if x.decision == Extension.Decision.PENDING] if can_review else [],
            "pending_returns": [
                (r, forms.ReassignmentDecisionForm(auto_id=f"return{r.pk}_%s")) for a in assignments
                for r in a.reassignment_requests.all() if r.decision == ReassignmentRequest.Decision.PENDING
            ] if can_review else [],
        })
        if can_review and status == Suggestion.Status.SUBMITTED:
            context.update(reject_form=forms.RejectForm(auto_id="reject_%s"),
                           reference_form=forms.NoteForm(auto_id="reference_%s"))
        if can_review and status == Suggestion.Status.ACCEPTED and not live:
            context["assign_form"] = forms.AssignForm(auto_id="assign_%s")
        if can_supervise and status in SUPERVISABLE and supervision is None:
            context["key_form"] = forms.KeySupervisionForm(auto_id="key_%s")
        if can_supervise and supervision is not None:
            context["action_form"] = forms.SupervisionActionForm(auto_id="action_%s")
        if can_review and status in MERGEABLE:
            context["merge_form"] = forms.MergeForm(auto_id="merge_%s")
        if can_review and status in Suggestion.OPEN_STATUSES + (Suggestion.Status.ACCEPTED,):
            context["close_form"] = forms.CloseForm(auto_id="close_%s")
        return context


class SuggestionActionView(StaffRequiredMixin, View):
    """One POST, one service. Subclasses name the form, the permission and `perform(form)`,
    which returns the success message."""

    permission_required = REVIEW
    http_method_names = ["post"]
    form_class = forms.NoteForm

    def get_form(self):
        return self.form_class(self.request.POST)

    def post(self, request, pk, **kwargs):
        self.suggestion = get_object_or_404(Suggestion.objects.visible_to(request.user), pk=pk)
        form = self.get_form()
        if not form.is_valid():
            report_errors(request, form.errors, form)
        else:
            try:
                message = self.perform(form)
            except (ValidationError, PermissionDenied) as error:
                report_errors(request, error, form)
            else:
                messages.success(request, message)
        return redirect("suggestions:suggestion_detail", pk=self.suggestion.pk)

    def perform(self, form) -> str:
        raise NotImplementedError


class AcceptView(SuggestionActionView):
    def perform(self, form):
        suggestion = services.accept_suggestion(self.suggestion, actor=self.request.user)
        return _("Accepted as No. %(number)s.") % {"number": suggestion.number}


class RejectView(SuggestionActionView):
    form_class = forms.RejectForm

    def perform(self, form):
        services.reject_suggestion(self.suggestion, actor=self.request.user, reason=form.cleaned_data["reason"],
                                   note=form.cleaned_data["note"])
        return _("Not accepted; the deputy has been told why.")


class ReferenceView(SuggestionActionView):
    def perform(self, form):
        services.mark_reference_only(self.suggestion, actor=self.request.user, note=form.cleaned_data["note"])
        return _("Passed on for reference.")


class AssignView(SuggestionActionView):
    form_class = forms.AssignForm

    def perform(self, form):
        suggestion = services.assign_suggestion(self.suggestion, actor=self.request.user, **form.service_kwargs())
        return _("Suggestion %(number)s assigned; the units have been told.") % {"number": suggestion.number}


class ExtensionDecisionView(SuggestionActionView):
    form_class = forms.DecisionForm

    def perform(self, form):
        extension = get_object_or_404(Extension, pk=self.kwargs["extension_pk"],
                                      assignment__suggestion=self.suggestion)
        services.decide_extension(extension, actor=self.request.user, approve=form.approve,
                                  note=form.cleaned_data["note"])
        if form.approve:
            return _("Extension approved: the answer is now due on %(date)s.") % {
                "date": date_format(extension.requested_due_on, "DATE_FORMAT")}
        return _("Extension refused.")


class ReassignmentDecisionView(SuggestionActionView):
    form_class = forms.ReassignmentDecisionForm

    def perform(self, form):
        request = get_object_or_404(ReassignmentRequest, pk=self.kwargs["request_pk"],
                                    assignment__suggestion=self.suggestion)
        services.decide_reassignment(request, actor=self.request.user, approve=form.approve,
                                     new_unit=form.cleaned_data["new_unit"] if form.approve else None,
                                     note=form.cleaned_data["note"])
        return _("Return approved.") if form.approve else _("Return refused: the unit keeps the case.")


class KeySupervisionView(SuggestionActionView):
    permission_required = SUPERVISE
    form_class = forms.KeySupervisionForm

    def perform(self, form):
        services.put_under_key_supervision(self.suggestion, actor=self.request.user, **form.cleaned_data)
        return _("Put under key supervision.")


class SupervisionActionView(SuggestionActionView):
    permission_required = SUPERVISE
    form_class = forms.SupervisionActionForm

    def perform(self, form):
        supervision = get_object_or_404(KeySupervision, suggestion=self.suggestion)
        services.record_supervision_action(supervision, actor=self.request.user, **form.cleaned_data)
        return _("Supervision recorded.")


class MergeView(SuggestionActionView):
    form_class = forms.MergeForm

    def get_form(self):
        return self.form_class(self.request.POST, scope=Suggestion.objects.visible_to(self.request.user))

    def perform(self, form):
        group = services.merge_suggestions([self.suggestion, *form.cleaned_data["suggestions"]],
                                           actor=self.request.user, note=form.cleaned_data["note"])
        numbers = group.suggestions.order_by("number").values_list("number", flat=True)
        return _("Handled together: %(numbers)s.") % {"numbers": "、".join(numbers)}


class UnmergeView(SuggestionActionView):
    def perform(self, form):
        services.unmerge_suggestion(self.suggestion, actor=self.request.user)
        return _("Taken out of the merge group.")


class CloseView(SuggestionActionView):
    form_class = forms.CloseForm

    def perform(self, form):
        services.close_suggestion(self.suggestion, actor=self.request.user, note=form.cleaned_data["note"])
        return _("Suggestion closed.")


# --------------------------------------------------------------------------- key supervision board


class KeyBoardView(StaffRequiredMixin, ListView):
    permission_required = VIEW
    template_name = "suggestions/staff/key_board.html"
    context_object_name = "supervisions"

    def get_queryset(self):
        return selectors.key_supervision_board(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = []
        for supervision in context["supervisions"]:
            parts = sorted(supervision.suggestion.assignments.all(), key=lambda p: (ROLE_RANK.get(p.role, 3), p.pk))
            open_dues = [p.due_on for p in parts if p.is_open and p.answers]
            actions = list(supervision.actions.all())
            rows.append({"supervision": supervision, "suggestion": supervision.suggestion, "parts": parts,
                         "due_on": min(open_dues) if open_dues else None,
                         "last_action": actions[0] if actions else None})
        context["rows"] = rows
        context["today"] = timezone.localdate()
        return context


# --------------------------------------------------------------------------- statistics


def percent(rate) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


class StatLine:
    """One row of a statistics table with its rates ready to print."""

    def __init__(self, row: Statistic, label: str):
        self.row, self.label = row, label
        self.on_time = percent(row.on_time_rate)
        self.satisfaction = percent(row.satisfaction_rate)
        self.strict_satisfaction = percent(row.strict_satisfaction_rate)
        self.fulfilment = percent(row.fulfilment_rate)
        self.shares = [percent(row.rate(getattr(row, f"category_{c}"), row.replied)) for c in "abcd"]


def bar_chart(lines: list[StatLine], value, strict=None, *, width=300, row_height=26, label_width=130) -> dict:
    """Horizontal bars, drawn by the template as inline SVG: one per unit with a rate."""
    bars = []
    for line in lines:
        rate = value(line.row)
        if rate is None:
            continue
        inner = strict(line.row) if strict else None
        bars.append({"label": line.label, "y": len(bars) * row_height, "width": round(rate * width, 1),
                     "strict_width": round(inner * width, 1) if inner is not None else None,
                     "text": percent(rate) + (f" / {percent(inner)}" if strict else "")})
    return {"bars": bars, "height": max(len(bars), 1) * row_height, "label_width": label_width,
            "bar_width": width, "total_width": label_width + width + 110, "row_height": row_height}


class StatisticsView(StaffRequiredMixin, TemplateView):
    permission_required = ("congress.access_staff_ui", "suggestions.view_statistic")
    template_name = "suggestions/staff/statistics.html"

    def get_filters(self):
        today = timezone.localdate()
        years = sorted({today.year, *years_with_assignments()}, reverse=True)
        form = forms.StatisticsForm(self.request.GET or None, years=years)
        year, meeting = today.year, None
        if form.is_bound and form.is_valid():
            year = form.cleaned_data["year"] or today.year
            meeting = form.cleaned_data["meeting"]
        return form, year, meeting

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            _form, year, meeting = self.get_filters()
            lines, total = self.unit_lines(year, meeting)
            suffix = f"-{meeting.pk}" if meeting else ""
            return exports.xlsx_response(f"suggestion-statistics-{year}{suffix}", self.export_columns(),
                                         [*lines, total])
        return super().get(request, *args, **kwargs)

    def unit_lines(self, year, meeting):
        rows = list(selectors.statistics(year, meeting=meeting, dimension=Statistic.Dimension.UNIT))
        lines = [StatLine(row, row.unit.name if row.unit else "—") for row in rows]
        return lines, StatLine(selectors.totals(rows), _("Total"))

    def category_lines(self, year, meeting):
        rows = list(selectors.statistics(year, meeting=meeting, dimension=Statistic.Dimension.CATEGORY))
        lines = [StatLine(row, row.category.name if row.category else "—") for row in rows]
        return lines, StatLine(selectors.totals(rows), _("Total"))

    @staticmethod
    def export_columns():
        def count(name):
            return lambda line: getattr(line.row, name)

        columns = [Column(_("Unit"), lambda line: line.label), Column(_("Assigned"), count("assigned")),
                   Column(_("Replied"), count("replied")), Column(_("Replied on time"), count("replied_on_time")),
                   Column(_("On-time rate"), lambda line: line.on_time), Column(_("Overdue"), count("overdue"))]
        for index, letter in enumerate("ABCD"):
            columns += [Column(_("Category %(letter)s") % {"letter": letter}, count(f"category_{letter.lower()}")),
                        Column(_("Share %(letter)s") % {"letter": letter},
                               lambda line, i=index: line.shares[i])]
        return columns + [
            Column(_("Rated"), count("evaluated")), Column(_("Satisfied"), count("satisfied")),
            Column(_("Basically satisfied"), count("basically_satisfied")),
            Column(_("Unsatisfied"), count("unsatisfied")),
            Column(_("Satisfaction rate (with basically satisfied)"), lambda line: line.satisfaction),
            Column(_("Satisfaction rate (satisfied only)"), lambda line: line.strict_satisfaction),
            Column(_("Rating missing"), count("rating_missing")), Column(_("Re-handled"), count("rehandled")),
            Column(_("Assigned late"), count("assigned_late")),  # h/calendar: rule 4
            Column(_("Commitments"), count("commitments")),
            Column(_("Commitments fulfilled"), count("commitments_fulfilled")),
            Column(_("Fulfilment rate"), lambda line: line.fulfilment),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form, year, meeting = self.get_filters()
        unit_lines, unit_total = self.unit_lines(year, meeting)
        category_lines, category_total = self.category_lines(year, meeting)
        honour, warning = selectors.boards(year)
        computed = [line.row.computed_at for line in unit_lines + category_lines]
        query = self.request.GET.copy()
        query.pop("export", None)
        context.update({
            "form": form, "year": year, "meeting": meeting,
            "unit_lines": unit_lines, "unit_total": unit_total,
            "category_lines": category_lines, "category_total": category_total,
            "honour": [StatLine(row, row.unit.name) for row in honour],
            "warning": [StatLine(row, row.unit.name) for row in warning],
            "computed_at": max(computed) if computed else None,
            "satisfaction_chart": bar_chart(unit_lines, lambda r: r.satisfaction_rate,
                                            strict=lambda r: r.strict_satisfaction_rate),
            "on_time_chart": bar_chart(unit_lines, lambda r: r.on_time_rate),
            "can_refresh": rules.is_office(self.request.user),
            "query_string": query.urlencode(),
            "board_rules": selectors.board_rules(),  # h/calendar: the boards' rule is written on the page
        })
        return context


class StatisticsRefreshView(StaffRequiredMixin, View):
    """Recompute one year's summary rows now: one SQL aggregation in the request, no broker."""

    permission_required = REVIEW
    http_method_names = ["post"]

    def post(self, request):
        try:
            year = int(request.POST.get("year", ""))
        except ValueError:
            year = timezone.localdate().year
        if not 2000 <= year <= 2100:
            messages.error(request, _("Choose a year."))
            return redirect("suggestions:statistics")
        count = refresh_statistics(year)
        messages.success(request, _("Statistics for %(year)d recomputed (%(count)d rows).")
                         % {"year": year, "count": count})
        return redirect(safe_next(request, f"{reverse('suggestions:statistics')}?year={year}"))
