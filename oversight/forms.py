"""Forms of the oversight pages; free text bounded by CONGRESS_MAX_TEXT_LENGTH, dates by the horizon
(congress.fields)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from congress.attachments import AttachmentField
from congress.bounds import FIRST_YEAR, LAST_YEAR, max_text_length
from congress.fields import DateField, DecimalField, IntegerField
from congress.models import Committee, Meeting, Unit
from oversight.models import Activity, HandlingReport, InquiryQuestion, NormativeDocument, Topic, TopicProposal


def long_text(label, required=True, max_length=None):
    return forms.CharField(label=label, required=required, max_length=max_length or max_text_length(),
                           widget=forms.Textarea(attrs={"rows": 3}))


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Topic"), max_length=200)
    content = long_text(_("Why it matters"))
    proposer_name = forms.CharField(label=_("Your name"), max_length=50)
    proposer_contact = forms.CharField(label=_("Phone or email (seen by the office only)"), max_length=50,
                                       required=False)


class ReportForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=HandlingReport.Outcome.choices)
    content = long_text(_("What was done"))
    plan = long_text(_("Plan"), required=False)
    expected_on = DateField(label=_("Expected on"), required=False)
    reason = long_text(_("Reason it cannot be done"), required=False)
    file = AttachmentField(label=_("File"))


class ExtensionForm(forms.Form):
    due_on = DateField(label=_("New due date"))
    reason = long_text(_("Reason"))


class EvidenceForm(forms.Form):
    file = AttachmentField(label=_("Evidence"), required=True)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class CloseFindingForm(forms.Form):
    note = long_text(_("Closing note"), required=False)


class HearingForm(forms.Form):
    report_summary = long_text(_("Report"))
    heard_on = DateField(label=_("Heard on"), required=False)


class OpinionForm(forms.Form):
    text = long_text(_("Deliberation opinion"))
    due_on = DateField(label=_("Handling report due on"), required=False)
    findings = long_text(_("Findings: one a line, “unit code | problem | what must be done”"))

    def clean_findings(self):
        rows = []
        units = {u.code: u for u in Unit.objects.all()}
        for number, line in enumerate(self.cleaned_data["findings"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|")]
            if len(parts) != 3 or not all(parts) or parts[0] not in units:
                raise forms.ValidationError(_("Line %(n)d: write “unit code | problem | what must be done”."),
                                            params={"n": number}, code="finding_line")
            rows.append((units[parts[0]], parts[1], parts[2]))
        return rows


class StartVoteForm(forms.Form):
    subjects = forms.CharField(label=_("Appointees to rate, one a line (empty: the handling itself)"),
                               required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_subjects(self):
        lines = [line.strip() for line in self.cleaned_data["subjects"].splitlines() if line.strip()]
        if any(len(line) > 100 for line in lines) or len(lines) > 50:
            raise forms.ValidationError(_("At most 50 names of at most 100 characters."), code="subjects")
        return lines or [""]


class BudgetImportForm(forms.Form):
    year = IntegerField(label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    quarter = IntegerField(label=_("Quarter"), min_value=1, max_value=4)
    file = forms.FileField(label=_("Excel file (.xlsx)"))


class SpecialReviewForm(forms.Form):
    outcome = long_text(_("Outcome"))
    budget_cut = DecimalField(label=_("Next year's budget cut (yuan)"), required=False, min_value=0,
                                    max_digits=16, decimal_places=2)
    projects_cut = IntegerField(label=_("Projects cut"), required=False, min_value=0, max_value=10000)


class DocumentReviewForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[
        c for c in NormativeDocument.Outcome.choices if c[0] != NormativeDocument.Outcome.PENDING])
    note = long_text(_("Note"), required=False)


class PlaceProposalForm(forms.Form):
    """Where a proposal went: the topic is one of `topics`, its own plan's (loaded once for the
    board's many proposals, not once per form)."""

    outcome = forms.ChoiceField(label=_("Outcome"), choices=TopicProposal.Outcome.choices)
    topic = forms.TypedChoiceField(label=_("Topic"), coerce=int, empty_value=None, required=False)
    group_label = forms.CharField(label=_("group"), max_length=100, required=False)
    rank = IntegerField(label=_("Rank"), min_value=1, max_value=1000, required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, topics, **kwargs):
        super().__init__(*args, **kwargs)
        self.topics = {topic.pk: topic for topic in topics}
        self.fields["topic"].choices = [("", "—"), *((topic.pk, topic.title) for topic in topics)]

    def clean_topic(self):
        pk = self.cleaned_data["topic"]
        return None if pk is None else self.topics[pk]


class PlanForm(forms.Form):
    year = IntegerField(label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    title = forms.CharField(label=_("Title"), max_length=200)
    call_opens_on = DateField(label=_("call for topics opens"), required=False)
    call_closes_on = DateField(label=_("call for topics closes"), required=False)


class TopicForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Topic.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    lead_committee = forms.ModelChoiceField(label=_("lead committee"), queryset=Committee.objects.all())
    target_units = forms.ModelMultipleChoiceField(label=_("target units"), queryset=Unit.objects.all())
    meeting = forms.ModelChoiceField(label=_("Meeting"), required=False,
                                     queryset=Meeting.objects.filter(kind=Meeting.Kind.STANDING_COMMITTEE))
    reason = forms.CharField(label=_("Reason (an adopted plan)"), max_length=500, required=False)


class AdoptForm(forms.Form):
    approval_document = forms.CharField(label=_("approval document"), max_length=200)


class AmendForm(forms.Form):
    change = forms.CharField(label=_("change"), max_length=300)
    reason = long_text(_("Reason"))


class AttendanceForm(forms.Form):
    """Who of those signed up attended (ticked); the others did not."""

    attended = forms.TypedMultipleChoiceField(label=_("attended"), coerce=int, required=False,
                                              widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, activity, **kwargs):
        super().__init__(*args, **kwargs)
        # the topic page prefetches the participations with their deputies: no query per activity
        participations = list(activity.participations.all())
        self.fields["attended"].choices = [(p.deputy_id, p.deputy.name) for p in participations]
        self.initial.setdefault("attended", [p.deputy_id for p in participations if p.attended])


class ExtensionDecisionForm(forms.Form):
    approve = forms.BooleanField(label=_("Approve"), required=False)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Activity.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    held_on = DateField(label=_("held on"))
    location = forms.CharField(label=_("location"), max_length=200, required=False)
    capacity = IntegerField(label=_("places"), min_value=1, max_value=1000, initial=20)


class QuestionForm(forms.Form):
    asked_by = forms.CharField(label=_("asked by"), max_length=50)
    answered_by = forms.CharField(label=_("answered by"), max_length=100)
    question = long_text(_("question"))
    answer = long_text(_("answer"), required=False)
    rating = forms.ChoiceField(label=_("rating"), choices=[("", "—"), *InquiryQuestion.Rating.choices], required=False)


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    document_number = forms.CharField(label=_("document number"), max_length=60, required=False)
    maker = forms.ModelChoiceField(label=_("maker"), queryset=Unit.objects.all())
    published_on = DateField(label=_("published on"))


class ReceiveForm(forms.Form):
    received_on = DateField(label=_("received on"))
