"""Phone portal pages of the stations' work, under /portal/deputies/.

Deputy: my shifts, messages from residents (never their contact details), my QR code, my
report-backs. Station keeper: the station's schedule, record a held reception and what residents
raised. Unit handler: the resident issues sent to the unit, and the answer. Every read starts from
`visible_to(user)`; anything outside is 404; every POST is an ActionView calling one service, and a
refusal shows the page again with the input and the service's message on the form, nothing saved.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress import roles
from congress.views import ActionView, PortalRequiredMixin
from deputies import stations_rules as rules
from deputies import stations_services as services
from deputies.models import Deputy, Reception, ReportBack, ResidentIssue
from deputies.pages import offer
from deputies.stations_forms import AnswerForm, ReceptionIssueForm, RecordReceptionForm, ScheduleForm
from deputies.stations_qr import qr_svg

portal_required = [login_required, permission_required("congress.access_portal", raise_exception=True)]

# The columns deputy, keeper and unit pages may load: never the resident's contact details.
PUBLIC_ISSUE_FIELDS = ("id", "channel", "station__name", "deputy__name", "subject", "content", "status", "route",
                       "unit__name", "due_on", "answer", "answered_at", "rating", "created_at", "route_note",
                       "reception_id", "resident_name", "deputy_id", "unit_id", "station_id")


def portal(view):
    for decorator in reversed(portal_required):
        view = decorator(view)
    return view


def _deputy(request) -> Deputy:
    deputy = rules.deputy_of(request.user)
    if deputy is None:
        raise Http404
    return deputy


def _issues_for(user):
    """Scoped issues without the contact column, so no template can show it by mistake."""
    return ResidentIssue.objects.visible_to(user).defer("resident_contact").select_related("station", "deputy", "unit")


# --------------------------------------------------------------------------- deputy


@portal
def my_shifts(request):
    deputy = _deputy(request)
    shifts = (Reception.objects.visible_to(request.user).filter(shifts__deputy=deputy).select_related("station")
              .prefetch_related("shifts__deputy").order_by("-starts_at")[:100])
    return render(request, "deputies/stations/my_shifts.html", {"receptions": shifts, "now": timezone.now()})


@portal
def my_messages(request):
    deputy = _deputy(request)
    issues = _issues_for(request.user).filter(deputy=deputy)[:200]
    return render(request, "deputies/stations/my_messages.html", {"issues": issues})


@portal
def my_message(request, pk):
    _deputy(request)
    issue = get_object_or_404(_issues_for(request.user).select_related("reception"), pk=pk)
    return render(request, "deputies/stations/message_detail.html", {
        "issue": issue, "can_convert": rules.can_convert_issue(request.user, issue)})


@portal
def my_qr(request):
    deputy = _deputy(request)
    url = request.build_absolute_uri(reverse("stations_public:deputy", args=[deputy.pk]))
    return render(request, "deputies/stations/my_qr.html", {"deputy": deputy, "qr": qr_svg(url), "page_url": url})


@portal
def my_report_backs(request):
    deputy = _deputy(request)
    rows = ReportBack.objects.visible_to(request.user).filter(deputy=deputy)
    return render(request, "deputies/stations/my_report_backs.html", {"report_backs": rows})


# --------------------------------------------------------------------------- station keeper


def _kept_station(request):
    user = request.user
    if not (user.station_id and user.in_role(roles.STATION_KEEPER)):
        raise Http404
    return user.station


def schedule_page(request, station, failed=None) -> tuple[str, dict]:
    receptions = (Reception.objects.visible_to(request.user).filter(station=station)
                  .prefetch_related("shifts__deputy").order_by("-starts_at")[:60])
    return "deputies/stations/station_schedule.html", {
        "station": station, "receptions": receptions, "form": offer(failed, "schedule", ScheduleForm)}


@portal
def station_schedule(request):
    template, context = schedule_page(request, _kept_station(request))
    return render(request, template, context)


def get_reception(user, pk) -> Reception:
    """A reception of the keeper's own station (the office may open any)."""
    reception = get_object_or_404(Reception.objects.visible_to(user).select_related("station"), pk=pk)
    if not (rules.is_office(user) or rules.keeps_station(user, reception.station_id)):
        raise Http404
    return reception


def reception_page(request, reception, failed=None, code=None) -> tuple[str, dict]:
    """A shift: record it as held, and what residents raised. `code` is the lookup code of the
    issue just recorded, shown on this answer only (only its digest is kept)."""
    context = {"reception": reception, "code": code, "issues": _issues_for(request.user).filter(reception=reception),
               "shifts": reception.shifts.select_related("deputy")}
    if rules.can_record_reception(request.user, reception):
        context["record_form"] = offer(failed, "record", RecordReceptionForm, reception=reception)
    if reception.status != Reception.Status.CANCELLED:
        context["issue_form"] = offer(failed, "issue", ReceptionIssueForm)
    return "deputies/stations/reception_record.html", context


@portal
def reception_record(request, pk):
    template, context = reception_page(request, get_reception(request.user, pk))
    return render(request, template, context)


class KeeperScheduleView(PortalRequiredMixin, ActionView):
    form_class = ScheduleForm
    page_key = "schedule"

    def get_object(self):
        return _kept_station(self.request)

    def perform(self, station, form):
        services.schedule_reception(actor=self.request.user, station=station, **form.cleaned_data)
        return _("The reception is scheduled and announced.")

    def success_url(self, station):
        return reverse("stations_portal:station_schedule")

    def page(self, station, failed):
        return schedule_page(self.request, station, failed)


