"""Portal pages, mounted at /portal/oversight/: deputies join activities; unit handlers report on
their findings with files and ask for more time."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from congress.attachments import ScopedDownloadView
from deputies.models import Deputy
from oversight import forms, rules, services
from oversight.models import Activity, Evidence, Finding, Topic
from oversight.surfaces import run_service

CARD = "oversight/portal/card.html"


def portal_cards(user) -> list[dict]:
    cards = []
    if user.is_authenticated and user.unit_id and user.in_role("unit_handler"):
        waiting = Finding.objects.visible_to(user).exclude(state=Finding.State.CLOSED).count()
        cards.append({"template": CARD, "title": _("Oversight findings"), "value": waiting,
                      "url": reverse("oversight_portal:findings")})
    if user.is_authenticated and Deputy.objects.filter(user=user).exists():
        cards.append({"template": CARD, "title": _("Oversight activities"), "value": None,
                      "url": reverse("oversight_portal:activities")})
    return cards


def portal_user(view):
    @login_required
    def wrapped(request, *args, **kwargs):
        if not request.user.has_perm("congress.access_portal"):
            raise Http404
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    return wrapped


@portal_user
def findings(request):
    rows = Finding.objects.visible_to(request.user).for_list().order_by("state", "due_on")
    return render(request, "oversight/portal/findings.html", {"findings": rows, "today": timezone.localdate()})


@portal_user
def finding(request, pk):
    item = get_object_or_404(Finding.objects.visible_to(request.user).for_list(), pk=pk)
    return render(request, "oversight/portal/finding.html", {
        "finding": item, "reports": item.reports.all(), "extensions": item.extensions.all(),
        "can_report": rules.can_report(request.user, item), "report_form": forms.ReportForm(),
        "extension_form": forms.ExtensionForm()})


@require_POST
@portal_user
def report(request, pk):
    item = get_object_or_404(Finding.objects.visible_to(request.user), pk=pk)
    back = reverse("oversight_portal:finding", args=[pk])
    return run_service(request, forms.ReportForm(request.POST, request.FILES), lambda d: services.report_on_finding(
        item, actor=request.user, outcome=d["outcome"], content=d["content"], plan=d["plan"],
        expected_on=d["expected_on"], reason=d["reason"], file=d["file"]), success=back, back=back)


@require_POST
@portal_user
def extension(request, pk):
    item = get_object_or_404(Finding.objects.visible_to(request.user), pk=pk)
    back = reverse("oversight_portal:finding", args=[pk])
    return run_service(request, forms.ExtensionForm(request.POST), lambda d: services.request_extension(
        item, actor=request.user, due_on=d["due_on"], reason=d["reason"]), success=back, back=back)


@portal_user
def activities(request):
    topics = Topic.objects.visible_to(request.user).published().exclude(stage=Topic.Stage.CLOSED)
    rows = (Activity.objects.filter(topic__in=topics, held_on__gte=timezone.localdate())
            .select_related("topic"))
    mine = set(request.user and Deputy.objects.filter(user=request.user)
               .values_list("oversight_participations__activity_id", flat=True))
    return render(request, "oversight/portal/activities.html", {"activities": rows, "mine": mine})


@require_POST
@portal_user
def sign_up(request, pk):
    topics = Topic.objects.visible_to(request.user)
    activity = get_object_or_404(Activity.objects.filter(topic__in=topics), pk=pk)
    back = reverse("oversight_portal:activities")
    from django import forms as django_forms

    return run_service(request, django_forms.Form(request.POST), lambda d: services.sign_up(
        activity, actor=request.user), success=back, back=back)


class EvidenceDownloadView(ScopedDownloadView):
    model = Evidence
    field_name = "file"
