"""The one place this app awards duty points (the deputies app's published service, issue 8).

Voting earns "ballot.voted": participation only, never the choice; the source is the ballot, so
casting twice (or a retried callback) awards once (record_duty is idempotent per deputy, source, item).
"""

from django.utils import timezone

from deputies.duties import record_duty

VOTED = "ballot.voted"


def award_voting_point(user, ballot) -> None:
    """Record the voting duty of the deputy behind `user` for `ballot`; nothing for a non-deputy."""
    deputy = getattr(user, "deputy", None)
    if deputy is None:
        return
    # No log line here: one naming the deputy beside a ballot, at casting time, would help link papers.
    record_duty(deputy, item=VOTED, source=ballot, occurred_on=timezone.localdate())
