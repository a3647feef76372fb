"""Public pages (no login, domain.md §5): each deputy's and station's page with its QR code, the
printable A4 poster, the message form, the resident's lookup by code, and the phone rating of a
report-back meeting. Only public information is shown: never a phone number, never a resident's
contact details. Every submission is rate-limited per address in the database (works with Redis
stopped); bad input re-renders the form with a 400 (429 past the limit), never a 500. The forms are
ActionViews posting back to the page itself, the address printed on the posters.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from congress.models import Station
from congress.views import ActionView, put_refusal_on_form
from deputies import stations_rules as rules
from deputies import stations_services as services
from deputies.models import Deputy, Reception, ReportBack, hash_code
from deputies.pages import PublicFormView, offer
from deputies.stations_forms import LookupForm, PublicMessageForm, RateIssueForm, RateReportBackForm
from deputies.stations_qr import qr_svg, qr_svg_bytes


def public_deputies():
    """The deputies with a public page: those serving now."""
    return Deputy.objects.serving().select_related("station", "delegation", "term")


def public_stations():
    return Station.objects.active().select_related("subdistrict")


def _upcoming(station_ids):
    return (Reception.objects.announced().filter(station_id__in=station_ids, starts_at__gte=timezone.now(),
                                                 status=Reception.Status.SCHEDULED)
            .select_related("station").prefetch_related("shifts__deputy").order_by("starts_at")[:10])


class MessagePage(PublicFormView):
    """A deputy's or a station's public page with its QR code and the message form. Success shows
    the lookup code on the answer itself (never in a URL); a refusal keeps what the resident typed."""

    form_class = PublicMessageForm
    page_key = "message"

    def addressee(self, obj) -> dict:
        raise NotImplementedError

    def perform(self, obj, form):
        fields = {k: form.cleaned_data[k] for k in ("subject", "content", "resident_name", "resident_contact")}
        _issue, self.code = services.submit_public_message(request=self.request, **self.addressee(obj), **fields)
        return _("Thank you. Your message has been received.")

    def succeeded(self, obj, form, message):
        """The page says the message came, with the code; nothing is redirected, so it is not in a URL."""
        template, context = self.page(obj, None)
        context.update(code=self.code, form=None)
        return render(self.request, template, context)


class DeputyPageView(MessagePage):
    def get_object(self):
        return get_object_or_404(public_deputies(), pk=self.kwargs["pk"])

    def addressee(self, deputy) -> dict:
        return {"deputy": deputy}

    def page(self, deputy, failed):
        url = self.request.build_absolute_uri(reverse("stations_public:deputy", args=[deputy.pk]))
        return "deputies/public/deputy.html", {
            "deputy": deputy, "qr": qr_svg(url, scale=4), "page_url": url,
            "form": offer(failed, "message", PublicMessageForm),
            "receptions": _upcoming([deputy.station_id]) if deputy.station_id else []}


class StationPageView(MessagePage):
    def get_object(self):
        return get_object_or_404(public_stations(), code=self.kwargs["code"])

    def addressee(self, station) -> dict:
        return {"station": station}

    def page(self, station, failed):
        url = self.request.build_absolute_uri(reverse("stations_public:station", args=[station.code]))
        return "deputies/public/station.html", {
            "station": station, "qr": qr_svg(url, scale=4), "page_url": url,
            "form": offer(failed, "message", PublicMessageForm),
            "deputies": public_deputies().filter(station=station), "receptions": _upcoming([station.pk])}


@require_GET
def deputy_poster(request, pk):
    deputy = get_object_or_404(public_deputies(), pk=pk)
    url = request.build_absolute_uri(reverse("stations_public:deputy", args=[deputy.pk]))
    return render(request, "deputies/public/poster.html", {
        "title": deputy.name, "subtitle": deputy.delegation or "", "station": deputy.station,
        "qr": qr_svg(url, scale=10), "page_url": url, "kind": "deputy"})


@require_GET
def station_poster(request, code):
    station = get_object_or_404(public_stations(), code=code)
    url = request.build_absolute_uri(reverse("stations_public:station", args=[station.code]))
    return render(request, "deputies/public/poster.html", {
        "title": station.name, "subtitle": station.address, "station": None, "qr": qr_svg(url, scale=10),
        "page_url": url, "kind": "station"})


@require_GET
def deputy_qr(request, pk):
    deputy = get_object_or_404(public_deputies(), pk=pk)
    url = request.build_absolute_uri(reverse("stations_public:deputy", args=[deputy.pk]))
    response = HttpResponse(qr_svg_bytes(url), content_type="image/svg+xml")
    response["Content-Disposition"] = f'inline; filename="deputy-{deputy.pk}.svg"'
    return response


@require_GET
def station_qr(request, code):
    station = get_object_or_404(public_stations(), code=code)
    url = request.build_absolute_uri(reverse("stations_public:station", args=[station.code]))
    response = HttpResponse(qr_svg_bytes(url), content_type="image/svg+xml")
    response["Content-Disposition"] = f'inline; filename="station-{station.code}.svg"'
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def issue_lookup(request):
    """The code is POSTed, never in a URL (no history, no referrer, no log line carries it). An
    unknown code and a throttled address get the same form back; nothing says whether a code exists."""
    lookup = LookupForm(request.POST or None)
    if request.method != "POST":
        return render(request, "deputies/public/lookup.html", {"form": lookup})
    if not lookup.is_valid():
        services.note_lookup_failure(request)
        return render(request, "deputies/public/lookup.html", {"form": lookup}, status=400)
    try:
        issue = services.find_issue_by_code(request=request, code=lookup.cleaned_data["code"])
    except ValidationError as error:
        put_refusal_on_form(lookup, error)
        return render(request, "deputies/public/lookup.html", {"form": lookup}, status=429)
    if issue is None:
        lookup.add_error("code", ValidationError(_("No issue has this code. Check the code on your slip."),
                                                 code="unknown"))
        return render(request, "deputies/public/lookup.html", {"form": lookup}, status=404)
    template, context = lookup_page(issue, lookup.cleaned_data["code"])
    return render(request, template, context)


def lookup_page(issue, code, failed=None) -> tuple[str, dict]:
    """The issue as the resident follows it, and the rating form once the answer is in."""
    context = {"issue": issue}
    if rules.can_rate_issue(issue):
        context["rate_form"] = offer(failed, "rate", RateIssueForm, initial={"code": code})
    return "deputies/public/lookup.html", context


@method_decorator(never_cache, name="dispatch")
class RateIssueView(ActionView):
    """The resident rates the answer, with the lookup code again (no login, no code in a URL). A
    code that finds nothing, or an address past the lookup limit, is a 404: nothing tells which."""

    form_class = RateIssueForm
    page_key = "rate"

    def get_object(self):
        lookup = LookupForm(self.request.POST)
        if not lookup.is_valid():
            services.note_lookup_failure(self.request)
            raise Http404
        try:
            issue = services.find_issue_by_code(request=self.request, code=lookup.cleaned_data["code"])
        except ValidationError:
            raise Http404 from None
        if issue is None:
            raise Http404
        return issue

    def perform(self, issue, form):
        services.rate_issue(issue, rating=form.cleaned_data["rating"], comment=form.cleaned_data["comment"])
        return _("Thank you: your rating was recorded.")

    def succeeded(self, issue, form, message):
        messages.success(self.request, message)
        issue.refresh_from_db()
        template, context = lookup_page(issue, form.cleaned_data["code"])
        return render(self.request, template, context)

    def refusal_status(self, form) -> int:
        return 400

    def page(self, issue, failed):
        return lookup_page(issue, self.request.POST.get("code", ""), failed)


class RateReportBackView(PublicFormView):
    """A resident at the meeting rates the deputy's report on the phone, through the meeting's QR link."""

    form_class = RateReportBackForm
    page_key = "rating"

    def get_object(self):
        report_back = ReportBack.objects.filter(rating_digest=hash_code(self.kwargs["token"]),
                                                rating_open=True).select_related("deputy").first()
        if report_back is None:
            raise Http404
        return report_back

    def perform(self, report_back, form):
        services.rate_report_back_by_phone(request=self.request, token=self.kwargs["token"], **form.cleaned_data)
        return _("Thank you: your rating is counted.")

    def succeeded(self, report_back, form, message):
        return render(self.request, "deputies/public/rate_report_back.html", {"report_back": report_back,
                                                                             "done": True})

    def page(self, report_back, failed):
        return "deputies/public/rate_report_back.html", {
            "report_back": report_back, "form": offer(failed, "rating", RateReportBackForm)}


@require_GET
def published_report_backs(request):
    rows = ReportBack.objects.filter(status=ReportBack.Status.PUBLISHED).select_related("deputy").order_by(
        "-year", "deputy__name")[:500]
    return render(request, "deputies/public/report_backs.html", {"report_backs": rows})
