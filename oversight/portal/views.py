"""Portal pages, mounted at /portal/oversight/: deputies join activities; unit handlers report on
their findings with files and ask for more time. Each POST is one ActionView: a refusal shows the
page again with what was typed and the message on the form."""

from django import forms as django_forms
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.attachments import ScopedDownloadView
from congress.views import ActionView, PortalRequiredMixin, form_on_page
from deputies.models import Deputy
from oversight import forms, rules, services
from oversight.models import Activity, Evidence, Finding, Topic

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


def offer(failed, key, form_class, **kwargs):
    return form_on_page(failed, key, lambda: form_class(auto_id=f"{key}_%s", **kwargs))


@portal_user
def findings(request):
    rows = Finding.objects.visible_to(request.user).for_list().order_by("state", "due_on")
    return render(request, "oversight/portal/findings.html", {"findings": rows, "today": timezone.localdate()})


def get_finding(user, pk):
    return get_object_or_404(Finding.objects.visible_to(user).for_list(), pk=pk)


def finding_page(request, finding, failed=None) -> tuple[str, dict]:
    """One finding of my unit: what must be done, our reports, and the forms while it is open."""
    context = {"finding": finding, "reports": finding.reports.all(), "extensions": finding.extensions.all()}
    if rules.can_report(request.user, finding):
        context["report_form"] = offer(failed, "report", forms.ReportForm)
        context["extension_form"] = offer(failed, "extension", forms.ExtensionForm)
    return "oversight/portal/finding.html", context


@portal_user
def finding(request, pk):
    return render(request, *finding_page(request, get_finding(request.user, pk)))


class FindingAction(PortalRequiredMixin, ActionView):
    load = get_finding
    detail_url = "oversight_portal:finding"
    render_page = finding_page


class ReportView(FindingAction):
    """回告: done, in progress (with a plan and a date) or cannot be done (with the reason)."""

    form_class = forms.ReportForm
    page_key = "report"

    def perform(self, finding, form):
        services.report_on_finding(finding, actor=self.request.user, **form.cleaned_data)
        return _("Your report was sent to the office.")


class ExtensionView(FindingAction):
    form_class = forms.ExtensionForm
    page_key = "extension"

    def perform(self, finding, form):
        services.request_extension(finding, actor=self.request.user, due_on=form.cleaned_data["due_on"],
                                   reason=form.cleaned_data["reason"])
        return _("More time requested; the office will decide.")


def activities_page(request, failed=None) -> tuple[str, dict]:
    """Activities still to come on the published plan's open topics; a deputy signs up for each."""
    topics = Topic.objects.visible_to(request.user).published().exclude(stage=Topic.Stage.CLOSED)
    rows = list(Activity.objects.filter(topic__in=topics, held_on__gte=timezone.localdate()).select_related("topic"))
    mine = set(Deputy.objects.filter(user=request.user).values_list("oversight_participations__activity_id",
                                                                    flat=True))
    for activity in rows:
        if activity.pk not in mine:
            activity.form = offer(failed, f"signup{activity.pk}", django_forms.Form)
    return "oversight/portal/activities.html", {"activities": rows, "mine": mine}


@portal_user
def activities(request):
    return render(request, *activities_page(request))


class SignUpView(PortalRequiredMixin, ActionView):
    form_class = django_forms.Form

    def get_page_key(self):
        return f"signup{self.kwargs['pk']}"

    def get_object(self):
        # any activity of a topic the deputy may see: the service says why a closed one is refused
        topics = Topic.objects.visible_to(self.request.user)
        return get_object_or_404(Activity.objects.filter(topic__in=topics), pk=self.kwargs["pk"])

    def perform(self, activity, form):
        services.sign_up(activity, actor=self.request.user)
        return _("Signed up for %(title)s.") % {"title": activity.title}

    def success_url(self, activity):
        return reverse("oversight_portal:activities")

    def page(self, activity, failed):
        return activities_page(self.request, failed)


class EvidenceDownloadView(ScopedDownloadView):
    model = Evidence
    field_name = "file"
