"""Phone portal pages of the stations' work, under /portal/deputies/.

Deputy: my shifts, messages from residents (never their contact details), my QR code, my
report-backs. Station keeper: the station's schedule, record a held reception and what residents
raised. Unit handler: the resident issues sent to the unit, and the answer. Every read starts from
`visible_to(user)`; anything outside is 404; every POST calls one service and a refusal re-renders
the form with the service's message (status 400) and nothing saved.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from congress import roles
from deputies import stations_rules as rules
from deputies import stations_services as services
from deputies.models import Deputy, Reception, ReportBack, ResidentIssue
from deputies.public.views import _add_service_error
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


@portal
def station_schedule(request):
    station = _kept_station(request)
    form = ScheduleForm(request.POST or None, deputies=Deputy.objects.serving())
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.schedule_reception(actor=request.user, station=station, **form.cleaned_data)
                messages.success(request, _("The reception is scheduled and announced."))
                return redirect("stations_portal:station_schedule")
            except ValidationError as error:
                _add_service_error(form, error)
        status = 400
    receptions = (Reception.objects.visible_to(request.user).filter(station=station)
                  .prefetch_related("shifts__deputy").order_by("-starts_at")[:60])
    return render(request, "deputies/stations/station_schedule.html", {
        "station": station, "receptions": receptions, "form": form}, status=status)


@portal
def reception_record(request, pk):
    reception = get_object_or_404(Reception.objects.visible_to(request.user).select_related("station"), pk=pk)
    if not (rules.is_office(request.user) or rules.keeps_station(request.user, reception.station_id)):
        raise Http404
    record_form = RecordReceptionForm(reception=reception)
    issue_form = ReceptionIssueForm()
    status, code = 200, None
    if request.method == "POST":
        try:
            if request.POST.get("action") == "issue":
                issue_form = ReceptionIssueForm(request.POST)
                if not issue_form.is_valid():
                    raise ValidationError(_("Correct the errors below."), code="invalid")
                _issue, code = services.raise_issue_at_reception(reception, actor=request.user,
                                                                  **issue_form.cleaned_data)
                issue_form = ReceptionIssueForm()
                messages.success(request, _("The issue is recorded. Give the resident the lookup code."))
            else:
                record_form = RecordReceptionForm(request.POST, reception=reception)
                if not record_form.is_valid():
                    raise ValidationError(_("Correct the errors below."), code="invalid")
                data = record_form.cleaned_data
                services.record_reception(reception, actor=request.user, attended_ids=[d.pk for d in data["attended"]],
                                          note=data["note"], residents_received=data["residents_received"])
                messages.success(request, _("The reception is recorded."))
                return redirect("stations_portal:reception_record", pk=reception.pk)
        except PermissionDenied:
            raise
        except ValidationError as error:
            target = issue_form if request.POST.get("action") == "issue" else record_form
            if getattr(error, "code", None) != "invalid":
                _add_service_error(target, error)
            status = 400
        reception.refresh_from_db()
    issues = _issues_for(request.user).filter(reception=reception)
    return render(request, "deputies/stations/reception_record.html", {
        "reception": reception, "record_form": record_form, "issue_form": issue_form, "code": code,
        "issues": issues, "can_record": rules.can_record_reception(request.user, reception),
        "shifts": reception.shifts.select_related("deputy")}, status=status)


# --------------------------------------------------------------------------- unit handler


def _unit_issues(request):
    user = request.user
    if not (user.unit_id and user.in_role(roles.UNIT_HANDLER)):
        raise Http404
    return _issues_for(user)


@portal
def unit_issues(request):
    issues = _unit_issues(request).order_by("status", "due_on", "id")[:200]
    return render(request, "deputies/stations/unit_issues.html", {"issues": issues, "today": timezone.localdate()})


@portal
def unit_issue(request, pk):
    issue = get_object_or_404(_unit_issues(request), pk=pk)
    form = AnswerForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.answer_issue(issue, actor=request.user, answer=form.cleaned_data["answer"])
                messages.success(request, _("Your answer is sent; the resident can read it with the lookup code."))
                return redirect("stations_portal:unit_issue", pk=issue.pk)
            except ValidationError as error:
                _add_service_error(form, error)
        status = 400
    return render(request, "deputies/stations/unit_issue.html", {
        "issue": issue, "form": form, "can_answer": rules.can_answer_issue(request.user, issue)}, status=status)


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
