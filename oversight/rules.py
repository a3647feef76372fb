"""Who may act on oversight records, and the rules' arithmetic (domain.md rules 15–19).

Predicates return a `congress.rules.Verdict`; services call them after locking, pages use them to
decide which actions to show.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from congress.calendar import add_months
from congress.rules import allow, deny, forbid
from oversight.models import Finding, NormativeDocument, OversightPlan, SatisfactionVote, Topic

MANAGE = "oversight.manage_oversight"


def is_office(user) -> bool:
    return user.is_authenticated and user.has_perm(MANAGE)


def handles_unit(user, unit_id) -> bool:
    return user.is_authenticated and user.is_active and user.unit_id == unit_id and user.in_role("unit_handler")


# --------------------------------------------------------------------------- plan and topics


def can_manage(user, obj=None):
    if not is_office(user):
        return forbid(_("Only the office runs the oversight plan."))
    return allow()


def can_adopt_plan(user, plan: OversightPlan):
    if not is_office(user):
        return forbid(_("Only the office runs the oversight plan."))
    if plan.status != OversightPlan.Status.DRAFT:
        return deny(_("This plan has already been adopted."), "state")
    if not plan.topics.exists():
        return deny(_("A plan needs at least one topic before it is adopted."), "no_topics")
    return allow()


def can_amend_plan(user, plan: OversightPlan):
    if not is_office(user):
        return forbid(_("Only the office runs the oversight plan."))
    if plan.status != OversightPlan.Status.ADOPTED:
        return deny(_("Only an adopted plan is amended; a draft is simply edited."), "state")
    return allow()


def can_propose(user, plan: OversightPlan, today: date | None = None):
    if not plan.call_is_open(today):
        return deny(_("The call for topics is not open."), "call_closed")
    return allow()


def can_sign_up(user, activity, deputy):
    if deputy is None:
        return forbid(_("Only a deputy signs up for an activity."))
    if activity.topic.stage == Topic.Stage.CLOSED or not activity.topic.plan.published_at:
        return deny(_("This activity is not open for sign-up."), "state")
    if activity.participations.count() >= activity.capacity:
        return deny(_("This activity is full."), "full")
    return allow()


def can_issue_opinion(user, topic: Topic):
    if not is_office(user):
        return forbid(_("Only the office records the committee's opinion."))
    if topic.stage not in {Topic.Stage.HEARD, Topic.Stage.FOLLOW_UP}:
        return deny(_("An opinion follows the hearing of the report."), "state")
    return allow()


def can_close_topic(user, topic: Topic):
    """Rule 16: closed only when every finding is closed and the latest vote is not 不满意."""
    if not is_office(user):
        return forbid(_("Only the office closes a topic."))
    if topic.stage == Topic.Stage.CLOSED:
        return deny(_("This topic is already closed."), "state")
    if Finding.objects.filter(opinion__topic=topic).exclude(state=Finding.State.CLOSED).exists():
        return deny(_("Every finding must be closed before the topic is."), "open_findings")
    latest = topic.votes.filter(result__gt="").order_by("-round", "-counted_at").first()
    if latest is None and topic.kind != Topic.Kind.FILING_REVIEW:
        return deny(_("The handling has not been rated yet."), "not_rated")
    if latest is not None and latest.result == SatisfactionVote.Result.UNSATISFIED:
        return deny(_("The latest rating is 不满意: a later rating must not be 不满意 before closing."),
                    "unsatisfied")
    return allow()


# --------------------------------------------------------------------------- findings


def can_report(user, finding: Finding):
    if not handles_unit(user, finding.unit_id):
        return forbid(_("Only a handler of this unit reports on its finding."))
    if finding.state == Finding.State.CLOSED:
        return deny(_("This finding is closed."), "closed")
    return allow()


def can_request_extension(user, finding: Finding, new_due_on: date):
    verdict = can_report(user, finding)
    if not verdict:
        return verdict
    if new_due_on <= finding.due_on:
        return deny(_("The new date must be later than the current due date."), "not_later")
    if finding.extensions.filter(decision="pending").exists():
        return deny(_("A request for more time is already waiting for the office."), "pending")
    return allow()


def can_close_finding(user, finding: Finding):
    """对单销号: staff close a finding only with evidence on file."""
    if not is_office(user):
        return forbid(_("Only the office or the committee closes a finding."))
    if finding.state == Finding.State.CLOSED:
        return deny(_("This finding is already closed."), "closed")
    if not finding.evidence.exists():
        return deny(_("A finding is closed only with evidence attached."), "no_evidence")
    return allow()


# --------------------------------------------------------------------------- dates


def handling_due_on(issued_on: date) -> date:
    """Rule 17: the handling report is due OVERSIGHT_HANDLING_MONTHS after the opinion is sent."""
    return add_months(issued_on, settings.OVERSIGHT_HANDLING_MONTHS)


def follow_up_due_on(counted_on: date) -> date:
    """Rule 16: the follow-up report after a 不满意 result."""
    return add_months(counted_on, settings.OVERSIGHT_FOLLOW_UP_MONTHS)


def filing_due_on(published_on: date) -> date:
    """Rule 19: a normative document is filed within OVERSIGHT_FILING_DAYS of publication."""
    return published_on + timedelta(days=settings.OVERSIGHT_FILING_DAYS)


def review_due_on(received_on: date) -> date:
    """Rule 19: the review is finished within OVERSIGHT_REVIEW_DAYS of receipt."""
    return received_on + timedelta(days=settings.OVERSIGHT_REVIEW_DAYS)


def can_review(user, document: NormativeDocument):
    if not is_office(user):
        return forbid(_("Only the office records a filing review."))
    if document.received_on is None:
        return deny(_("The document has not been received yet."), "not_received")
    if document.outcome != NormativeDocument.Outcome.PENDING:
        return deny(_("This document has already been reviewed."), "state")
    return allow()


# --------------------------------------------------------------------------- rule 15 and budget tiers


def rating_result(satisfied: int, basic: int, members: int) -> str:
    """Rule 15, counted against all members N: 满意 if 满意 > N/2, else 基本满意 if 满意 + 基本满意
    > N/2, else 不满意; exactly half is not enough (integers, so 2·x > N is exact)."""
    if 2 * satisfied > members:
        return SatisfactionVote.Result.SATISFIED
    if 2 * (satisfied + basic) > members:
        return SatisfactionVote.Result.BASIC
    return SatisfactionVote.Result.UNSATISFIED


def tier_bounds() -> list[Decimal]:
    return [Decimal(str(value)) for value in settings.OVERSIGHT_BUDGET_TIERS]


def budget_tier(planned: Decimal, actual: Decimal, bounds: list[Decimal] | None = None) -> tuple[Decimal, int]:
    """The gap (planned − actual progress, percentage points) and its tier: at least the first bound
    is tier 1, the second tier 2, the third tier 3 (settings); Decimal throughout, never floats."""
    gap = planned - actual
    tier = 0
    for index, bound in enumerate(bounds or tier_bounds(), start=1):
        if gap >= bound:
            tier = index
    return gap, tier
