"""Forms of the oversight pages; free text bounded by CONGRESS_MAX_TEXT_LENGTH, dates by the horizon."""

from django import forms
from django.utils.translation import gettext_lazy as _

from congress.bounds import max_text_length, validate_within_horizon
from congress.models import Unit
from oversight.models import HandlingReport, NormativeDocument, TopicProposal

ALLOWED_EXTENSIONS = {".pdf", ".jpg", ".jpeg", ".png", ".docx", ".xlsx"}
MAGIC = (b"%PDF", b"\xff\xd8\xff", b"\x89PNG", b"PK\x03\x04")
MAX_FILE_BYTES = 10 * 1024 * 1024


def long_text(label, required=True, max_length=None):
    return forms.CharField(label=label, required=required, max_length=max_length or max_text_length(),
                           widget=forms.Textarea(attrs={"rows": 3}))


def check_file(upload):
    """A file is accepted by its content, not its name: PDF, JPEG, PNG or an Office (zip) file."""
    if upload is None:
        return upload
    name = upload.name.lower()
    if not any(name.endswith(ext) for ext in ALLOWED_EXTENSIONS) or upload.size > MAX_FILE_BYTES:
        raise forms.ValidationError(_("Attach a PDF, image, Word or Excel file of at most 10 MB."), code="file_type")
    head = upload.read(8)
    upload.seek(0)
    if not head.startswith(MAGIC):
        raise forms.ValidationError(_("The file's content does not match its type."), code="file_content")
    return upload


class DateField(forms.DateField):
    """A date within the horizon, typed in ASCII digits (strptime would read "٢٠٢٦-01-01")."""

    default_validators = [validate_within_horizon]

    def to_python(self, value):
        if isinstance(value, str) and value.strip() and not value.strip().isascii():
            raise forms.ValidationError(_("Write the date as YYYY-MM-DD."), code="invalid")
        return super().to_python(value)


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
    file = forms.FileField(label=_("File"), required=False, validators=[check_file])


class ExtensionForm(forms.Form):
    due_on = DateField(label=_("New due date"))
    reason = long_text(_("Reason"))


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("Evidence"), validators=[check_file])
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
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    quarter = forms.IntegerField(label=_("Quarter"), min_value=1, max_value=4)
    file = forms.FileField(label=_("Excel file (.xlsx)"))


class SpecialReviewForm(forms.Form):
    outcome = long_text(_("Outcome"))
    budget_cut = forms.DecimalField(label=_("Next year's budget cut (yuan)"), required=False, min_value=0,
                                    max_digits=16, decimal_places=2)
    projects_cut = forms.IntegerField(label=_("Projects cut"), required=False, min_value=0, max_value=10000)


class DocumentReviewForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[
        c for c in NormativeDocument.Outcome.choices if c[0] != NormativeDocument.Outcome.PENDING])
    note = long_text(_("Note"), required=False)


class PlaceProposalForm(forms.Form):
    outcome = forms.ChoiceField(choices=TopicProposal.Outcome.choices)
    group_label = forms.CharField(max_length=100, required=False)
    rank = forms.IntegerField(min_value=1, max_value=1000, required=False)
    note = forms.CharField(max_length=300, required=False)
