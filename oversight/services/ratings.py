"""Satisfaction votes on a topic's handling (rules 15 and 16). The voting — electorate snapshot,
one paper per member, secrecy, frozen tally, quorum — is the shared ballot machinery
(congress.ballots, issue 4); this module opens a vote for a topic and applies its counted result."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress import audit
from congress.locking import lock
from oversight import rules
from oversight.models import DeliberationOpinion, Finding, SatisfactionVote, Topic


@transaction.atomic
def start_vote(topic, *, actor, subject=""):
    """Open a rating of the handling once every finding of the round has a report (or is closed)."""
    topic = lock(Topic.objects.all(), topic.pk)
    rules.can_manage(actor).enforce()
    if topic.stage not in {Topic.Stage.OPINION, Topic.Stage.RATING}:
        raise ValidationError(_("A rating follows the units' handling reports."), code="state")
    waiting = Finding.objects.filter(opinion__topic=topic, opinion__round=topic.round, state=Finding.State.OPEN)
    if waiting.exists():
        raise ValidationError(_("Every finding of this round needs a handling report before the rating."),
                              code="reports_missing")
    if topic.votes.filter(round=topic.round, subject=subject).exists():
        raise ValidationError(_("This round already has a rating for this subject."), code="duplicate")
    vote = SatisfactionVote.objects.create(topic=topic, round=topic.round, subject=subject)
    topic.stage = Topic.Stage.RATING
    topic.save(update_fields=["stage"])
    audit.record(topic, "oversight.vote.start", actor=actor, vote=vote.pk, subject=subject)
    return vote


@transaction.atomic
def record_vote_result(vote, *, actor, satisfied, basic, unsatisfied, members, today=None):
    """Store a counted vote and apply rule 15 (against all members N; exactly half is not enough);
    without quorum (more than half of N voting) no result is computed. A 不满意 result opens the
    follow-up round (rule 16): the previous round's findings are sent again with a new due date,
    and the topic cannot close until a later vote is not 不满意."""
    topic = lock(Topic.objects.all(), vote.topic_id)
    vote = lock(SatisfactionVote.objects.all(), vote.pk)
    if vote.result:
        raise ValidationError(_("This vote has already been counted."), code="counted")
    turnout = satisfied + basic + unsatisfied
    if members <= 0 or turnout > members:
        raise ValidationError(_("The counts do not fit the number of members."), code="counts")
    if 2 * turnout <= members:
        raise ValidationError(_("No quorum: more than half of all members must vote."), code="no_quorum")
    vote.electorate_size, vote.turnout = members, turnout
    vote.satisfied, vote.basic, vote.unsatisfied = satisfied, basic, unsatisfied
    vote.result = rules.rating_result(satisfied, basic, members)
    vote.counted_at = timezone.now()
    vote.save()
    audit.record(topic, "oversight.vote.count", actor=actor, vote=vote.pk, result=vote.result)
    if vote.result == SatisfactionVote.Result.UNSATISFIED and topic.votes.filter(
            round=vote.round, result=SatisfactionVote.Result.UNSATISFIED).count() == 1:
        _open_follow_up(topic, vote, actor=actor, today=today or timezone.localdate())
    return vote


def _open_follow_up(topic, vote, *, actor, today):
    previous = topic.opinions.get(round=vote.round)
    topic.round = vote.round + 1
    topic.stage = Topic.Stage.FOLLOW_UP
    topic.save(update_fields=["round", "stage"])
    due_on = rules.follow_up_due_on(today)
    opinion = DeliberationOpinion.objects.create(
        topic=topic, round=topic.round, issued_on=today, due_on=due_on, issued_by=actor,
        text=_("Follow-up after an unsatisfied rating: fix the problems and report again."))
    Finding.objects.bulk_create([
        Finding(opinion=opinion, unit_id=f.unit_id, problem=f.problem, required_action=f.required_action, due_on=due_on)
        for f in previous.findings.all()])
    topic.stage = Topic.Stage.OPINION
    topic.save(update_fields=["stage"])
    audit.record(topic, "oversight.topic.follow_up", actor=actor, round=topic.round, due_on=due_on.isoformat())


@transaction.atomic
def publish_vote(vote, *, actor):
    vote = lock(SatisfactionVote.objects.all(), vote.pk)
    rules.can_manage(actor).enforce()
    if not vote.result:
        raise ValidationError(_("Only a counted vote is published."), code="not_counted")
    if vote.published_at is None:
        vote.published_at = timezone.now()
        vote.save(update_fields=["published_at"])
        audit.record(vote.topic, "oversight.vote.publish", actor=actor, vote=vote.pk)
    return vote


@transaction.atomic
def close_topic(topic, *, actor):
    """Rule 16: a topic closes when its findings are closed and its latest rating is not 不满意."""
    topic = lock(Topic.objects.all(), topic.pk)
    rules.can_close_topic(actor, topic).enforce()
    topic.stage, topic.closed_on = Topic.Stage.CLOSED, timezone.localdate()
    topic.save(update_fields=["stage", "closed_on"])
    audit.record(topic, "oversight.topic.close", actor=actor)
    return topic
