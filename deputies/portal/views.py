"""The deputy's phone pages for duty points (/portal/deputies/), and the public points notice
(/p/deputies/notices/<slug>/, no login, printable A4, with the public's objection form). Every POST
is an ActionView calling one service; a refusal shows the page again with the input kept."""

import hashlib
import hmac

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from congress import security
from congress.attachments import ScopedDownloadView
from congress.views import ActionView, PortalRequiredMixin
from deputies import rules
from deputies.models import Deputy, DutyRecord, PointRule, PointsNotice
from deputies.pages import PublicFormView, offer
from deputies.points_forms import ObjectionForm, PublicObjectionForm, ReportForm
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


def points_page(request, deputy, failed=None) -> tuple[str, dict]:
    """My points this year by category and rank, my records, the report form (two taps), and an
    objection form on each published notice."""
    year = timezone.localdate().year
    records = DutyRecord.objects.visible_to(request.user).filter(year=year).select_related("rule")
    notices = list(PointsNotice.objects.visible_to(request.user).filter(status=PointsNotice.Status.PUBLISHED))
    for notice in notices:
        if rules.can_object(request.user, notice):  # the form is gone once the period is over
            notice.objection_form = offer(failed, f"object-{notice.pk}", ObjectionForm)
    return "deputies/portal/points.html", {
        "deputy": deputy, "year": year, "standing": standing_of(deputy, year), "records": records[:200],
        "form": offer(failed, "report", ReportForm, year=year, initial={"occurred_on": timezone.localdate()}),
        "notices": notices, "categories": dict(PointRule.Category.choices)}


class MyPointsView(PortalRequiredMixin, View):
    def get(self, request):
        template, context = points_page(request, my_deputy(request))
        return render(request, template, context)


class ReportDutyView(PortalRequiredMixin, ActionView):
    """A deputy reports a duty with its evidence; it counts once the office verifies it."""

    form_class = ReportForm
    page_key = "report"

    def get_object(self):
        return my_deputy(self.request)

    def form_kwargs(self, deputy):
        return {"year": timezone.localdate().year}

    def perform(self, deputy, form):
        data = form.cleaned_data
        services.report_duty(deputy, actor=self.request.user, item=data["item"], occurred_on=data["occurred_on"],
                             description=data["description"], evidence=data["evidence"])
        return _("Reported: it counts once the office verifies it.")

    def success_url(self, deputy):
        return reverse("deputies_portal:points")

    def page(self, deputy, failed):
        return points_page(self.request, deputy, failed)


class MyFileView(PortalRequiredMixin, View):
    def get(self, request):
        deputy = my_deputy(request)
        return render(request, "deputies/points/performance_file.html",
                      {"deputy": deputy, "file": performance_file(deputy), "portal": True})


class MyObjectionView(PortalRequiredMixin, ActionView):
    """A deputy objects to their own line of a published notice."""

    form_class = ObjectionForm

    def get_page_key(self):
        return f"object-{self.notice.pk}"

    def get_object(self):
        self.notice = get_object_or_404(PointsNotice.objects.visible_to(self.request.user), slug=self.kwargs["slug"])
        return my_deputy(self.request)

    def perform(self, deputy, form):
        entry = self.notice.entries.filter(deputy=deputy).first()
        services.object_to_notice(self.notice, entry_id=entry.pk if entry else None, actor=self.request.user,
                                  **form.cleaned_data)
        return _("Your objection was sent to the office.")

    def success_url(self, deputy):
        return reverse("deputies_portal:points")

    def page(self, deputy, failed):
        return points_page(self.request, deputy, failed)


class PublicNoticeView(PublicFormView):
    """公示 page: public, printable on A4; the public may object during the period (rate-limited
    per address by the service)."""

    form_class = PublicObjectionForm
    page_key = "objection"

    def get_object(self):
        return get_object_or_404(PointsNotice.objects.exclude(status=PointsNotice.Status.DRAFT),
                                 slug=self.kwargs["slug"])

    def perform(self, notice, form):
        data = form.cleaned_data
        if not data["website"]:  # the honeypot filled in: thanked, and nothing kept
            services.object_to_notice(notice, entry_id=data["entry"], kind=data["kind"], reason=data["reason"],
                                      public_name=data["public_name"], public_contact=data["public_contact"],
                                      client_hash=client_hash(self.request))
        return _("Your objection was sent to the office.")

    def success_url(self, notice):
        return reverse("deputies_public:notice", args=[notice.slug])

    def page(self, notice, failed):
        return "deputies/public/notice.html", {
            "notice": notice, "entries": notice.entries.all()[:2000], "open": rules.can_object(None, notice),
            "form": offer(failed, "objection", PublicObjectionForm)}


class EvidenceDownloadView(ScopedDownloadView):
    """A record's evidence: its deputy and the office only (DutyRecord.visible_to)."""

    model = DutyRecord
    field_name = "evidence"
