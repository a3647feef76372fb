"""Public pages (no login, domain.md §5): each deputy's and station's page with its QR code, the
printable A4 poster, the message form, the resident's lookup by code, and the phone rating of a
report-back meeting. Only public information is shown: never a phone number, never a resident's
contact details. Every submission is rate-limited per address in the database (works with Redis
stopped); bad input re-renders the form with a 400, never a 500.
"""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from congress.models import Station
from deputies import stations_services as services
from deputies.models import Deputy, Reception, ReportBack, hash_code
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


def error_codes(error: ValidationError) -> set[str]:
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    return {e.code for e in error.error_list}


def _add_service_error(form, error: ValidationError):
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _message(request, *, deputy=None, station=None, page_url):
    """The shared POST handling of both QR pages: 200 with the code, or the form again with 400."""
    form = PublicMessageForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                issue, code = services.submit_public_message(
                    request=request, deputy=deputy, station=station, **{
                        k: form.cleaned_data[k] for k in ("subject", "content", "resident_name", "resident_contact")})
            except ValidationError as error:
                _add_service_error(form, error)
                status = 429 if "rate_limited" in error_codes(error) else 400
                return form, status, None
            return None, 200, code
        return form, 400, None
    return form, 200, None


@never_cache
@require_http_methods(["GET", "POST"])
def deputy_page(request, pk):
    deputy = get_object_or_404(public_deputies(), pk=pk)
    url = request.build_absolute_uri(reverse("stations_public:deputy", args=[deputy.pk]))
    form, status, code = _message(request, deputy=deputy, page_url=url)
    return render(request, "deputies/public/deputy.html", {
        "deputy": deputy, "qr": qr_svg(url, scale=4), "page_url": url, "form": form, "code": code,
        "receptions": _upcoming([deputy.station_id]) if deputy.station_id else [],
    }, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def station_page(request, code):
    station = get_object_or_404(public_stations(), code=code)
    url = request.build_absolute_uri(reverse("stations_public:station", args=[station.code]))
    form, status, lookup = _message(request, station=station, page_url=url)
    return render(request, "deputies/public/station.html", {
        "station": station, "qr": qr_svg(url, scale=4), "page_url": url, "form": form, "code": lookup,
        "deputies": public_deputies().filter(station=station), "receptions": _upcoming([station.pk]),
    }, status=status)


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
    issue, rate_form, status = None, None, 200
    if request.method == "POST":
        if not lookup.is_valid():
            services.note_lookup_failure(request)
            return render(request, "deputies/public/lookup.html", {"form": lookup}, status=400)
        code = lookup.cleaned_data["code"]
        try:
            issue = services.find_issue_by_code(request=request, code=code)
        except ValidationError as error:
            _add_service_error(lookup, error)
            return render(request, "deputies/public/lookup.html", {"form": lookup}, status=429)
        if issue is None:
            lookup.add_error("code", ValidationError(_not_found(), code="unknown"))
            return render(request, "deputies/public/lookup.html", {"form": lookup}, status=404)
        if "rating" in request.POST:
            rate_form = RateIssueForm(request.POST)
            if rate_form.is_valid():
                try:
                    issue = services.rate_issue(issue, rating=rate_form.cleaned_data["rating"],
                                                comment=rate_form.cleaned_data["comment"])
                    rate_form = None
                except ValidationError as error:
                    _add_service_error(rate_form, error)
                    status = 400
            else:
                status = 400
        elif issue.status == issue.Status.ANSWERED and not issue.rating:
            rate_form = RateIssueForm(initial={"code": code})
    return render(request, "deputies/public/lookup.html", {
        "form": lookup, "issue": issue, "rate_form": rate_form}, status=status)


def _not_found():
    from django.utils.translation import gettext

    return gettext("No issue has this code. Check the code on your slip.")


@never_cache
@require_http_methods(["GET", "POST"])
def rate_report_back(request, token):
    report_back = ReportBack.objects.filter(rating_digest=hash_code(token), rating_open=True).select_related(
        "deputy").first()
    if report_back is None:
        raise Http404
    form = RateReportBackForm(request.POST or None)
    done, status = False, 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.rate_report_back_by_phone(request=request, token=token, **form.cleaned_data)
                done = True
            except ValidationError as error:
                _add_service_error(form, error)
                status = 400
        else:
            status = 400
    return render(request, "deputies/public/rate_report_back.html", {
        "report_back": report_back, "form": form, "done": done}, status=status)


@require_GET
def published_report_backs(request):
    rows = ReportBack.objects.filter(status=ReportBack.Status.PUBLISHED).select_related("deputy").order_by(
        "-year", "deputy__name")[:500]
    return render(request, "deputies/public/report_backs.html", {"report_backs": rows})
