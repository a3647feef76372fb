"""Input shapes of the duty points pages (no rules: those are the services'): staff, portal and the
public notice page. Bounds at the edge; what a value means is decided in deputies.services."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from congress.attachments import AttachmentField
from congress.fields import DateField, DecimalField, IntegerField, formfield
from deputies.models import Deputy, MeetingAttendance, PointRule, PointsNotice, PointsObjection


class ReasonForm(forms.Form):
    """Returning a reported duty, rejecting an adjustment."""

    reason = forms.CharField(label=_("Reason"), max_length=500)


class AdjustmentForm(forms.Form):
    deputy = forms.ModelChoiceField(queryset=Deputy.objects.serving(), label=_("Deputy"))
    points = DecimalField(label=_("Points"), max_digits=5, decimal_places=1, min_value=-100, max_value=100)
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
    occurred_on = DateField(label=_("Date"), required=False, horizon=False)  # the service refuses a future date


class AttendanceForm(forms.Form):
    """签到 of one meeting: one choice per deputy (`d<id>`), blank for not recorded yet."""

    def __init__(self, *args, deputies=(), recorded=None, **kwargs):
        super().__init__(*args, **kwargs)
        recorded = recorded or {}
        for deputy in deputies:
            self.fields[f"d{deputy.pk}"] = forms.ChoiceField(
                label=deputy.name, choices=MeetingAttendance.Status.choices, required=False,
                widget=forms.RadioSelect, initial=recorded.get(deputy.pk, ""))
        self.deputies = list(deputies)

    def marked(self) -> list[tuple[Deputy, str]]:
        return [(d, self.cleaned_data[f"d{d.pk}"]) for d in self.deputies if self.cleaned_data.get(f"d{d.pk}")]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Sign-in sheet (.xlsx)"))


class RuleForm(forms.ModelForm):
    class Meta:
        model = PointRule
        fields = ["name", "category", "points", "yearly_cap", "mode"]
        formfield_callback = formfield


class NoticeForm(forms.Form):
    year = IntegerField(label=_("Year"), min_value=2000, max_value=2200)
    period = forms.ChoiceField(label=_("Period"), choices=PointsNotice.Period.choices)


class PublishNoticeForm(forms.Form):
    objection_days = IntegerField(label=_("Objection period (days)"), min_value=1, max_value=60)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objection_days"].initial = settings.DEPUTIES_OBJECTION_DAYS


class ApproveNoticeForm(forms.Form):
    note = forms.CharField(label=_("Approval (director's meeting)"), max_length=300, required=False)


class AnswerObjectionForm(forms.Form):
    objection = IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    upheld = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect,
                               choices=[("1", _("Upheld: corrected in the records, shown in the next notice")),
                                        ("0", _("Dismissed"))])
    answer = forms.CharField(label=_("Answer"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class FollowUpForm(forms.Form):
    follow_up = IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    outcome = forms.CharField(label=_("Outcome"), max_length=500)


# --------------------------------------------------------------------------- portal and public


class ReportForm(forms.Form):
    item = forms.ChoiceField(label=_("Duty"))
    occurred_on = DateField(label=_("Date"), horizon=False)  # the service refuses a future date
    description = forms.CharField(label=_("What you did"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
    evidence = AttachmentField(label=_("Photo or file"))

    def __init__(self, *args, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = list(PointRule.objects.filter(
            year__in=[year - 1, year], mode=PointRule.Mode.SELF_REPORTED).order_by("item").values_list(
            "item", "name").distinct())


class ObjectionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PointsObjection.Kind.choices)
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class PublicObjectionForm(ObjectionForm):
    entry = IntegerField(label=_("Line (rank or deputy)"), widget=forms.HiddenInput, min_value=1,
                               max_value=2**31 - 1)
    public_name = forms.CharField(label=_("Your name"), max_length=50)
    public_contact = forms.CharField(label=_("Contact (seen by the office only)"), max_length=100, required=False)
    website = forms.CharField(required=False, widget=forms.HiddenInput)  # a honeypot: people leave it empty
