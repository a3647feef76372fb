"""The office's actions on the stations' pages: one POST view per service (congress.views.ActionView).
A refusal shows the page again (deputies/stations_staff.py) with the input and the service's message
on the form; the service's transaction saved nothing. Irreversible ones ask first (`confirm`)."""

from django.contrib import messages
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress.models import Term
from congress.views import ActionView, StaffRequiredMixin
from deputies import stations_services as services
from deputies import stations_staff as pages
from deputies.stations_forms import (
    LiaisonForm,
    PaperRatingsForm,
    PlanForm,
    RecordReportBackForm,
    RouteForm,
    ScheduleForm,
)


class ScheduleView(StaffRequiredMixin, ActionView):
    form_class = ScheduleForm
    page_key = "schedule"
    load = pages.get_station
    detail_url = "stations_staff:station"
    render_page = pages.station_page

    def perform(self, station, form):
        services.schedule_reception(actor=self.request.user, station=station, **form.cleaned_data)
        return _("The reception is scheduled and announced.")


class RouteIssueView(StaffRequiredMixin, ActionView):
    form_class = RouteForm
    page_key = "route"
    confirm = gettext_lazy("Route this issue? It cannot be routed again; a unit sent it is told at once.")
    load = pages.get_issue
    detail_url = "stations_staff:issue"
    render_page = pages.issue_page

    def perform(self, issue, form):
        services.route_issue(issue, actor=self.request.user, **form.cleaned_data)
        return _("The issue is routed.")


class PlanReportBacksView(StaffRequiredMixin, ActionView):
    form_class = PlanForm
    page_key = "plan"

    def get_object(self):
        return Term.current()

    def perform(self, term, form):
        self.year = form.cleaned_data["year"]
        services.plan_report_backs(actor=self.request.user, term=term, year=self.year)
        return _("The report-back plan is updated.")

    def success_url(self, term):
        return reverse("stations_staff:report_backs") + f"?year={self.year}"

    def page(self, term, failed):
        return pages.plan_page(self.request, pages.plan_year(failed.data.get("year")), failed)


class ReportBackAction(StaffRequiredMixin, ActionView):
    load = pages.get_report_back
    detail_url = "stations_staff:report_back"
    render_page = pages.report_back_page


class RecordReportBackView(ReportBackAction):
    form_class = RecordReportBackForm
    page_key = "record"
    confirm = gettext_lazy("Record this report-back? It opens for rating and cannot be recorded again.")

    def perform(self, report_back, form):
        self.token = services.record_report_back(report_back, actor=self.request.user, **form.cleaned_data)
        return _("The report-back is recorded. Show the QR code to the residents present; it is shown only now.")

    def succeeded(self, report_back, form, message):
        """The rating link is shown on this answer only (its digest is all that is kept)."""
        messages.success(self.request, message)
        report_back.refresh_from_db()
        template, context = pages.report_back_page(self.request, report_back, token=self.token)
        return render(self.request, template, context)


class PaperRatingsView(ReportBackAction):
    form_class = PaperRatingsForm
    page_key = "paper"
    confirm = gettext_lazy("Enter these paper ratings? Once entered they are counted and cannot be taken out.")

    def perform(self, report_back, form):
        services.add_paper_ratings(report_back, actor=self.request.user, **form.cleaned_data)
        return _("The paper ratings are entered.")


class PublishReportBackView(ReportBackAction):
    page_key = "publish"
    confirm = gettext_lazy("Publish the result? The count is final and the deputy is told at once.")

    def perform(self, report_back, form):
        services.publish_report_back(report_back, actor=self.request.user)
        return _("The result is published and sent to the deputy.")


class AddLiaisonView(StaffRequiredMixin, ActionView):
    form_class = LiaisonForm
    page_key = "liaison"
    load = pages.get_deputy
    detail_url = "stations_staff:liaisons"
    render_page = pages.liaisons_page

    def perform(self, deputy, form):
        services.add_liaison(actor=self.request.user, deputy=deputy, **form.cleaned_data)
        return _("Saved.")
