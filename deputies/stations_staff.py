"""Staff pages of the stations' work, under /staff/deputies/: station schedules and shortfalls
(rule 27), the resident-issues board with routing (rule 28), the report-back plan (rule 29), and
each deputy's liaisons and voter monitors. Leaders read; office staff act (the services check)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from congress.audit import timeline
from congress.exports import Column
from congress.models import Station, Term
from congress.views import FilteredListView, StaffRequiredMixin
from deputies import stations_rules as rules
from deputies import stations_selectors as selectors
from deputies import stations_services as services
from deputies.models import Deputy, Liaison, Reception, ReportBack, ResidentIssue
from deputies.public.views import _add_service_error
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


def _post(request, form, call, success: str, redirect_to):
    """One form, one service: success redirects with a message; a refusal keeps the input (400)."""
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, success)
            return redirect(redirect_to)
    return None


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


class StationScheduleView(StaffRequiredMixin, View):
    template = "deputies/stations/staff_station.html"

    def context(self, request, station, form):
        receptions = (Reception.objects.visible_to(request.user).filter(station=station)
                      .prefetch_related("shifts__deputy").order_by("-starts_at")[:100])
        url = request.build_absolute_uri(reverse("stations_public:station", args=[station.code]))
        return {"station": station, "receptions": receptions, "form": form, "qr": qr_svg(url, scale=3),
                "can_schedule": rules.can_schedule_reception(request.user, station)}

    def get(self, request, pk):
        station = get_object_or_404(Station.objects.visible_to(request.user), pk=pk)
        return render(request, self.template, self.context(request, station, ScheduleForm()))

    def post(self, request, pk):
        station = get_object_or_404(Station.objects.visible_to(request.user), pk=pk)
        form = ScheduleForm(request.POST)
        done = _post(request, form, lambda data: services.schedule_reception(actor=request.user, station=station,
                                                                             **data),
                     _("The reception is scheduled and announced."), request.path)
        return done or render(request, self.template, self.context(request, station, form), status=400)


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


class ResidentIssueDetailView(StaffRequiredMixin, View):
    template = "deputies/stations/staff_issue.html"

    def context(self, request, issue, form):
        return {"issue": issue, "form": form, "events": timeline(issue),
                "can_route": rules.can_route_issue(request.user, issue),
                "show_contact": rules.can_see_resident_contact(request.user),
                "default_due": rules.default_issue_due(), "latest_due": rules.latest_issue_due()}

    def get(self, request, pk):
        issue = get_object_or_404(ResidentIssue.objects.visible_to(request.user).for_list(), pk=pk)
        return render(request, self.template, self.context(request, issue, RouteForm()))

    def post(self, request, pk):
        issue = get_object_or_404(ResidentIssue.objects.visible_to(request.user).for_list(), pk=pk)
        form = RouteForm(request.POST)
        done = _post(request, form, lambda data: services.route_issue(issue, actor=request.user, **data),
                     _("The issue is routed."), request.path)
        return done or render(request, self.template, self.context(request, issue, form), status=400)


class ReportBackPlanView(StaffRequiredMixin, View):
    """Rule 29: this year's plan (a share of all deputies), and who has not reported this term."""

    template = "deputies/stations/staff_report_backs.html"

    def context(self, request, form, year):
        term = Term.current()
        rows = ReportBack.objects.visible_to(request.user).filter(year=year).select_related("deputy")
        missing = services.deputies_without_report_back(term).count() if term else 0
        serving = Deputy.objects.serving().filter(term=term).count() if term else 0
        return {"form": form, "year": year, "report_backs": rows, "term": term, "missing": missing,
                "serving": serving, "quota": rules.report_back_quota(serving),
                "share": settings.DEPUTIES_REPORT_BACK_SHARE}

    def _year(self, request):
        value = request.GET.get("year", "")
        return int(value) if value.isascii() and value.isdigit() and 2000 <= int(value) <= 2100 \
            else timezone.localdate().year

    def get(self, request):
        year = self._year(request)
        return render(request, self.template, self.context(request, PlanForm(initial={"year": year}), year))

    def post(self, request):
        form = PlanForm(request.POST)
        term = Term.current()
        done = _post(request, form, lambda data: services.plan_report_backs(actor=request.user, term=term,
                                                                            year=data["year"]),
                     _("The report-back plan is updated."),
                     f"{request.path}?year={form.data.get('year', '')}" if form.is_valid() else request.path)
        if term is None:
            form.add_error(None, _("There is no current term."))
        return done or render(request, self.template, self.context(request, form, self._year(request)), status=400)


