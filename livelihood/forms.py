"""Forms of the livelihood pages; bounds at the edge (congress.bounds), labels through gettext."""

from django import forms
from django.conf import settings
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from congress.ballots import tally
from congress.ballots.models import Ballot
from congress.fields import DateField, DecimalField, IntegerField, formfield
from congress.models import Unit
from livelihood.models import Check, Cycle, Milestone, Project, Proposal

PHONE = RegexValidator(r"^1[3-9][0-9]{9}$", _("Enter an 11-digit mobile number."))
MARK_LABELS = {tally.YES: _("Yes"), tally.NO: _("No"), tally.ABSTAIN: _("Abstain"),
               tally.SATISFIED: _("Satisfied"), tally.BASICALLY: _("Basically satisfied"),
               tally.UNSATISFIED: _("Unsatisfied")}


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Project title"), max_length=120)
    description = forms.CharField(label=_("What should be done, and why"), max_length=4000, widget=forms.Textarea)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    category = forms.ChoiceField(label=_("Category"), choices=Proposal.Category.choices)
    contact_name = forms.CharField(label=_("Your name (only the office sees it)"), max_length=50, required=False)
    contact_phone = forms.CharField(label=_("Your phone (only the office sees it)"), max_length=11, required=False,
                                    validators=[PHONE])
    # A field people never see: a bot that fills every input fills this one too.
    website = forms.CharField(required=False, max_length=200, widget=forms.TextInput(
        attrs={"tabindex": "-1", "autocomplete": "off"}), label=_("Leave this empty"))


class DeputyProposalForm(forms.Form):
    title = forms.CharField(label=_("Project title"), max_length=120)
    description = forms.CharField(label=_("What should be done, and why"), max_length=4000, widget=forms.Textarea)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    category = forms.ChoiceField(label=_("Category"), choices=Proposal.Category.choices)