class ReceptionAction(PortalRequiredMixin, ActionView):
    load = get_reception
    detail_url = "stations_portal:reception_record"
    render_page = reception_page


class RecordReceptionView(ReceptionAction):
    form_class = RecordReceptionForm
    page_key = "record"
    confirm = gettext_lazy("Record this reception as held? The deputies who came earn its points; "
                           "it cannot be recorded again.")

    def form_kwargs(self, reception):
        return {"reception": reception}

    def perform(self, reception, form):
        data = form.cleaned_data
        services.record_reception(reception, actor=self.request.user, attended_ids=[d.pk for d in data["attended"]],
                                  note=data["note"], residents_received=data["residents_received"])
        return _("The reception is recorded.")


class RaiseIssueView(ReceptionAction):
    form_class = ReceptionIssueForm
    page_key = "issue"

    def perform(self, reception, form):
        _issue, self.code = services.raise_issue_at_reception(reception, actor=self.request.user,
                                                              **form.cleaned_data)
        return _("The issue is recorded. Give the resident the lookup code.")

    def succeeded(self, reception, form, message):
        """The lookup code goes on the resident's slip: shown on this answer, never in a URL."""
        messages.success(self.request, message)
        template, context = reception_page(self.request, reception, code=self.code)
        return render(self.request, template, context)


# --------------------------------------------------------------------------- unit handler


def _unit_issues(user):
    if not (user.unit_id and user.in_role(roles.UNIT_HANDLER)):
        raise Http404
    return _issues_for(user)


def get_unit_issue(user, pk) -> ResidentIssue:
    """An issue routed to the handler's own unit."""
    return get_object_or_404(_unit_issues(user), pk=pk)


@portal
def unit_issues(request):
    issues = _unit_issues(request.user).order_by("status", "due_on", "id")[:200]
    return render(request, "deputies/stations/unit_issues.html", {"issues": issues, "today": timezone.localdate()})


def unit_issue_page(request, issue, failed=None) -> tuple[str, dict]:
    context = {"issue": issue}
    if rules.can_answer_issue(request.user, issue):
        context["form"] = offer(failed, "answer", AnswerForm)
    return "deputies/stations/unit_issue.html", context


@portal
def unit_issue(request, pk):
    template, context = unit_issue_page(request, get_unit_issue(request.user, pk))
    return render(request, template, context)


class AnswerIssueView(PortalRequiredMixin, ActionView):
    form_class = AnswerForm
    page_key = "answer"
    confirm = gettext_lazy("Send this answer? The resident reads it with the lookup code; it cannot be changed.")
    load = get_unit_issue
    detail_url = "stations_portal:unit_issue"
    render_page = unit_issue_page

    def perform(self, issue, form):
        services.answer_issue(issue, actor=self.request.user, answer=form.cleaned_data["answer"])
        return _("Your answer is sent; the resident can read it with the lookup code.")


# --------------------------------------------------------------------------- home cards and tiles


def portal_cards(user, deputy) -> list[dict]:
    """The portal home's cards: a deputy's shifts, messages and QR code; a keeper's schedule; a
    unit's resident issues (each page two taps from home)."""
    cards = []
    if deputy is not None:
        unread = ResidentIssue.objects.filter(deputy=deputy, status=ResidentIssue.Status.NEW).count()
        next_shift = (Reception.objects.filter(shifts__deputy=deputy, status=Reception.Status.SCHEDULED,
                                               starts_at__gte=timezone.now()).select_related("station")
                      .order_by("starts_at").first())
        cards.append({"template": "deputies/stations/card_deputy.html", "new_messages": unread,
                      "next_shift": next_shift})
    if user.station_id and user.in_role(roles.STATION_KEEPER):
        cards.append({"template": "deputies/stations/card_keeper.html", "station": user.station})
    if user.unit_id and user.in_role(roles.UNIT_HANDLER):
        waiting = ResidentIssue.objects.filter(unit_id=user.unit_id, status=ResidentIssue.Status.ROUTED)
        cards.append({"template": "deputies/stations/card_unit.html", "waiting": waiting.count(),
                      "overdue": waiting.filter(due_on__lt=timezone.localdate()).count()})
    return cards


def staff_tiles(user) -> list[dict]:
    if not user.has_perm("congress.access_staff_ui"):
        return []
    issues = ResidentIssue.objects.visible_to(user)
    overdue = issues.filter(status=ResidentIssue.Status.ROUTED, due_on__lt=timezone.localdate()).count()
    url = reverse("stations_staff:issues")
    return [
        {"key": "deputies.issues_new", "label": _("Residents' issues to route"),
         "value": issues.filter(status=ResidentIssue.Status.NEW).count(), "url": url + "?status=new"},
        {"key": "deputies.issues_overdue", "label": _("Residents' issues overdue"), "value": overdue,
         "url": url + "?overdue=true", "warning": overdue > 0},
        {"key": "deputies.stations", "label": _("Station schedules"), "value": "→",
         "url": reverse("stations_staff:stations")},
        {"key": "deputies.report_backs", "label": _("Report-back plan"), "value": "→",
         "url": reverse("stations_staff:report_backs")},
    ]