class ReportBackDetailView(StaffRequiredMixin, View):
    template = "deputies/stations/staff_report_back.html"
    FORMS = {"record": RecordReportBackForm, "paper": PaperRatingsForm}
    rating_url = None

    def context(self, request, report_back, forms, token=None):
        context = {"report_back": report_back, "events": timeline(report_back), **forms}
        context["can_record"] = rules.can_record_report_back(request.user, report_back)
        context["can_rate"] = rules.can_rate_report_back(report_back)
        context["can_publish"] = rules.can_publish_report_back(request.user, report_back)
        context["monitors"] = Liaison.objects.visible_to(request.user).filter(
            deputy=report_back.deputy, kind=Liaison.Kind.MONITOR, is_active=True)
        if token:
            url = request.build_absolute_uri(reverse("stations_public:rate_report_back", args=[token]))
            context.update(rating_url=url, rating_qr=qr_svg(url, scale=5))
        return context

    def _get(self, request, pk):
        return get_object_or_404(ReportBack.objects.visible_to(request.user).select_related("deputy"), pk=pk)

    def get(self, request, pk):
        report_back = self._get(request, pk)
        forms = {"record_form": RecordReportBackForm(), "paper_form": PaperRatingsForm()}
        return render(request, self.template, self.context(request, report_back, forms))

    def post(self, request, pk):
        report_back = self._get(request, pk)
        action = request.POST.get("action")
        forms = {"record_form": RecordReportBackForm(), "paper_form": PaperRatingsForm()}
        try:
            if action == "record":
                form = forms["record_form"] = RecordReportBackForm(request.POST)
                if form.is_valid():
                    token = services.record_report_back(report_back, actor=request.user, **form.cleaned_data)
                    report_back.refresh_from_db()
                    messages.success(request, _("The report-back is recorded. Show the QR code to the residents "
                                                "present; it is shown only now."))
                    return render(request, self.template, self.context(request, report_back, forms, token))
            elif action == "paper":
                form = forms["paper_form"] = PaperRatingsForm(request.POST)
                if form.is_valid():
                    services.add_paper_ratings(report_back, actor=request.user, **form.cleaned_data)
                    messages.success(request, _("The paper ratings are entered."))
                    return redirect(request.path)
            elif action == "publish":
                services.publish_report_back(report_back, actor=request.user)
                messages.success(request, _("The result is published and sent to the deputy."))
                return redirect(request.path)
            else:
                form = forms["record_form"]
                form.add_error(None, _("Unknown action."))
        except ValidationError as error:
            target = forms["paper_form"] if action == "paper" else forms["record_form"]
            _add_service_error(target, error)
        return render(request, self.template, self.context(request, report_back, forms), status=400)


class LiaisonView(StaffRequiredMixin, View):
    """A deputy's liaisons (about three) and voter monitors, with their phones (staff only)."""

    template = "deputies/stations/staff_liaisons.html"

    def context(self, request, deputy, form):
        return {"deputy": deputy, "form": form,
                "liaisons": Liaison.objects.visible_to(request.user).filter(deputy=deputy)}

    def get(self, request, pk):
        deputy = get_object_or_404(Deputy.objects.visible_to(request.user), pk=pk)
        return render(request, self.template, self.context(request, deputy, LiaisonForm()))

    def post(self, request, pk):
        deputy = get_object_or_404(Deputy.objects.visible_to(request.user), pk=pk)
        form = LiaisonForm(request.POST)
        done = _post(request, form, lambda data: services.add_liaison(actor=request.user, deputy=deputy, **data),
                     _("Saved."), request.path)
        return done or render(request, self.template, self.context(request, deputy, form), status=400)
