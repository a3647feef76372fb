"""The deputy's phone pages for duty points (/portal/deputies/), and the public points notice
(/p/deputies/notices/<slug>/, no login, printable A4, with the public's objection form)."""

import hashlib
import hmac
from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from congress import security
from congress.attachments import AttachmentField, ScopedDownloadView
from congress.views import PortalRequiredMixin
from deputies import rules
from deputies.models import Deputy, DutyRecord, PointRule, PointsNotice, PointsObjection
from deputies.selectors import performance_file, standing_of
from deputies.services import points as services


def client_hash(request) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, security.client_ip(request).encode(), hashlib.sha256).hexdigest()


def my_deputy(request) -> Deputy:
    deputy = Deputy.objects.filter(user=request.user).select_related("delegation").first()
    if deputy is None:
        raise Http404
    return deputy


class ReportForm(forms.Form):
    item = forms.ChoiceField(label=gettext_lazy("Duty"))
    occurred_on = forms.DateField(label=gettext_lazy("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    description = forms.CharField(label=gettext_lazy("What you did"), max_length=500,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    evidence = AttachmentField(label=gettext_lazy("Photo or file"))

    def __init__(self, *args, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = list(PointRule.objects.filter(
            year__in=[year - 1, year], mode=PointRule.Mode.SELF_REPORTED).order_by("item").values_list(
            "item", "name").distinct())


class MyPointsView(PortalRequiredMixin, View):
    """My points this year by category and rank, my records, and the report form (two taps)."""

    template_name = "deputies/portal/points.html"

    def context(self, request, form=None):
        deputy = my_deputy(request)
        year = timezone.localdate().year
        records = DutyRecord.objects.visible_to(request.user).filter(year=year).select_related("rule")
        notices = PointsNotice.objects.visible_to(request.user).filter(status=PointsNotice.Status.PUBLISHED)
        return {"deputy": deputy, "year": year, "standing": standing_of(deputy, year), "records": records[:200],
                "form": form or ReportForm(year=year, initial={"occurred_on": timezone.localdate()}),
                "notices": notices, "categories": dict(PointRule.Category.choices)}

    def get(self, request):
        return render(request, self.template_name, self.context(request))

    def post(self, request):
        deputy = my_deputy(request)
        form = ReportForm(request.POST, request.FILES, year=timezone.localdate().year)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.report_duty(deputy, actor=request.user, item=data["item"], occurred_on=data["occurred_on"],
                                     description=data["description"], evidence=data["evidence"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Reported: it counts once the office verifies it."))
                return redirect("deputies_portal:points")
        return render(request, self.template_name, self.context(request, form))


class MyFileView(PortalRequiredMixin, View):
    def get(self, request):
        deputy = my_deputy(request)
        return render(request, "deputies/points/performance_file.html",
                      {"deputy": deputy, "file": performance_file(deputy), "portal": True})


class ObjectionForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=PointsObjection.Kind.choices)
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class PublicObjectionForm(ObjectionForm):
    entry = forms.IntegerField(label=gettext_lazy("Line (rank or deputy)"), widget=forms.HiddenInput, min_value=1,
                               max_value=2**31 - 1)
    public_name = forms.CharField(label=gettext_lazy("Your name"), max_length=50)
    public_contact = forms.CharField(label=gettext_lazy("Contact (seen by the office only)"), max_length=100,
                                     required=False)
    website = forms.CharField(required=False, widget=forms.HiddenInput)  # a honeypot: people leave it empty


class MyObjectionView(PortalRequiredMixin, View):
    """A deputy objects to their own line of a published notice."""

    def post(self, request, slug):
        notice = get_object_or_404(PointsNotice.objects.visible_to(request.user), slug=slug)
        deputy = my_deputy(request)
        entry = notice.entries.filter(deputy=deputy).first()
        form = ObjectionForm(request.POST)
        if entry is None or not form.is_valid():
            messages.error(request, _("Choose a kind and give a reason."))
            return redirect("deputies_portal:points")
        try:
            services.object_to_notice(notice, entry_id=entry.pk, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Your objection was sent to the office."))
        return redirect("deputies_portal:points")


class PublicNoticeView(View):
    """公示 page: public, printable on A4; the public may object during the period (rate-limited)."""

    template_name = "deputies/public/notice.html"

    def context(self, request, notice, form=None):
        return {"notice": notice, "entries": notice.entries.all()[:2000],
                "open": rules.can_object(None, notice), "form": form or PublicObjectionForm()}

    def get(self, request, slug):
        notice = get_object_or_404(PointsNotice.objects.exclude(status=PointsNotice.Status.DRAFT), slug=slug)
        return render(request, self.template_name, self.context(request, notice))

    def post(self, request, slug):
        notice = get_object_or_404(PointsNotice.objects.exclude(status=PointsNotice.Status.DRAFT), slug=slug)
        client = client_hash(request)
        hour_ago = timezone.now() - timedelta(hours=1)
        if PointsObjection.objects.filter(client_hash=client, created_at__gte=hour_ago).count() >= (
                settings.DEPUTIES_PUBLIC_OBJECTIONS_PER_HOUR):
            messages.error(request, _("Too many objections from your address; try again in an hour."))
            return render(request, self.template_name, self.context(request, notice), status=429)
        form = PublicObjectionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            if data.pop("website"):
                messages.success(request, _("Your objection was sent to the office."))
                return redirect("deputies_public:notice", slug=slug)
            try:
                services.object_to_notice(notice, entry_id=data["entry"], kind=data["kind"], reason=data["reason"],
                                          public_name=data["public_name"], public_contact=data["public_contact"],
                                          client_hash=client)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your objection was sent to the office."))
                return redirect("deputies_public:notice", slug=slug)
        return render(request, self.template_name, self.context(request, notice, form), status=400)




class EvidenceDownloadView(ScopedDownloadView):
    """A record's evidence: its deputy and the office only (DutyRecord.visible_to)."""

    model = DutyRecord
    field_name = "evidence"
