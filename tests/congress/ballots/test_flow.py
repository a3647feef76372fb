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


def test_run_off_among_the_tied_then_publish():
    clerk = staff()
    electorate = voters(5)
    ballot = make_ballot(clerk, options=4, seats=2)
    votes = [("yes", "yes", "no", "no"), ("yes", "yes", "no", "no"), ("yes", "no", "yes", "no"),
             ("yes", "no", "yes", "no"), ("no", "yes", "yes", "abstain")]
    for user, marks in zip(electorate, votes, strict=True):
        services.cast(ballot.pk, user, paper(ballot, *marks))
    services.close_ballot(ballot.pk, actor=clerk)
    services.verify_ballot(ballot.pk, actor=clerk)
    ballot = services.publish_ballot(ballot.pk, actor=clerk)
    opts = [o.key for o in ballot.options.all()]
    assert ballot.result["adopted"] == [opts[0]] and ballot.result["runoff"] == [opts[1], opts[2]]
    runoff = services.start_runoff(ballot.pk, actor=clerk)
    assert runoff.seats == 1 and [o.label for o in runoff.options.all()] == ["项目1", "项目2"]
    assert runoff.runoff_of == ballot and runoff.status == Ballot.Status.DRAFT
    with pytest.raises(ValidationError):
        services.start_runoff(ballot.pk, actor=clerk)  # once


def test_results_need_verification_before_publication():
    clerk = staff()
    voters(3)
    ballot = make_ballot(clerk)
    services.close_ballot(ballot.pk, actor=clerk)
    with pytest.raises(ValidationError):
        services.publish_ballot(ballot.pk, actor=clerk)
    deputy = voters(1, prefix="d")[0]
    with pytest.raises(PermissionDenied):
        services.verify_ballot(ballot.pk, actor=deputy)


def test_rule_20_needs_more_options_than_seats():
    clerk = staff()
    voters(3)
    ballot = make_ballot(clerk, options=2, seats=2, open_it=False)
    with pytest.raises(ValidationError) as refused:
        services.open_ballot(ballot.pk, actor=clerk)
    assert refused.value.code == "too_few_options"


def test_paper_ballots_double_entry_mismatch_resolution_and_count():
    first, second, third = staff("clerk1"), staff("clerk2"), staff("clerk3")
    voters(6)
    ballot = make_ballot(first, options=3, seats=1, mode=Ballot.Mode.PAPER, papers_issued=4)
    assert ballot.papers_issued == 4
    services.close_ballot(ballot.pk, actor=first)
    yes1, yes2 = paper(ballot, "yes", "no", "no"), paper(ballot, "no", "yes", "no")
    over = paper(ballot, "yes", "yes", "no")
    for clerk, third_paper in ((first, yes1), (second, yes2)):
        services.enter_paper(ballot.pk, actor=clerk, serial=1, marks=yes1)
        services.enter_paper(ballot.pk, actor=clerk, serial=2, marks=over)  # over-marked: invalid
        services.enter_paper(ballot.pk, actor=clerk, serial=3, marks=third_paper)
        services.enter_paper(ballot.pk, actor=clerk, serial=4, marks={})  # blank
    with pytest.raises(ValidationError) as refused:
        services.enter_paper(ballot.pk, actor=first, serial=5, marks=yes1)
    assert refused.value.code == "returned_exceeds_issued"
    with pytest.raises(ValidationError):
        services.enter_paper(ballot.pk, actor=third, serial=1, marks=yes1)  # two clerks only
    services.submit_entry(ballot.pk, actor=first)
    services.submit_entry(ballot.pk, actor=second)
    assert [m.serial for m in services.mismatches(ballot)] == [3]
    with pytest.raises(ValidationError) as refused:
        services.count_paper_ballots(ballot.pk, actor=first)
    assert refused.value.code == "mismatches"
    services.resolve_mismatch(ballot.pk, actor=first, serial=3, marks=yes1)
    ballot = services.count_paper_ballots(ballot.pk, actor=second)
    assert ballot.tally["papers"] == 4 and ballot.tally["valid"] == 2 and ballot.tally["invalid"] == 2
    first_option = next(iter(yes1))
    assert ballot.tally["marks"][first_option] == {"yes": 2}  # papers 1 and 3; the invalid ones do not count
    assert services.verify_ballot(ballot.pk, actor=first).ok


def test_papers_issued_never_exceed_the_electorate():
    clerk = staff()
    voters(3)
    ballot = make_ballot(clerk, mode=Ballot.Mode.PAPER, open_it=False)
    with pytest.raises(ValidationError) as refused:
        services.open_ballot(ballot.pk, actor=clerk, papers_issued=4)
    assert refused.value.code == "issued"


def test_a_ballot_of_the_seeds_size_runs_and_verifies():
    """Jiangbei 2020: 213 deputies chose 13 projects from 20 candidates."""
    import random

    clerk = staff()
    electorate = voters(213)
    ballot = make_ballot(clerk, options=20, seats=13)
    rng = random.Random(2020)
    favoured = list(range(13))
    for user in electorate:
        yes = set(rng.sample(favoured, 11)) | set(rng.sample(range(13, 20), 2))
        services.cast(ballot.pk, user, paper(ballot, *["yes" if i in yes else "no" for i in range(20)]))
    ballot = services.close_ballot(ballot.pk, actor=clerk)
    assert services.verify_ballot(ballot.pk, actor=clerk).ok
    ballot = services.publish_ballot(ballot.pk, actor=clerk)
    result = ballot.public_result()
    assert result["attendance"] == 213 and result["valid"] == 213
    adopted_positions = sorted(o.position for o in ballot.options.all() if o.key in result["adopted"])
    assert len(result["adopted"]) + result["runoff_seats"] + result["shortfall"] == 13
    assert set(adopted_positions) <= set(favoured)
