"""The office's actions on one suggestion: one POST view per service (congress.views.ActionView).
A refusal shows the detail page again with the user's input and the service's message on the
form; the service's transaction saved nothing."""

from django import forms as django_forms
from django.shortcuts import get_object_or_404
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress.views import ActionView, StaffRequiredMixin
from suggestions import forms, services
from suggestions.models import Extension, KeySupervision, ReassignmentRequest, Suggestion
from suggestions.staff.views import REVIEW, SUPERVISE, detail_page, get_suggestion


class SuggestionActionView(StaffRequiredMixin, ActionView):
    """Subclasses name the form, its key on the detail page, the permission and `perform`."""

    permission_required = REVIEW
    form_class = forms.NoteForm
    load = get_suggestion
    detail_url = "suggestions:suggestion_detail"
    render_page = detail_page


class AcceptView(SuggestionActionView):
    confirm = gettext_lazy("Accept this suggestion? It gets the next case number, which cannot be taken back.")
    form_class = django_forms.Form  # nothing to fill in: the number comes from the series
    page_key = "accept"

    def perform(self, suggestion, form):
        suggestion = services.accept_suggestion(suggestion, actor=self.request.user)
        return _("Accepted as No. %(number)s.") % {"number": suggestion.number}


class UndoAcceptanceView(SuggestionActionView):
    confirm = gettext_lazy("Undo the acceptance of this suggestion? It goes back to review, its deputies lose the "
                           "points it earned, and its number stays reserved for it.")
    form_class = forms.UndoAcceptanceForm
    page_key = "undo_acceptance"

    def perform(self, suggestion, form):
        suggestion = services.undo_acceptance(suggestion, actor=self.request.user, reason=form.cleaned_data["reason"])
        return _("Acceptance undone: the suggestion is back in review and No. %(number)s stays reserved for it.") % {
            "number": suggestion.number}


class RejectView(SuggestionActionView):
    confirm = gettext_lazy("Not accept this suggestion? The deputy is told the reason at once.")
    form_class = forms.RejectForm
    page_key = "reject"

    def perform(self, suggestion, form):
        services.reject_suggestion(suggestion, actor=self.request.user, reason=form.cleaned_data["reason"],
                                   note=form.cleaned_data["note"])
        return _("Not accepted; the deputy has been told why.")


class ReferenceView(SuggestionActionView):
    confirm = gettext_lazy("Pass this suggestion on for reference only? The deputy is told at once.")
    page_key = "reference"

    def perform(self, suggestion, form):
        services.mark_reference_only(suggestion, actor=self.request.user, note=form.cleaned_data["note"])
        return _("Passed on for reference.")


class AssignView(SuggestionActionView):
    confirm = gettext_lazy("Assign this suggestion to these units? Each unit is told at once and its deadline starts.")
    form_class = forms.AssignForm
    page_key = "assign"

    def perform(self, suggestion, form):
        suggestion = services.assign_suggestion(suggestion, actor=self.request.user, **form.service_kwargs())
        return _("Suggestion %(number)s assigned; the units have been told.") % {"number": suggestion.number}


class ExtensionDecisionView(SuggestionActionView):
    form_class = forms.DecisionForm

    def get_page_key(self):
        return f"extension{self.kwargs['extension_pk']}"

    def get_object(self):
        suggestion = super().get_object()
        self.extension = get_object_or_404(Extension.objects.visible_to(self.request.user),
                                           pk=self.kwargs["extension_pk"], assignment__suggestion=suggestion)
        return suggestion

    def perform(self, suggestion, form):
        services.decide_extension(self.extension, actor=self.request.user, approve=form.approve,
                                  note=form.cleaned_data["note"])
        if form.approve:
            return _("Extension approved: the answer is now due on %(date)s.") % {
                "date": date_format(self.extension.requested_due_on, "DATE_FORMAT")}
        return _("Extension refused.")


class ReassignmentDecisionView(SuggestionActionView):
    form_class = forms.ReassignmentDecisionForm

    def get_page_key(self):
        return f"reassignment{self.kwargs['reassignment_pk']}"

    def get_object(self):
        suggestion = super().get_object()
        self.reassignment = get_object_or_404(ReassignmentRequest.objects.visible_to(self.request.user),
                                              pk=self.kwargs["reassignment_pk"], assignment__suggestion=suggestion)
        return suggestion

    def perform(self, suggestion, form):
        services.decide_reassignment(self.reassignment, actor=self.request.user, approve=form.approve,
                                     new_unit=form.cleaned_data["new_unit"] if form.approve else None,
                                     note=form.cleaned_data["note"])
        return _("Return approved.") if form.approve else _("Return refused: the unit keeps the case.")


class KeySupervisionView(SuggestionActionView):
    permission_required = SUPERVISE
    form_class = forms.KeySupervisionForm
    page_key = "key"

    def perform(self, suggestion, form):
        services.put_under_key_supervision(suggestion, actor=self.request.user, **form.cleaned_data)
        return _("Put under key supervision.")


class SupervisionActionView(SuggestionActionView):
    permission_required = SUPERVISE
    form_class = forms.SupervisionActionForm
    page_key = "action"

    def perform(self, suggestion, form):
        supervision = get_object_or_404(KeySupervision.objects.visible_to(self.request.user), suggestion=suggestion)
        services.record_supervision_action(supervision, actor=self.request.user, **form.cleaned_data)
        return _("Supervision recorded.")


class MergeView(SuggestionActionView):
    form_class = forms.MergeForm
    page_key = "merge"

    def form_kwargs(self, suggestion):
        return {"scope": Suggestion.objects.visible_to(self.request.user)}

    def perform(self, suggestion, form):
        group = services.merge_suggestions([suggestion, *form.cleaned_data["suggestions"]],
                                           actor=self.request.user, note=form.cleaned_data["note"])
        numbers = group.suggestions.order_by("number").values_list("number", flat=True)
        return _("Handled together: %(numbers)s.") % {"numbers": "、".join(numbers)}


class UnmergeView(SuggestionActionView):
    form_class = django_forms.Form
    page_key = "unmerge"

    def perform(self, suggestion, form):
        services.unmerge_suggestion(suggestion, actor=self.request.user)
        return _("Taken out of the merge group.")


class CloseView(SuggestionActionView):
    confirm = gettext_lazy("Close this case? A closed case cannot be reopened here.")
    form_class = forms.CloseForm
    page_key = "close"

    def perform(self, suggestion, form):
        services.close_suggestion(suggestion, actor=self.request.user, note=form.cleaned_data["note"])
        return _("Suggestion closed.")
