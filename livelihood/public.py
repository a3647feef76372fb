"""Public pages (no login) under /p/livelihood/: propose and follow a project, the published
candidate list and result, the progress page, the residents' survey and its results.

Nothing here shows a resident's contact details. Forms are rate-limited in the database
(livelihood/limits.py) and refuse links and a filled honeypot field as spam.
"""

import secrets

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from congress.bounds import parse_id
from livelihood import forms, limits, selectors, services, voting
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


@require_http_methods(["GET", "POST"])
def propose(request, pk):
    cycle = _cycle(pk)
    form = forms.ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data.pop("website") or limits.looks_like_spam(data["title"], data["description"], data["place"]):
            form.add_error(None, _("Your proposal looks like spam: leave out links."))
        elif limits.is_limited(request, "proposal"):
            form.add_error(None, _("Too many submissions from this address; please try again later."))
        else:
            try:
                proposal = services.submit_proposal(cycle, source=Proposal.Source.RESIDENT, **data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                limits.count(request, "proposal")
                messages.success(request, _("Thank you. Keep this code to follow your proposal: %(code)s")
                                 % {"code": proposal.code})
                return redirect(reverse("livelihood_public:proposal_follow") + f"?code={proposal.code}")
    status = 429 if request.method == "POST" and form.non_field_errors() and limits.is_limited(request, "proposal") \
        else 200
    return render(request, "livelihood/public/propose.html", {"cycle": cycle, "form": form}, status=status)


def follow(request):
    code = (request.GET.get("code") or "").strip()[:16]
    proposal = Proposal.objects.select_related("cycle", "merged_into").filter(code=code).first() if code else None
    return render(request, "livelihood/public/follow.html", {"code": code, "proposal": proposal},
                  status=404 if code and proposal is None else 200)


@require_http_methods(["GET", "POST"])
def survey(request, pk):
    cycle = _cycle(pk)
    projects = list(cycle.projects.filter(status__in=Project.ADOPTED_STATUSES).order_by("position", "id"))
    form = forms.SurveyForm(request.POST or None, projects=projects)
    device = request.COOKIES.get(DEVICE_COOKIE) or secrets.token_urlsafe(18)
    if not cycle.is_survey_open:
        return render(request, "livelihood/public/survey.html", {"cycle": cycle, "closed": True}, status=200)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data.get("website"):
            form.add_error(None, _("Your answer looks like spam."))
        elif limits.is_limited(request, "survey"):
            form.add_error(None, _("Too many submissions from this address; please try again later."))
        else:
            who = form.cleaned_data["phone"] if settings.LIVELIHOOD_SURVEY_ONE_PER == "phone" else device
            saved, refused = 0, []
            for project, rating in form.ratings():
                try:
                    services.submit_survey_response(project, respondent=who, rating=rating)
                    saved += 1
                except ValidationError:
                    refused.append(project.name)
            if saved:
                limits.count(request, "survey")
                services.request_rollup(cycle)
            if refused:
                messages.warning(request, _("Already answered from this phone or device: %(names)s")
                                 % {"names": "、".join(refused)})
            if saved:
                messages.success(request, _("Thank you for your answers."))
            response = redirect("livelihood_public:cycle_detail", pk=cycle.pk)
            response.set_cookie(DEVICE_COOKIE, device, max_age=400 * 86400, httponly=True, samesite="Lax",
                                secure=request.is_secure())
            return response
    response = render(request, "livelihood/public/survey.html", {"cycle": cycle, "form": form},
                      status=400 if request.method == "POST" else 200)
    response.set_cookie(DEVICE_COOKIE, device, max_age=400 * 86400, httponly=True, samesite="Lax",
                        secure=request.is_secure())
    return response


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
