"""The generic ballot pages both loops link to: the voter's portal page (choose, review, cast, the
receipt once), the staff control page (open with the electorate preview, live turnout, close,
verify, publish, run-off), the paper-ballot double entry, the public result with the receipt
lookup and the receipts list, and the printable A4 announcement.

Results appear only on a published ballot, on every page (Ballot.public_result()).
"""

from __future__ import annotations

from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from congress import bounds
from congress.ballots import rules, services, tally
from congress.ballots.models import Ballot, BallotPaper, BallotParticipation, EntryBatch
from congress.fields import IntegerField

MARK_LABELS = {
    tally.YES: gettext_lazy("Yes"), tally.NO: gettext_lazy("No"), tally.ABSTAIN: gettext_lazy("Abstain"),
    tally.SATISFIED: gettext_lazy("Satisfied"), tally.BASICALLY: gettext_lazy("Basically satisfied"),
    tally.UNSATISFIED: gettext_lazy("Unsatisfied"),
}
OUTCOME_LABELS = {
    "adopted": gettext_lazy("Adopted"), "not_adopted": gettext_lazy("Not adopted"),
    "runoff": gettext_lazy("Tied at the cut-off: run-off"), **MARK_LABELS,
}


def ballot_pk(value) -> int:
    """An id in ASCII digits (`bounds.parse_id`), or 404: no "１２" full-width digits, no overflow."""
    pk = bounds.parse_id(value)
    if pk is None:
        raise Http404
    return pk


