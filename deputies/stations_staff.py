"""Staff pages of the stations' work, under /staff/deputies/: station schedules and shortfalls
(rule 27), the resident-issues board with routing (rule 28), the report-back plan (rule 29), and
each deputy's liaisons and voter monitors. Leaders read; office staff act (the services check).
Each page is a `..._page()` function shown by its GET view and, after a refusal, by the action
(deputies/stations_actions.py)."""

from django import forms
from django.conf import settings
from django.db.models import Count, Max, Q
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from congress.audit import timeline
from congress.bounds import parse_year
from congress.exports import Column
from congress.models import Station, Term
from congress.views import FilteredListView, PageView, StaffRequiredMixin
from deputies import stations_rules as rules
from deputies import stations_selectors as selectors
from deputies import stations_services as services
from deputies.models import Deputy, Liaison, Reception, ReportBack, ResidentIssue
from deputies.pages import offer
from deputies.stations_filtersets import ResidentIssueFilterSet
from deputies.stations_forms import (
    LiaisonForm,
    PaperRatingsForm,
    PlanForm,
    RecordReportBackForm,
    RouteForm,
    ScheduleForm,
)
from deputies.stations_qr import qr_svg


class StationListView(StaffRequiredMixin, View):
    """Every station with its next and last reception, and the rule-27 shortfalls."""

    def get(self, request):
        now = timezone.now()
        stations = (Station.objects.visible_to(request.user).active().annotate(
            next_at=Max("receptions__starts_at", filter=Q(receptions__status="scheduled",
                                                          receptions__starts_at__gte=now)),
            last_held=Max("receptions__starts_at", filter=Q(receptions__status="held")),
            upcoming=Count("receptions", filter=Q(receptions__status="scheduled", receptions__starts_at__gte=now))))
        return render(request, "deputies/stations/staff_stations.html", {
            "stations": stations,
            "shortfalls": selectors.station_shortfalls(),
            "deputies_short": selectors.deputies_without_visits(timezone.localdate().year)[:200],
            "max_days": settings.DEPUTIES_STATION_MAX_DAYS_WITHOUT_RECEPTION,
        })


def get_station(user, pk) -> Station:
    return get_object_or_404(Station.objects.visible_to(user), pk=pk)


def station_page(request, station, failed=None) -> tuple[str, dict]:
    """One station: its receptions, its QR code, and the schedule form for who may schedule."""
    receptions = (Reception.objects.visible_to(request.user).filter(station=station)
                  .prefetch_related("shifts__deputy").order_by("-starts_at")[:100])
    url = request.build_absolute_uri(reverse("stations_public:station", args=[station.code]))
    context = {"station": station, "receptions": receptions, "qr": qr_svg(url, scale=3)}
    if rules.can_schedule_reception(request.user, station):
        context["form"] = offer(failed, "schedule", ScheduleForm)
    return "deputies/stations/staff_station.html", context


class StationScheduleView(StaffRequiredMixin, PageView):
    load = get_station
    render_page = station_page


class ResidentIssueBoardView(FilteredListView):
    model = ResidentIssue
    filterset_class = ResidentIssueFilterSet
    template_name = "deputies/stations/staff_issues.html"
    export_name = "resident-issues"

    def export_columns(self, user):
        columns = [
            Column(_("Raised at"), lambda i: i.created_at),
            Column(_("Subject"), lambda i: i.subject),
            Column(_("Content"), lambda i: i.content),
            Column(_("Raised through"), lambda i: i.get_channel_display()),
            Column(_("Station"), lambda i: i.station),
            Column(_("Deputy"), lambda i: i.deputy),
            Column(_("Status"), lambda i: i.get_status_display()),
            Column(_("Route"), lambda i: i.get_route_display()),
            Column(_("Handling unit"), lambda i: i.unit),
            Column(_("Due on"), lambda i: i.due_on),
            Column(_("Answer"), lambda i: i.answer),
            Column(_("Resident's rating"), lambda i: i.get_rating_display()),
        ]
        if rules.can_see_resident_contact(user):
            columns += [Column(_("Resident's name"), lambda i: i.resident_name),
                        Column(_("Resident's contact details"), lambda i: i.resident_contact)]
        return columns

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["today"] = timezone.localdate()
        return context


