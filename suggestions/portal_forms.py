"""Forms of the phone portal: they only parse input. Every rule is checked by the service the view
calls; its ValidationError comes back as errors on these forms (congress.views.ActionView).
Every field is bounded (congress/bounds.py): text to its column or CONGRESS_MAX_TEXT_LENGTH, a
planned date to SUGGESTIONS_DATE_HORIZON_YEARS ahead."""

from django import forms
from django.utils.translation import gettext_lazy as _

from congress.attachments import AttachmentField
from congress.bounds import max_text_length
from congress.fields import DateField
from congress.models import Unit
from deputies.models import Deputy
from suggestions.models import Assignment, Category, ContactRecord, Evaluation, Reply, Suggestion


def text_area(rows=4):
    return forms.Textarea(attrs={"rows": rows})


def text(**kwargs):
    """Free text, bounded like every text column (CONGRESS_MAX_TEXT_LENGTH). Not required here:
    the service refuses an empty text with its own message and code, the same on every surface."""
    kwargs.setdefault("required", False)
    kwargs.setdefault("max_length", max_text_length())
    kwargs.setdefault("widget", text_area(kwargs.pop("rows", 4)))
    return forms.CharField(**kwargs)


def plan_date(**kwargs):
    """A date planned ahead (a commitment, a new deadline): refused beyond the horizon."""
    return DateField(**kwargs)


def column_length(model, name) -> int:
    return model._meta.get_field(name).max_length


# --------------------------------------------------------------------------- deputies


class SuggestionForm(forms.Form):
    title = forms.CharField(label=_("Title (案由)"), max_length=column_length(Suggestion, "title"), required=False)
    content = text(label=_("Content"), rows=10,
                   help_text=_("One matter per suggestion: the problem, its causes and your concrete proposals."))
    category = forms.ModelChoiceField(label=_("Field"), queryset=Category.objects.filter(is_active=True),
                                      empty_label=_("Choose…"))
    attachment = AttachmentField(label=_("Attachment"))
    remove_attachment = forms.BooleanField(label=_("Remove the current attachment"), required=False)

    def changes(self, suggestion) -> dict:
        """The edited fields only, so the timeline says what changed."""
        data = self.cleaned_data
        changes = {name: data[name] for name in ("title", "content", "category")
                   if data[name] != getattr(suggestion, name)}
        if data["attachment"]:
            changes["attachment"] = data["attachment"]
        elif data["remove_attachment"] and suggestion.attachment:
            changes["attachment"] = ""
        return changes


class InviteForm(forms.Form):
    deputies = forms.ModelMultipleChoiceField(
        label=_("Deputies to invite"), queryset=Deputy.objects.none(), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one deputy to invite.")})

    def __init__(self, *args, suggestion, **kwargs):
        super().__init__(*args, **kwargs)
        # Choices only shape the input; whether a deputy may co-sign is the service's rule.
        self.fields["deputies"].queryset = Deputy.objects.filter(term_id=suggestion.term_id).exclude(
            pk=suggestion.lead_deputy_id)


class RespondForm(forms.Form):
    answer = forms.ChoiceField(choices=[("confirm", _("Confirm")), ("decline", _("Decline"))])


class WithdrawForm(forms.Form):
    reason = text(label=_("Why do you withdraw it?"), rows=3,
                  error_messages={"required": _("A withdrawal must be given in writing: say why.")})


class RatingForm(forms.Form):
    satisfaction = forms.ChoiceField(label=_("Your rating"), choices=Evaluation.Satisfaction.choices,
                                     widget=forms.RadioSelect,
                                     error_messages={"required": _("Choose satisfied, basically satisfied or "
                                                                   "unsatisfied.")})
    # Nothing is pre-selected (issue 7): a one-tap rating must never save 好 · 好 · 好 the deputy did not choose.
    attitude = forms.ChoiceField(label=_("Handling attitude"), choices=Evaluation.Aspect.choices,
                                 widget=forms.RadioSelect,
                                 error_messages={"required": _("Rate the handling attitude.")})
    approach = forms.ChoiceField(label=_("Handling approach"), choices=Evaluation.Aspect.choices,
                                 widget=forms.RadioSelect,
                                 error_messages={"required": _("Rate the handling approach.")})
    effect = forms.ChoiceField(label=_("Handling effect"), choices=Evaluation.Aspect.choices,
                               widget=forms.RadioSelect,
                               error_messages={"required": _("Rate the handling effect.")})
    comment = text(label=_("Comments"), required=False, rows=3,
                   help_text=_("Required when you are unsatisfied: the unit handles the case again "
                               "on that basis."))


# --------------------------------------------------------------------------- unit handlers


class ResponsiblePersonForm(forms.Form):
    name = forms.CharField(label=_("Responsible person"), max_length=column_length(Assignment, "responsible_person"),
                           required=False)
    phone = forms.CharField(label=_("Their phone"), max_length=column_length(Assignment, "responsible_phone"),
                            required=False)


class ContactForm(forms.Form):
    contacted_on = plan_date(label=_("Date"))
    method = forms.ChoiceField(label=_("Method"), choices=ContactRecord.Method.choices, widget=forms.RadioSelect,
                               required=False)
    summary = text(label=_("What was discussed"), rows=3)


class OpinionForm(forms.Form):
    opinion = text(label=_("Your unit's opinion for the lead unit"), rows=6)


class CommitmentForm(forms.Form):
    description = forms.CharField(label=_("What is promised"), required=False, max_length=500)
    due_on = plan_date(label=_("By"), required=False)


CommitmentFormSet = forms.formset_factory(CommitmentForm, extra=3, max_num=10)


class ReplyForm(forms.Form):
    category = forms.ChoiceField(label=_("Reply category"), choices=Reply.Category.choices, widget=forms.RadioSelect,
                                 required=False)
    body = text(label=_("Reply text"), rows=10)
    signed_by = forms.CharField(label=_("Signed off by"), max_length=column_length(Reply, "signed_by"),
                                required=False)
    signed_by_head = forms.BooleanField(label=_("Signed off by the unit head"), required=False)
    attachment = AttachmentField(label=_("Reply letter"))

    def __init__(self, data=None, files=None, **kwargs):
        super().__init__(data, files, **kwargs)
        self.commitments = CommitmentFormSet(data, prefix=f"{self.prefix or 'reply'}-commitments")

    def is_valid(self):
        return all([super().is_valid(), self.commitments.is_valid()])

    def commitment_rows(self) -> list[tuple[str, object]]:
        """The filled-in rows; blank rows are spare. A half-filled row goes to the service, which refuses it."""
        rows = []
        for row in self.commitments.cleaned_data:
            if row.get("description") or row.get("due_on"):
                rows.append((row.get("description", ""), row.get("due_on")))
        return rows


class ExtensionForm(forms.Form):
    due_on = plan_date(label=_("New deadline"))
    reason = text(label=_("Reason"), rows=3)


class ReturnForm(forms.Form):
    reason = text(label=_("Why is this not your unit's business?"), rows=3)
    suggested_unit = forms.ModelChoiceField(label=_("Unit that should handle it"), required=False,
                                            queryset=Unit.objects.filter(is_active=True),
                                            empty_label=_("Leave it to the office"))


class ResolveCommitmentForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), widget=forms.RadioSelect, choices=[
        ("fulfilled", _("Fulfilled")), ("explained", _("Cannot be done as promised: explain"))])
    resolution = text(label=_("What was done, or why not"), rows=3)