class SurveyForm(forms.Form):
    """One rating per adopted project; the phone field only when the survey counts by phone."""

    phone = forms.CharField(label=_("Your mobile number (used only to count one answer per phone)"),
                            max_length=11, validators=[PHONE], required=False)
    website = forms.CharField(required=False, max_length=200, label=_("Leave this empty"),
                              widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))

    def __init__(self, *args, projects=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.projects = list(projects)
        if settings.LIVELIHOOD_SURVEY_ONE_PER == "phone":
            self.fields["phone"].required = True
        else:
            del self.fields["phone"]
        for project in self.projects:
            self.fields[f"project_{project.pk}"] = forms.ChoiceField(
                label=project.name, choices=[("", _("No answer")), *Project.Rating.choices], required=False,
                widget=forms.RadioSelect)

    def ratings(self):
        return [(p, self.cleaned_data.get(f"project_{p.pk}")) for p in self.projects
                if self.cleaned_data.get(f"project_{p.pk}")]

    def clean(self):
        data = super().clean()
        if self.projects and not any(data.get(f"project_{p.pk}") for p in self.projects):
            raise forms.ValidationError(_("Rate at least one project."))
        return data


class CycleForm(forms.ModelForm):
    class Meta:
        model = Cycle
        fields = ["year", "title", "seats", "proposals_close_on", "session_on"]
        formfield_callback = formfield


class ScreenOutForm(forms.Form):
    reason = forms.CharField(label=_("Reason (shown to the public)"), max_length=500)


class MergeForm(forms.Form):
    into = IntegerField(label=_("Merge into proposal no."), min_value=1, max_value=2**63 - 1)

    def __init__(self, *args, scope=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = scope if scope is not None else Proposal.objects.none()

    def clean_into(self):
        """The proposal itself, among those the user may see; the merge rules are the service's."""
        into = self.scope.filter(pk=self.cleaned_data["into"]).first()
        if into is None:
            raise forms.ValidationError(_("No such proposal."), code="not_found")
        return into


class AssessForm(forms.Form):
    feasibility = forms.ChoiceField(label=_("Feasibility"), choices=Proposal.Feasibility.choices[1:])
    estimated_cost = DecimalField(label=_("Estimated cost (10,000 yuan)"), max_digits=12, decimal_places=2,
                                        min_value=0, required=False)
    assessment = forms.CharField(label=_("Assessment"), max_length=4000, required=False, widget=forms.Textarea)
    responsible_unit = forms.ModelChoiceField(label=_("Responsible unit"), queryset=Unit.objects.filter(is_active=True),
                                              required=False)


class CandidateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    budget = DecimalField(label=_("Budget (10,000 yuan)"), max_digits=12, decimal_places=2, min_value=0)
    lead_unit = forms.ModelChoiceField(label=_("Lead unit"), queryset=Unit.objects.filter(is_active=True))
    completion_on = DateField(label=_("Completion date"))
    description = forms.CharField(label=_("Description"), max_length=4000, required=False, widget=forms.Textarea)
    subprojects = forms.CharField(label=_("Sub-projects (one a line)"), max_length=20000, required=False,
                                  widget=forms.Textarea)
    proposals = forms.ModelMultipleChoiceField(label=_("From proposals"), queryset=Proposal.objects.none(),
                                               required=False)

    def __init__(self, *args, cycle=None, **kwargs):
        super().__init__(*args, **kwargs)
        if cycle is not None:
            self.fields["proposals"].queryset = cycle.proposals.filter(status=Proposal.Status.RECEIVED)

    def clean_subprojects(self):
        lines = [line.strip()[:120] for line in self.cleaned_data["subprojects"].splitlines() if line.strip()]
        if len(lines) > 500:
            raise forms.ValidationError(_("At most 500 sub-projects."))
        return lines


class ApproveForm(forms.Form):
    document = forms.CharField(label=_("Approval document"), max_length=200)


class OpenBallotForm(forms.Form):
    majority_base = forms.ChoiceField(label=_("Majority of"), initial=Ballot.MajorityBase.ALL_ELECTORS, choices=[
        (Ballot.MajorityBase.ALL_ELECTORS, _("all deputies")), (Ballot.MajorityBase.VALID_PAPERS, _("valid papers"))])
    mode = forms.ChoiceField(label=_("Voting"), initial=Ballot.Mode.ELECTRONIC, choices=[
        (Ballot.Mode.ELECTRONIC, _("in the portal")), (Ballot.Mode.PAPER, _("on paper, entered twice"))])
    receipts_with_marks = forms.BooleanField(label=_("Publish receipts with their marks"), required=False)


class PaperEntryForm(forms.Form):
    """One returned paper as a clerk reads it: its number and a mark per option (none for a blank paper)."""

    serial = IntegerField(label=_("Paper number"), min_value=1, max_value=100000)

    def __init__(self, *args, ballot, **kwargs):
        super().__init__(*args, **kwargs)
        self.options = list(ballot.options.all())
        for option in self.options:
            self.fields[f"mark_{option.key}"] = forms.ChoiceField(
                label=option.label, choices=[(m, MARK_LABELS[m]) for m in ballot.marks_allowed()], required=False,
                widget=forms.RadioSelect)

    def marks(self) -> dict:
        return {o.key: self.cleaned_data[f"mark_{o.key}"] for o in self.options if self.cleaned_data[f"mark_{o.key}"]}


class AdvanceStageForm(forms.Form):
    to = forms.ChoiceField(choices=Cycle.Stage.choices, widget=forms.HiddenInput)


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=120)
    due_on = DateField(label=_("Due on"))


class SubProjectForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)


class ProgressForm(forms.Form):
    percent = IntegerField(label=_("Percent complete"), min_value=0, max_value=100)
    text = forms.CharField(label=_("Progress"), max_length=4000, widget=forms.Textarea)
    milestone = forms.ModelChoiceField(label=_("Milestone"), queryset=Milestone.objects.none(), required=False)
    photo = forms.FileField(label=_("Photo (JPEG or PNG)"), required=False)

    def __init__(self, *args, project=None, **kwargs):
        super().__init__(*args, **kwargs)
        if project is not None:
            self.fields["milestone"].queryset = project.milestones.filter(status=Milestone.Status.OPEN)

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if not photo:
            return photo
        if photo.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("A photo may be at most 5 MB."))
        head = photo.read(8)
        photo.seek(0)
        # Sniff the bytes, not the name or the browser's content type (either can lie).
        if not (head.startswith(b"\xff\xd8\xff") or head.startswith(b"\x89PNG\r\n\x1a\n")):
            raise forms.ValidationError(_("Upload a JPEG or PNG photo."))
        return photo


class CheckForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of check"), choices=Check.Kind.choices)
    checked_on = DateField(label=_("Checked on"))
    findings = forms.CharField(label=_("Findings"), max_length=4000, widget=forms.Textarea)
    has_problems = forms.BooleanField(label=_("Problems found"), required=False)


class SurveyWindowForm(forms.Form):
    survey_opens_on = DateField(label=_("Survey opens on"))
    survey_closes_on = DateField(label=_("Survey closes on"))


class RatingForm(forms.Form):
    result = forms.ChoiceField(label=_("Deputies' rating (rule 15 result)"), choices=Project.Rating.choices)


class RectificationForm(forms.Form):
    report = forms.CharField(label=_("What was fixed"), max_length=4000, widget=forms.Textarea)
