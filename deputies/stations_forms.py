"""Input shapes of the stations' pages (no rules: those are the services'). Bounds at the edge:
lengths from the columns and settings, ASCII ids, dates within the horizon."""

import re

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from congress.bounds import FIRST_YEAR, LAST_YEAR
from congress.fields import DateField, DateTimeField, IntegerField
from congress.models import Unit
from deputies.models import Deputy, Liaison, ResidentIssue

URL = re.compile(r"https?://|www\.", re.IGNORECASE)
MAX_LINKS = 1


def _message_length():
    return settings.RESIDENT_MESSAGE_MAX_LENGTH


class PublicMessageForm(forms.Form):
    """The QR page's message form. The hidden `website` field is a honeypot (people leave it empty);
    more than one link is refused as spam."""

    subject = forms.CharField(label=_("Subject"), max_length=100)
    content = forms.CharField(label=_("Your message"), widget=forms.Textarea(attrs={"rows": 5}))
    resident_name = forms.CharField(label=_("Your name (optional)"), max_length=50, required=False)
    resident_contact = forms.CharField(
        label=_("Phone or address for the answer (optional, seen only by the office)"), max_length=100, required=False)
    website = forms.CharField(required=False, label=_("Leave this empty"),
                              widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["content"].max_length = _message_length()
        self.fields["content"].validators.append(forms.CharField(max_length=_message_length()).validators[-1])

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("This message looks automated and was not sent."), code="spam")
        return ""

    def clean(self):
        cleaned = super().clean()
        text = f"{cleaned.get('subject', '')} {cleaned.get('content', '')}"
        if len(URL.findall(text)) > MAX_LINKS:
            raise forms.ValidationError(_("Messages with several links are not accepted."), code="spam")
        return cleaned


class LookupForm(forms.Form):
    code = forms.CharField(label=_("Lookup code"), max_length=32)


class RateIssueForm(forms.Form):
    code = forms.CharField(widget=forms.HiddenInput, max_length=32)
    rating = forms.ChoiceField(label=_("How satisfied are you with the answer?"), choices=ResidentIssue.Rating.choices,
                               widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Comment (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].max_length = _message_length()
        self.fields["comment"].validators.append(forms.CharField(max_length=_message_length()).validators[-1])


class RateReportBackForm(forms.Form):
    rating = forms.ChoiceField(label=_("Your rating of the deputy's report"), choices=ResidentIssue.Rating.choices,
                               widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Comment (optional)"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))


class ScheduleForm(forms.Form):
    starts_at = DateTimeField(label=_("Starts at"))
    ends_at = DateTimeField(label=_("Ends at"))
    topic = forms.CharField(label=_("Topic"), max_length=200, required=False)
    deputies = forms.ModelMultipleChoiceField(label=_("Deputies"), queryset=Deputy.objects.none())

    def __init__(self, *args, deputies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputies"].queryset = deputies if deputies is not None else Deputy.objects.serving()


class RecordReceptionForm(forms.Form):
    attended = forms.ModelMultipleChoiceField(label=_("Deputies who came"), queryset=Deputy.objects.none(),
                                              required=False, widget=forms.CheckboxSelectMultiple)
    residents_received = IntegerField(label=_("Residents received"), min_value=0, max_value=10_000, initial=0)
    note = forms.CharField(label=_("What was raised, in short"), required=False, max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, reception=None, **kwargs):
        super().__init__(*args, **kwargs)
        if reception is not None:
            self.fields["attended"].queryset = reception.deputies.all()


class ReceptionIssueForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=100)
    content = forms.CharField(label=_("What the resident raised"), widget=forms.Textarea(attrs={"rows": 4}))
    resident_name = forms.CharField(label=_("Resident's name"), max_length=50, required=False)
    resident_contact = forms.CharField(label=_("Resident's contact details (office only)"), max_length=100,
                                       required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["content"].validators.append(forms.CharField(max_length=_message_length()).validators[-1])


class RouteForm(forms.Form):
    route = forms.ChoiceField(label=_("Route"), choices=[c for c in ResidentIssue.Route.choices if c[0] not in
                                                         ("", ResidentIssue.Route.SUGGESTION)])
    unit = forms.ModelChoiceField(label=_("Handling body"), queryset=Unit.objects.active(), required=False)
    due_on = DateField(label=_("Due on"), required=False)
    answer = forms.CharField(label=_("Answer given on the spot"), required=False, max_length=5000,
                             widget=forms.Textarea(attrs={"rows": 3}))
    note = forms.CharField(label=_("Note (for a refusal: where to take the matter)"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer to the resident"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answer"].validators.append(
            forms.CharField(max_length=settings.CONGRESS_MAX_TEXT_LENGTH).validators[-1])


class PlanForm(forms.Form):
    year = IntegerField(label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)


class RecordReportBackForm(forms.Form):
    held_on = DateField(label=_("Held on"))
    report = forms.CharField(label=_("Report (text or summary)"), max_length=20_000, widget=forms.Textarea)
    comments = forms.CharField(label=_("Voters' comments"), required=False, max_length=20_000,
                               widget=forms.Textarea(attrs={"rows": 3}))


class PaperRatingsForm(forms.Form):
    satisfied = IntegerField(label=_("Satisfied"), min_value=0, max_value=10_000, initial=0)
    basically = IntegerField(label=_("Basically satisfied"), min_value=0, max_value=10_000, initial=0)
    unsatisfied = IntegerField(label=_("Unsatisfied"), min_value=0, max_value=10_000, initial=0)


class LiaisonForm(forms.ModelForm):
    class Meta:
        model = Liaison
        fields = ["kind", "name", "community", "phone"]