class PaperForm(forms.Form):
    """One radio group per option, in the ballot's order; the rule checks are the service's."""

    def __init__(self, ballot, *args, allow_blank=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.ballot = ballot
        choices = [(m, MARK_LABELS[m]) for m in tally.marks_for(ballot.kind)]
        self.options = list(ballot.options.all())
        for option in self.options:
            self.fields[f"o{option.pk}"] = forms.ChoiceField(
                label=option.label, choices=choices, widget=forms.RadioSelect, required=not allow_blank)

    def marks(self) -> dict:
        return {o.key: self.cleaned_data[f"o{o.pk}"] for o in self.options if self.cleaned_data.get(f"o{o.pk}")}

    def rows(self):
        return [(option, self[f"o{option.pk}"]) for option in self.options]

    def clean(self):
        cleaned = super().clean()
        if self.ballot.kind == Ballot.Kind.COMPETITIVE and not self.errors:
            yes = sum(1 for o in self.options if cleaned.get(f"o{o.pk}") == tally.YES)
            if yes > self.ballot.max_yes and not getattr(self, "allow_invalid", False):
                raise ValidationError(
                    _("You marked %(yes)d \"yes\"; at most %(n)d are allowed, or the paper is invalid.")
                    % {"yes": yes, "n": self.ballot.max_yes})
        return cleaned


def described(ballot, marks: dict) -> list[tuple]:
    options = {o.key: o for o in ballot.options.all()}
    ordered = sorted(marks.items(), key=lambda kv: options[kv[0]].position)
    return [(options[k].label, MARK_LABELS.get(v, v)) for k, v in ordered]


# --------------------------------------------------------------------------- portal (the voter)


def _requires(permission):
    """Signed in (else the sign-in page) and holding `permission` (else 403)."""
    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.has_perm(permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)
        return wrapped
    return decorate


_portal_required = _requires("congress.access_portal")
_staff_required = _requires("congress.access_staff_ui")


@_portal_required
def portal_list(request):
    """The ballots I am an elector of, and whether I have voted (never what)."""
    mine = Ballot.objects.filter(electors__user=request.user).order_by("-opened_at", "-id")[:50]
    voted = set(BallotParticipation.objects.filter(user=request.user, ballot__in=mine)
                .values_list("ballot_id", flat=True))
    return render(request, "congress/ballots/portal_list.html", {"ballots": mine, "voted": voted})


@never_cache
@_portal_required
def portal_ballot(request, ballot_id):
    """Choose (GET), review (POST step=review), cast (POST step=cast) and show the receipt once."""
    ballot = get_object_or_404(Ballot.objects.filter(electors__user=request.user), pk=ballot_pk(ballot_id))
    has_voted = BallotParticipation.objects.filter(ballot=ballot, user=request.user).exists()
    verdict = rules.can_cast(request.user, ballot, is_elector=True, has_voted=has_voted)
    context = {"ballot": ballot, "verdict": verdict, "has_voted": has_voted}
    if request.method != "POST" or not verdict:
        context["form"] = PaperForm(ballot) if verdict else None
        refused_post = request.method == "POST" and not verdict
        return render(request, "congress/ballots/portal_ballot.html", context, status=409 if refused_post else 200)
    form = PaperForm(ballot, request.POST)
    step = request.POST.get("step")
    if not form.is_valid() or step not in {"review", "cast"} or request.POST.get("change"):
        context["form"] = form if not request.POST.get("change") else PaperForm(ballot, initial=request.POST.dict())
        status = 200 if request.POST.get("change") else 400
        return render(request, "congress/ballots/portal_ballot.html", context, status=status)
    if step == "review":
        context.update(form=form, review=described(ballot, form.marks()))
        return render(request, "congress/ballots/portal_review.html", context)
    try:
        receipt = services.cast(ballot.pk, request.user, form.marks())
    except ValidationError as refused:
        context.update(form=None, refusal=refused.messages[0], verdict=rules.can_cast(
            request.user, ballot, is_elector=True, has_voted=True))
        return render(request, "congress/ballots/portal_ballot.html", context,
                      status=409 if refused.code == "already_voted" else 400)
    # The receipt is in this response only: not in the session, a message, a notification or a log.
    return render(request, "congress/ballots/portal_receipt.html", {"ballot": ballot, "receipt": receipt})


# --------------------------------------------------------------------------- staff


def _staff_ballot(request, ballot_id) -> Ballot:
    return get_object_or_404(Ballot.objects.visible_to(request.user), pk=ballot_pk(ballot_id))


@_staff_required
def staff_list(request):
    ballots = Ballot.objects.visible_to(request.user).select_related("content_type")
    status = request.GET.get("status")
    if status in Ballot.Status.values:
        ballots = ballots.filter(status=status)
    page = Paginator(ballots, 50).get_page(request.GET.get("page"))
    return render(request, "congress/ballots/staff_list.html", {
        "page_obj": page, "ballots": page.object_list, "is_paginated": page.has_other_pages(),
        "paginator": page.paginator, "statuses": Ballot.Status.choices, "status": status,
        "query_string": f"status={status}" if status in Ballot.Status.values else ""})


@_staff_required
def staff_detail(request, ballot_id):
    """Control page: what may happen next (the rules predicates), and no figure before publication."""
    ballot = _staff_ballot(request, ballot_id)
    user = request.user
    context = {
        "ballot": ballot,
        "options": ballot.options.all(),
        "can": {name: bool(check(user, ballot)) for name, check in {
            "open": rules.can_open, "close": rules.can_close, "enter": rules.can_enter,
            "verify": rules.can_verify, "publish": rules.can_publish, "runoff": rules.can_start_runoff,
        }.items()},
        "turnout": services.turnout(ballot),
        "result": result_rows(ballot),
    }
    if ballot.status == Ballot.Status.DRAFT:
        electorate = services.electorate_of(ballot)
        context["electorate_count"] = electorate.count()
        context["electorate_preview"] = electorate.order_by("name", "username")[:100]
    if ballot.mode == Ballot.Mode.PAPER and ballot.status == Ballot.Status.CLOSED:
        context["batches"] = EntryBatch.objects.filter(ballot=ballot).select_related("entered_by")
        context["mismatches"] = services.mismatches(ballot)
    return render(request, "congress/ballots/staff_detail.html", context)


@_staff_required
def staff_turnout(request, ballot_id):
    """Live turnout as JSON for the control page: participations only."""
    ballot = _staff_ballot(request, ballot_id)
    return JsonResponse({"participations": services.turnout(ballot), "electorate": ballot.electorate_size,
                         "status": ballot.status})


ACTIONS = {
    "open": lambda pk, user, post: services.open_ballot(
        pk, actor=user, papers_issued=_int_or_none(post.get("papers_issued"))),
    "close": lambda pk, user, post: services.close_ballot(pk, actor=user),
    "verify": lambda pk, user, post: services.verify_ballot(pk, actor=user),
    "publish": lambda pk, user, post: services.publish_ballot(pk, actor=user),
    "runoff": lambda pk, user, post: services.start_runoff(pk, actor=user),
    "submit-entry": lambda pk, user, post: services.submit_entry(pk, actor=user),
    "count": lambda pk, user, post: services.count_paper_ballots(pk, actor=user),
}
DONE = {
    "open": gettext_lazy("The ballot is open."), "close": gettext_lazy("The ballot is closed."),
    "publish": gettext_lazy("The result is published."),
    "runoff": gettext_lazy("The run-off ballot is ready to open."),
    "submit-entry": gettext_lazy("Your entry is submitted."), "count": gettext_lazy("The papers are counted."),
}


def _int_or_none(value):
    text = str(value or "").strip()
    if not text:
        return None
    number = bounds.parse_int(text, high=10**9 - 1)
    if number is None:
        raise ValidationError(bounds.INTEGER_MESSAGE, code="number")
    return number


@require_POST
@_staff_required
def staff_action(request, ballot_id, action):
    ballot = _staff_ballot(request, ballot_id)
    if action not in ACTIONS:
        raise Http404
    try:
        outcome = ACTIONS[action](ballot.pk, request.user, request.POST)
    except ValidationError as refused:
        messages.error(request, refused.messages[0])
        return redirect("ballots_staff:detail", ballot.pk)
    if action == "verify":
        if outcome.ok:
            messages.success(request, _("Verified: the recount equals the stored tally and the digest matches."))
        else:
            messages.error(request, _("Verification FAILED: the stored papers no longer match the count."))
    else:
        messages.success(request, DONE[action])
    if action == "runoff":
        return redirect("ballots_staff:detail", outcome.pk)
    return redirect("ballots_staff:detail", ballot.pk)


class EntryForm(PaperForm):
    serial = IntegerField(label=gettext_lazy("Paper number"), min_value=1, max_value=100000)
    blank = forms.BooleanField(label=gettext_lazy("Blank paper (nothing marked)"), required=False)

    def __init__(self, ballot, *args, **kwargs):
        super().__init__(ballot, *args, allow_blank=True, **kwargs)
        self.allow_invalid = True  # a paper over-marked on paper is entered as it is, and counts as invalid

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("blank") and len(self.marks()) != len(self.options):
            raise ValidationError(_("Mark every option, or tick \"blank paper\"."))
        return cleaned


@_staff_required
def staff_entry(request, ballot_id):
    """One clerk's independent entry of the returned papers; the other clerk enters the same papers."""
    ballot = _staff_ballot(request, ballot_id)
    verdict = rules.can_enter(request.user, ballot)
    if not verdict:
        messages.error(request, verdict.reason)
        return redirect("ballots_staff:detail", ballot.pk)
    form = EntryForm(ballot, request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.enter_paper(ballot.pk, actor=request.user, serial=form.cleaned_data["serial"],
                                     marks={} if form.cleaned_data["blank"] else form.marks())
            except ValidationError as refused:
                form.add_error(None, refused.messages[0])
                status = 400
            else:
                messages.success(request, _("Paper %(n)d entered.") % {"n": form.cleaned_data["serial"]})
                return redirect("ballots_staff:entry", ballot.pk)
        else:
            status = 400
    batch = EntryBatch.objects.filter(ballot=ballot, entered_by=request.user).first()
    entered = batch.papers.order_by("serial") if batch else []
    return render(request, "congress/ballots/staff_entry.html", {
        "ballot": ballot, "form": form, "batch": batch, "entered": entered}, status=status)


@require_POST
@_staff_required
def staff_resolve(request, ballot_id):
    """Record what a mismatched paper says, in both entries."""
    ballot = _staff_ballot(request, ballot_id)
    form = EntryForm(ballot, request.POST)
    if not form.is_valid():
        messages.error(request, "; ".join(e for errors in form.errors.values() for e in errors))
        return redirect("ballots_staff:detail", ballot.pk)
    try:
        services.resolve_mismatch(ballot.pk, actor=request.user, serial=form.cleaned_data["serial"],
                                  marks={} if form.cleaned_data["blank"] else form.marks())
    except (ValidationError, PermissionDenied) as refused:
        messages.error(request, refused.messages[0] if isinstance(refused, ValidationError) else str(refused))
    else:
        messages.success(request, _("Paper %(n)d resolved.") % {"n": form.cleaned_data["serial"]})
    return redirect("ballots_staff:detail", ballot.pk)


# --------------------------------------------------------------------------- public


def result_rows(ballot) -> list[dict] | None:
    """The published result, one row per option in ballot order; None before publication."""
    result = ballot.public_result()
    if result is None:
        return None
    rows = []
    for option in ballot.options.all():
        entry = result["options"].get(option.key, {})
        rows.append({"option": option, "counts": [(MARK_LABELS[m], entry.get("counts", {}).get(m, 0))
                                                   for m in tally.marks_for(ballot.kind)],
                     "outcome": OUTCOME_LABELS.get(entry.get("outcome"), _("No result (no quorum)")),
                     "outcome_key": entry.get("outcome") or "none", "rank": entry.get("rank")})
    return rows


def _published(ballot_id) -> Ballot:
    return get_object_or_404(Ballot.objects.published(), pk=ballot_pk(ballot_id))


def public_result(request, ballot_id):
    """The published result, a receipt lookup and the receipts list (with marks if the ballot says so)."""
    ballot = _published(ballot_id)
    looked_up = None
    query = request.GET.get("receipt", "")
    if query:
        receipt = services.normalise_receipt(query)
        paper = BallotPaper.objects.filter(ballot=ballot, receipt=receipt).first() if receipt else None
        looked_up = {"query": query[:40], "found": paper is not None,
                     "marks": described(ballot, paper.marks) if paper and ballot.receipts_with_marks else None}
    papers = BallotPaper.objects.filter(ballot=ballot).order_by("receipt").only("receipt", "marks", "valid")
    page = Paginator(papers, 200).get_page(request.GET.get("page"))
    return render(request, "congress/ballots/public_result.html", {
        "ballot": ballot, "result": ballot.result, "rows": result_rows(ballot), "looked_up": looked_up,
        "page_obj": page, "papers": [(p, described(ballot, p.marks) if ballot.receipts_with_marks else None)
                                     for p in page.object_list],
        "is_paginated": page.has_other_pages(), "paginator": page.paginator, "query_string": ""})


def announcement(request, ballot_id):
    """The printable (A4) result announcement."""
    ballot = _published(ballot_id)
    return render(request, "congress/ballots/announcement.html", {
        "ballot": ballot, "result": ballot.result, "rows": result_rows(ballot)})
