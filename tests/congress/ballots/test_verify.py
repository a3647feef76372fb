"""Tally and digest are reproducible; a paper altered by raw SQL makes verify_ballot fail."""

import pytest
from django.core.management import call_command
from django.db import connection

from congress.ballots import services, tally
from congress.ballots.models import BallotPaper
from tests.congress.ballots.factories import make_ballot, paper, staff, voters

pytestmark = pytest.mark.django_db


def counted_ballot():
    clerk = staff()
    electorate = voters(6)
    ballot = make_ballot(clerk, options=3, seats=1)
    for i, user in enumerate(electorate):
        services.cast(ballot.pk, user, paper(ballot, *(["yes", "no", "abstain"][(i + j) % 3] for j in range(3))))
    return clerk, services.close_ballot(ballot.pk, actor=clerk)


def test_recount_equals_stored_and_every_receipt_is_listed(capsys):
    clerk, ballot = counted_ballot()
    assert tally.count(ballot.pk) == ballot.tally and tally.stored_digest(ballot.pk) == ballot.digest
    call_command("verify_ballot", str(ballot.pk))
    assert "digest: matches" in capsys.readouterr().out
    assert BallotPaper.objects.filter(ballot=ballot).count() == 6


@pytest.mark.parametrize("tamper", [
    "UPDATE congress_ballotpaper SET marks = (SELECT jsonb_object_agg(k, CASE v WHEN 'yes' THEN 'no' ELSE 'yes' END) "
    "FROM jsonb_each_text(marks) e(k, v)) WHERE receipt = "
    "(SELECT min(receipt) FROM congress_ballotpaper WHERE ballot_id = %s)",
    "UPDATE congress_ballotpaper SET valid = NOT valid WHERE receipt = "
    "(SELECT min(receipt) FROM congress_ballotpaper WHERE ballot_id = %s)",
    "DELETE FROM congress_ballotpaper WHERE receipt = "
    "(SELECT min(receipt) FROM congress_ballotpaper WHERE ballot_id = %s)",
])
def test_a_paper_altered_by_raw_sql_fails_verification(tamper, capsys):
    clerk, ballot = counted_ballot()
    with connection.cursor() as cursor:
        cursor.execute(tamper, [ballot.pk])
    with pytest.raises(SystemExit) as exit_:
        call_command("verify_ballot", str(ballot.pk))
    assert exit_.value.code == 1
    assert "DIFFERS" in capsys.readouterr().out
    assert not services.verify_ballot(ballot.pk, actor=clerk).ok
    ballot.refresh_from_db()
    assert ballot.status == "counted"  # not verified, so it cannot be published


def test_uncounted_ballot_exits_2():
    clerk = staff()
    voters(2)
    ballot = make_ballot(clerk)
    with pytest.raises(SystemExit) as exit_:
        call_command("verify_ballot", str(ballot.pk))
    assert exit_.value.code == 2
