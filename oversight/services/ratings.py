"""Satisfaction votes on a topic's handling (rules 15 and 16), on the shared ballot machinery
(congress.ballots): the electorate snapshot (the active standing-committee members when it opens),
one paper per member, secrecy, the frozen tally, quorum and the rule 15 result per option are the
ballot's. This module opens a satisfaction ballot for a topic — one option per rated subject: the
handling, or each appointee who reported — and, when the ballot is published, copies each
option's counts and result to its `SatisfactionVote` and applies rule 16.

Closing, counting, verifying and publishing are `congress.ballots.services` calls (the ballot's
own pages and API); `publish_ballot` runs `on_ballot_published` below in its transaction.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress import audit, roles
from congress.ballots import services as ballots
from congress.ballots import tally
from congress.locking import lock
from oversight import rules
from oversight.models import DeliberationOpinion, Finding, SatisfactionVote, Topic

RESULTS = {tally.SATISFIED: SatisfactionVote.Result.SATISFIED, tally.BASICALLY: SatisfactionVote.Result.BASIC,
           tally.UNSATISFIED: SatisfactionVote.Result.UNSATISFIED}


def committee_members(ballot=None):
    """The electorate of a rating: every active standing-committee member (N = all of them)."""
    return get_user_model().objects.filter(is_active=True, groups__name=roles.COMMITTEE_MEMBER).distinct()


@transaction.atomic
def start_vote(topic, *, actor, subjects=("",)):
    """Open the rating once every finding of the round has a report (or is closed): one ballot for
    the topic's round, one option per subject ("" is the handling itself; an appointee review names
    each official)."""
    topic = lock(Topic.objects.all(), topic.pk)
    rules.can_manage(actor).enforce()
    if topic.stage not in {Topic.Stage.OPINION, Topic.Stage.RATING}:
        raise ValidationError(_("A rating follows the units' handling reports."), code="state")
    if Finding.objects.filter(opinion__topic=topic, opinion__round=topic.round, state=Finding.State.OPEN).exists():
        raise ValidationError(_("Every finding of this round needs a handling report before the rating."),
                              code="reports_missing")
    subjects = [str(subject).strip()[:100] for subject in subjects] or [""]
    if len(set(subjects)) != len(subjects):
        raise ValidationError(_("Name each subject once."), code="duplicate_subject")
    if topic.votes.filter(round=topic.round, result="", ballot_id__isnull=False).exists():
        raise ValidationError(_("A rating of this round is already under way."), code="under_way")
    votes = [SatisfactionVote.objects.create(topic=topic, round=topic.round, subject=subject) for subject in subjects]
    title = _("Rating of the handling: %(title)s (round %(round)d)") % {"title": topic.title, "round": topic.round}
    ballot = ballots.create_ballot(
        topic, title=title, kind="satisfaction", actor=actor,
        options=[ballots.OptionSpec(label=vote.subject or topic.title, target=vote) for vote in votes])
    ballot = ballots.open_ballot(ballot.pk, actor=actor)
    SatisfactionVote.objects.filter(pk__in=[v.pk for v in votes]).update(ballot_id=ballot.pk,
                                                                         electorate_size=ballot.electorate_size)
    topic.stage = Topic.Stage.RATING
    topic.save(update_fields=["stage"])
    audit.record(topic, "oversight.vote.start", actor=actor, ballot=ballot.pk, subjects=len(votes))
    return ballot


def on_ballot_published(ballot):
    """The ballot's `on_published` hook: store each option's rule-15 result on its vote and publish
    it; a 不满意 result opens the follow-up round (rule 16)."""
    topic = lock(Topic.objects.all(), ballot.object_id)
    result = ballot.result
    unsatisfied = False
    for option in ballot.options.all():
        vote = lock(SatisfactionVote.objects.all(), option.object_id)
        entry = result["options"].get(option.key, {})
        counts = entry.get("counts", {})
        vote.electorate_size, vote.turnout = result["electorate"], result["attendance"]
        vote.satisfied = counts.get(tally.SATISFIED, 0)
        vote.basic = counts.get(tally.BASICALLY, 0)
        vote.unsatisfied = counts.get(tally.UNSATISFIED, 0)
        vote.result = RESULTS.get(entry.get("outcome"), "")  # "" without quorum: no result (rule 15)
        vote.counted_at = vote.published_at = timezone.now()
        vote.save()
        unsatisfied |= vote.result == SatisfactionVote.Result.UNSATISFIED
    audit.record(topic, "oversight.vote.published", ballot=ballot.pk, quorate=result.get("quorate"))
    if unsatisfied:
        open_follow_up(topic, round_=topic.round, actor=None, today=timezone.localdate())


def open_follow_up(topic, *, round_, actor, today):
    """Rule 16: the previous round's findings go to their units again with a new due date
    (OVERSIGHT_FOLLOW_UP_MONTHS); the topic cannot close until a later vote is not 不满意."""
    previous = topic.opinions.get(round=round_)
    topic.round = round_ + 1
    due_on = rules.follow_up_due_on(today)
    opinion = DeliberationOpinion.objects.create(
        topic=topic, round=topic.round, issued_on=today, due_on=due_on, issued_by=previous.issued_by,
        text=_("Follow-up after an unsatisfied rating: fix the problems and report again."))
    Finding.objects.bulk_create([
        Finding(opinion=opinion, unit_id=f.unit_id, problem=f.problem, required_action=f.required_action, due_on=due_on)
        for f in previous.findings.all()])
    topic.stage = Topic.Stage.OPINION
    topic.save(update_fields=["round", "stage"])
    audit.record(topic, "oversight.topic.follow_up", actor=actor, round=topic.round, due_on=due_on.isoformat())


@transaction.atomic
def close_topic(topic, *, actor):
    """Rule 16: a topic closes when its findings are closed and its latest rating is not 不满意."""
    topic = lock(Topic.objects.all(), topic.pk)
    rules.can_close_topic(actor, topic).enforce()
    topic.stage, topic.closed_on = Topic.Stage.CLOSED, timezone.localdate()
    topic.save(update_fields=["stage", "closed_on"])
    audit.record(topic, "oversight.topic.close", actor=actor)
    return topic