def get_issue(user, pk) -> ResidentIssue:
    return get_object_or_404(ResidentIssue.objects.visible_to(user).for_list(), pk=pk)


def issue_page(request, issue, failed=None) -> tuple[str, dict]:
    context = {"issue": issue, "events": timeline(issue), "show_contact": rules.can_see_resident_contact(request.user),
               "default_due": rules.default_issue_due(), "latest_due": rules.latest_issue_due()}
    if rules.can_route_issue(request.user, issue):
        context["form"] = offer(failed, "route", RouteForm)
    return "deputies/stations/staff_issue.html", context


class ResidentIssueDetailView(StaffRequiredMixin, PageView):
    load = get_issue
    render_page = issue_page


def plan_year(value) -> int:
    return parse_year(value, timezone.localdate().year)


def plan_page(request, year, failed=None) -> tuple[str, dict]:
    """Rule 29: the year's plan (a share of all deputies), and who has not reported this term."""
    term = Term.current()
    rows = ReportBack.objects.visible_to(request.user).filter(year=year).select_related("deputy")
    missing = services.deputies_without_report_back(term).count() if term else 0
    serving = Deputy.objects.serving().filter(term=term).count() if term else 0
    context = {"year": year, "report_backs": rows, "term": term, "missing": missing, "serving": serving,
               "quota": rules.report_back_quota(serving), "share": settings.DEPUTIES_REPORT_BACK_SHARE}
    if rules.can_plan_report_backs(request.user):
        context["form"] = offer(failed, "plan", PlanForm, initial={"year": year})
    return "deputies/stations/staff_report_backs.html", context


class ReportBackPlanView(StaffRequiredMixin, View):
    def get(self, request):
        template, context = plan_page(request, plan_year(request.GET.get("year")))
        return render(request, template, context)


def get_report_back(user, pk) -> ReportBack:
    return get_object_or_404(ReportBack.objects.visible_to(user).select_related("deputy"), pk=pk)


def report_back_page(request, report_back, failed=None, token=None) -> tuple[str, dict]:
    """One report-back: record the meeting, enter paper ratings, publish, each when it may be done.
    `token` is the rating link's, shown once, right after the meeting is recorded."""
    user = request.user
    context = {"report_back": report_back, "events": timeline(report_back),
               "monitors": Liaison.objects.visible_to(user).filter(deputy=report_back.deputy,
                                                                   kind=Liaison.Kind.MONITOR, is_active=True)}
    if rules.can_record_report_back(user, report_back):
        context["record_form"] = offer(failed, "record", RecordReportBackForm)
    if rules.can_rate_report_back(report_back) and rules.is_office(user):
        context["paper_form"] = offer(failed, "paper", PaperRatingsForm)
    if rules.can_publish_report_back(user, report_back):
        context["publish_form"] = offer(failed, "publish", forms.Form)
    if token:
        url = request.build_absolute_uri(reverse("stations_public:rate_report_back", args=[token]))
        context.update(rating_url=url, rating_qr=qr_svg(url, scale=5))
    return "deputies/stations/staff_report_back.html", context


class ReportBackDetailView(StaffRequiredMixin, PageView):
    load = get_report_back
    render_page = report_back_page


def get_deputy(user, pk) -> Deputy:
    return get_object_or_404(Deputy.objects.visible_to(user), pk=pk)


def liaisons_page(request, deputy, failed=None) -> tuple[str, dict]:
    """A deputy's liaisons (about three) and voter monitors, with their phones (staff only)."""
    context = {"deputy": deputy, "liaisons": Liaison.objects.visible_to(request.user).filter(deputy=deputy)}
    if rules.can_manage_liaisons(request.user):
        context["form"] = offer(failed, "liaison", LiaisonForm)
    return "deputies/stations/staff_liaisons.html", context


class LiaisonView(StaffRequiredMixin, PageView):
    load = get_deputy
    render_page = liaisons_page
