import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from congress.ballots import services
from congress.ballots.models import Ballot, BallotPaper, BallotParticipation
from tests.congress.ballots.factories import make_ballot, paper, staff, voters

pytestmark = pytest.mark.django_db


def test_electronic_ballot_from_open_to_published():
    clerk = staff()
    electorate = voters(5)
    ballot = make_ballot(clerk, options=3, seats=1)
    assert ballot.electorate_size == 5 and ballot.quorum == 3
    receipts = [services.cast(ballot.pk, u, paper(ballot, "yes", "no", "abstain")) for u in electorate[:4]]
    assert len(set(receipts)) == 4
    assert services.turnout(ballot) == 4
    ballot = services.close_ballot(ballot.pk, actor=clerk)
    assert ballot.status == Ballot.Status.COUNTED and len(ballot.digest) == 64
    assert ballot.public_result() is None
    assert services.verify_ballot(ballot.pk, actor=clerk).ok
    ballot = services.publish_ballot(ballot.pk, actor=clerk)
    first = str(ballot.options.first().pk)
    assert ballot.public_result()["adopted"] == [first]
    assert sorted(BallotPaper.objects.filter(ballot=ballot).values_list("receipt", flat=True)) == sorted(receipts)


def test_refusals_outside_electorate_twice_and_after_close():
    clerk = staff()
    inside = voters(3)
    ballot = make_ballot(clerk)
    outsider = voters(1, prefix="late")[0]  # a deputy now, but not when the ballot opened
    with pytest.raises(PermissionDenied):
        services.cast(ballot.pk, outsider, paper(ballot, "yes", "no", "no"))
    services.cast(ballot.pk, inside[0], paper(ballot, "yes", "no", "no"))
    with pytest.raises(services.AlreadyVoted):
        services.cast(ballot.pk, inside[0], paper(ballot, "no", "yes", "no"))
    services.close_ballot(ballot.pk, actor=clerk)
    with pytest.raises(ValidationError) as refused:
        services.cast(ballot.pk, inside[1], paper(ballot, "yes", "no", "no"))
    assert refused.value.code == "not_open"
    assert BallotPaper.objects.count() == 1 and BallotParticipation.objects.count() == 1
