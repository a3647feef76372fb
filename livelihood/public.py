"""Public pages (no login) under /p/livelihood/: propose and follow a project, the published
candidate list and result, the progress page, the residents' survey and its results.

Nothing here shows a resident's contact details. Forms are rate-limited in the database
(livelihood/limits.py) and refuse links and a filled honeypot field as spam.
"""

import secrets

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from congress.bounds import parse_id
from congress.views import ActionView, form_on_page
from livelihood import forms, limits, rules, selectors, services, voting
from livelihood.models import Cycle, Project, Proposal

DEVICE_COOKIE = "livelihood_device"


def _cycle(pk):
    return get_object_or_404(Cycle.objects.published(), pk=pk)


def index(request):
    return render(request, "livelihood/public/index.html", {"cycles": Cycle.objects.published()})


def cycle_detail(request, pk):
    cycle = _cycle(pk)
    projects = list(Project.objects.visible_to(request.user).filter(cycle=cycle).select_related("lead_unit")
                    .prefetch_related("subprojects")) if cycle.candidates_published_at else []
    adopted = [p for p in projects if p.is_adopted]
    overall, by_project, _by_unit = selectors.survey_summaries(cycle)
    return render(request, "livelihood/public/cycle.html", {
        "cycle": cycle, "candidates": projects, "adopted": adopted,
        "completion": selectors.completion_by_project(adopted),
        "cycle_completion": selectors.completion_of_cycle(cycle),
        "result": voting.public_result(cycle), "overall": overall, "by_project": by_project,
    })


class PublicFormView(ActionView):
    """A resident's form page (GET) and its POST at the same address, on a published cycle."""

    http_method_names = ["get", "post"]

    def get_object(self):
        return _cycle(self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        template, context = self.page(self.get_object(), None)
        return render(request, template, context)

    def refused(self, cycle, form):
        response = super().refused(cycle, form)
        if form.has_error(NON_FIELD_ERRORS, "rate_limited"):
            response.status_code = 429
        return response


def _too_many(request, kind):
    if limits.is_limited(request, kind):
        raise ValidationError(_("Too many submissions from this address; please try again later."),
                              code="rate_limited")


class ProposeView(PublicFormView):
    """群众点单: a resident proposes a project and gets the code to follow it."""

    form_class = forms.ProposalForm
    page_key = "propose"

    def page(self, cycle, failed):
        form = form_on_page(failed, "propose", lambda: forms.ProposalForm(auto_id="propose_%s"))
        return "livelihood/public/propose.html", {"cycle": cycle, "form": form}

    def perform(self, cycle, form):
        data = dict(form.cleaned_data)
        if data.pop("website") or limits.looks_like_spam(data["title"], data["description"], data["place"]):
            raise ValidationError(_("Your proposal looks like spam: leave out links."), code="spam")
        _too_many(self.request, "proposal")
        self.proposal = services.submit_proposal(cycle, source=Proposal.Source.RESIDENT, **data)
        limits.count(self.request, "proposal")
        return _("Thank you. Keep this code to follow your proposal: %(code)s") % {"code": self.proposal.code}

    def success_url(self, cycle):
        return reverse("livelihood_public:proposal_follow") + f"?code={self.proposal.code}"


def follow(request):
    code = (request.GET.get("code") or "").strip()[:16]
    proposal = Proposal.objects.select_related("cycle", "merged_into").filter(code=code).first() if code else None
    return render(request, "livelihood/public/follow.html", {"code": code, "proposal": proposal},
                  status=404 if code and proposal is None else 200)


class SurveyView(PublicFormView):
    """The residents' survey (rule 23): one answer per project per phone or per device, a setting."""

    form_class = forms.SurveyForm
    page_key = "survey"

    def dispatch(self, request, *args, **kwargs):
        self.device = request.COOKIES.get(DEVICE_COOKIE) or secrets.token_urlsafe(18)
        response = super().dispatch(request, *args, **kwargs)
        response.set_cookie(DEVICE_COOKIE, self.device, max_age=400 * 86400, httponly=True, samesite="Lax",
                            secure=request.is_secure())
        return response

    @staticmethod
    def projects(cycle):
        return list(cycle.projects.filter(status__in=Project.ADOPTED_STATUSES).order_by("position", "id"))

    def form_kwargs(self, cycle):
        return {"projects": self.projects(cycle)}

    def page(self, cycle, failed):
        if not cycle.is_survey_open:
            return "livelihood/public/survey.html", {"cycle": cycle, "closed": True}
        form = form_on_page(failed, "survey", lambda: forms.SurveyForm(projects=self.projects(cycle),
                                                                       auto_id="survey_%s"))
        return "livelihood/public/survey.html", {"cycle": cycle, "form": form}

    def perform(self, cycle, form):
        rules.can_answer_survey(cycle).enforce()
        if form.cleaned_data.get("website"):
            raise ValidationError(_("Your answer looks like spam."), code="spam")
        _too_many(self.request, "survey")
        who = form.cleaned_data["phone"] if settings.LIVELIHOOD_SURVEY_ONE_PER == "phone" else self.device
        refused = []
        for project, rating in form.ratings():
            try:
                services.submit_survey_response(project, respondent=who, rating=rating)
            except ValidationError:
                refused.append(project.name)
        answered = _("Already answered from this phone or device: %(names)s") % {"names": "、".join(refused)}
        if len(refused) == len(form.ratings()):
            raise ValidationError(answered, code="duplicate")
        limits.count(self.request, "survey")
        services.request_rollup(cycle)
        if refused:
            messages.warning(self.request, answered)
        return _("Thank you for your answers.")

    def success_url(self, cycle):
        return reverse("livelihood_public:cycle_detail", args=[cycle.pk])


def receipt(request, pk):
    """Look a ballot receipt up once the result is published (the shared ballot machinery answers)."""
    cycle = _cycle(pk)
    code = (request.GET.get("receipt") or "").strip()[:64]
    found = voting.lookup_receipt(cycle, code) if code else None
    return render(request, "livelihood/public/receipt.html", {"cycle": cycle, "code": code, "found": found})


def project_detail(request, pk):
    pk = parse_id(pk)
    project = get_object_or_404(Project.objects.visible_to(request.user).select_related("cycle", "lead_unit"), pk=pk)
    return render(request, "livelihood/public/project.html", {
        "project": project, "reports": project.progress_reports.all()[:20],
        "subprojects": project.subprojects.all(), "milestones": project.milestones.all(),
        "completion": selectors.completion_by_project([project]).get(project.pk),
    })
