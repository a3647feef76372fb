"""Public pages (no login), mounted at /p/oversight/: the call for topic proposals (rate-limited
per address), the published plan with where each proposal went, and published ratings."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from congress import security
from congress.models import AuditEvent
from oversight import forms, services
from oversight.models import OversightPlan, SatisfactionVote, Topic, TopicProposal


def _too_many(request) -> bool:
    """Proposals from this address in the last hour, counted from the audit rows (the database, not a
    per-process cache)."""
    since = timezone.now() - timedelta(hours=1)
    count = AuditEvent.objects.filter(action="oversight.proposal.submit", created_at__gte=since,
                                      data__ip=security.client_ip(request)).count()
    return count >= settings.OVERSIGHT_PUBLIC_PROPOSALS_PER_HOUR


def _year(year: int) -> int:
    if not 2000 <= year <= 2100:
        raise Http404
    return year


def propose(request, year):
    year = _year(year)
    plan = get_object_or_404(OversightPlan.objects.all(), year=year)
    if not plan.call_is_open():
        raise Http404
    form = forms.ProposalForm(request.POST or None)
    status, done = 200, False
    if request.method == "POST":
        if _too_many(request):
            return render(request, "oversight/public/propose.html", {"plan": plan, "form": form, "limited": True},
                          status=429)
        if form.is_valid():
            try:
                services.submit_proposal(plan, source=TopicProposal.Source.RESIDENT, actor=None,
                                         ip=security.client_ip(request), **form.cleaned_data)
                done, form = True, forms.ProposalForm()
            except ValidationError as error:
                form.add_error(None, error)
                status = 400
        else:
            status = 400
    return render(request, "oversight/public/propose.html", {"plan": plan, "form": form, "done": done}, status=status)


def plan(request, year):
    year = _year(year)
    item = get_object_or_404(OversightPlan.objects.published(), year=year)
    topics = (Topic.objects.filter(plan=item).select_related("lead_committee", "meeting")
              .prefetch_related("target_units"))
    proposals = TopicProposal.objects.filter(plan=item).exclude(outcome=TopicProposal.Outcome.PENDING).select_related(
        "topic").only("title", "outcome", "topic__title", "outcome_note", "group_label")
    return render(request, "oversight/public/plan.html", {"plan": item, "topics": topics, "proposals": proposals})


def ratings(request):
    votes = SatisfactionVote.objects.published().select_related("topic").order_by("-published_at")[:200]
    return render(request, "oversight/public/ratings.html", {"votes": votes, "title": _("Published ratings")})
