"""Staff forms for suggestions: they only parse input. Every rule (who may act, which state allows
what, deadlines) is checked by the service the view calls, and its message is shown as it is.
Every field is bounded (congress/bounds.py): text to its column or CONGRESS_MAX_TEXT_LENGTH, ids to
ASCII digits."""

import re

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress import roles
from congress.bounds import max_text_length, parse_id
from congress.fields import DateField
from congress.models import Committee, Meeting, Unit
from suggestions.models import MergeGroup, Suggestion, SupervisionAction

User = get_user_model()

APPROVE, REFUSE = "approve", "refuse"
DECISIONS = [(APPROVE, _("Approve")), (REFUSE, _("Refuse"))]


def active_units():
    return Unit.objects.filter(is_active=True).order_by("kind", "name")


def leaders():
    """Who may lead key supervision: the standing committee's leaders (the leader role)."""
    return User.objects.filter(is_active=True, groups__name=roles.LEADER).distinct().order_by("name", "username")


class NoteForm(forms.Form):
    """Reference only, and any other action that takes an optional note."""

    note = forms.CharField(label=_("Note"), required=False, max_length=max_text_length(),
                           widget=forms.Textarea(attrs={"rows": 2}))


class CloseForm(forms.Form):
    # Not required here: the service refuses an empty reason with the office's own wording.
    note = forms.CharField(label=_("Why is it closed?"), required=False, max_length=max_text_length(),
                           widget=forms.Textarea(attrs={"rows": 2}))


class UndoAcceptanceForm(forms.Form):
    # Required here, in the service's own words, so a blank reason never reaches the review step.
    reason = forms.CharField(label=_("Why is the acceptance undone?"), max_length=max_text_length(),
                             error_messages={"required": _("Say why the acceptance is undone.")},
                             widget=forms.Textarea(attrs={"rows": 2}))


class RejectForm(forms.Form):
    reason = forms.ChoiceField(label=_("Ground for not accepting"), required=False,
                               choices=[("", "---------"), *Suggestion.RejectReason.choices])
    note = forms.CharField(label=_("Note to the deputy"), required=False, max_length=max_text_length(),
                           widget=forms.Textarea(attrs={"rows": 2}))


class AssignForm(forms.Form):
    """交办: a lead unit with co-units, or several units that each answer separately."""

    mode = forms.ChoiceField(label=_("Handling mode"), choices=Suggestion.HandlingMode.choices,
                             initial=Suggestion.HandlingMode.LEAD_AND_CO, widget=forms.RadioSelect)
    # data-mode lets app.js show only the fields of the chosen mode; without script all show.
    lead_unit = forms.ModelChoiceField(label=_("Lead unit"), queryset=active_units(), required=False,
                                       widget=forms.Select(attrs={"data-mode": "lead_and_co"}))
    co_units = forms.ModelMultipleChoiceField(label=_("Co-units"), queryset=active_units(), required=False,
                                              widget=forms.SelectMultiple(attrs={"data-mode": "lead_and_co"}))
    separate_units = forms.ModelMultipleChoiceField(label=_("Units answering separately"), queryset=active_units(),
                                                    required=False,
                                                    widget=forms.SelectMultiple(attrs={"data-mode": "separate"}))

    def clean(self):
        data = super().clean()
        if data.get("mode") == Suggestion.HandlingMode.SEPARATE and not data.get("separate_units"):
            self.add_error("separate_units", _("Choose the units that answer separately."))
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        if data["mode"] == Suggestion.HandlingMode.SEPARATE:
            return {"separate_units": list(data["separate_units"])}
        return {"lead_unit": data["lead_unit"], "co_units": list(data["co_units"])}


class BulkAssignForm(forms.Form):
    """The same lead unit and co-units for every suggestion ticked in the list."""

    lead_unit = forms.ModelChoiceField(label=_("Lead unit"), queryset=active_units(), required=False)
    co_units = forms.ModelMultipleChoiceField(label=_("Co-units"), queryset=active_units(), required=False)

    # More ticks than one page of the list holds is not a person ticking boxes.
    MAX_IDS = 500

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.ids = []
        self.bad_ids = False
        if self.is_bound:
            # ASCII digits only: "²".isdigit() is True, and int("²") raises (issue 6, item 14).
            values = self.data.getlist("suggestion")
            parsed = [parse_id(v) for v in values[: self.MAX_IDS + 1]]
            self.bad_ids = None in parsed or len(values) > self.MAX_IDS
            self.ids = [] if self.bad_ids else sorted(set(parsed))

    def clean(self):
        data = super().clean()
        if self.bad_ids:
            raise forms.ValidationError(
                _("The ticked suggestions were not understood (at most %(max)d, each by its id). "
                  "Tick them again."), params={"max": self.MAX_IDS}, code="bad_ids")
        if not self.ids:
            raise forms.ValidationError(_("Tick the suggestions to assign."), code="none_selected")
        return data


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note"), required=False, max_length=max_text_length(),
                           widget=forms.Textarea(attrs={"rows": 2}))

    @property
    def approve(self) -> bool:
        return self.cleaned_data["decision"] == APPROVE


class ReassignmentDecisionForm(DecisionForm):
    new_unit = forms.ModelChoiceField(label=_("Send it to"), queryset=active_units(), required=False,
                                      help_text=_("Leave empty to take the case back to the office's queue."))


class KeySupervisionForm(forms.Form):
    leader = forms.ModelChoiceField(label=_("Supervising leader"), queryset=leaders(), required=False)
    committee = forms.ModelChoiceField(label=_("Committee"), queryset=Committee.objects.filter(is_active=True),
                                       required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=max_text_length(),
                           widget=forms.Textarea(attrs={"rows": 2}))


class SupervisionActionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", "---------"), *SupervisionAction.Kind.choices],
                             required=False)
    happened_on = DateField(label=_("Date"))
    description = forms.CharField(label=_("What was done"), required=False, max_length=max_text_length(),
                                  widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["happened_on"].initial = timezone.localdate


class MergeForm(forms.Form):
    """并案: the numbers of the suggestions to handle together with this one."""

    numbers = forms.CharField(label=_("Numbers of the other suggestions"), max_length=2000,
                              help_text=_("Separate several numbers with commas or spaces."))
    note = forms.CharField(label=_("Note"), required=False, max_length=MergeGroup._meta.get_field("note").max_length)

    def __init__(self, *args, scope=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = scope if scope is not None else Suggestion.objects.none()

    def clean_numbers(self):
        numbers = [n for n in re.split(r"[\s,，、;；]+", self.cleaned_data["numbers"]) if n]
        if not numbers:
            raise forms.ValidationError(_("Give at least one number."), code="required")
        found = {s.number: s for s in self.scope.filter(number__in=numbers)}
        missing = [n for n in numbers if n not in found]
        if missing:
            raise forms.ValidationError(_("No suggestion has the number %(numbers)s."),
                                        params={"numbers": "、".join(missing)}, code="unknown_number")
        self.cleaned_data["suggestions"] = list(found.values())
        return numbers


class StatisticsForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)
    meeting = forms.ModelChoiceField(label=_("Session"), required=False, empty_label=_("The whole year"),
                                     queryset=Meeting.objects.filter(kind=Meeting.Kind.CONGRESS_SESSION)
                                     .select_related("term"))

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in years]
