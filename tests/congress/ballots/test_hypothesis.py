"""quality.md goal 19: random submissions (random marks, non-options, too many "yes", closed
ballots, voters outside the electorate, odd JSON) never store a paper that breaks the rules, and
never answer 5xx."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from congress.ballots import services, tally
from congress.ballots.models import BallotPaper, BallotParticipation
from tests.congress.ballots.factories import make_ballot, staff, voters

pytestmark = pytest.mark.django_db

MARK = st.sampled_from(["yes", "no", "abstain", "satisfied", "", "YES", "ｙｅｓ", "x" * 40])
KEY = st.one_of(st.sampled_from(["OPT0", "OPT1", "OPT2", "OPT3"]), st.text(max_size=8),
                st.integers(min_value=-5, max_value=10**20).map(str))
JSONISH = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=5),
                       lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=3), children,
                                                                                        max_size=3), max_leaves=6)


@pytest.fixture
def world():
    clerk = staff()
    electorate = voters(4)
    outsider = voters(1, prefix="late")
    ballot = make_ballot(clerk, options=4, seats=2)
    closed = make_ballot(clerk, options=4, seats=2)
    services.close_ballot(closed.pk, actor=clerk)
    return {"ballot": ballot, "closed": closed, "voters": electorate + outsider}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_submissions(world, data):
    ballot = data.draw(st.sampled_from([world["ballot"], world["closed"]]))
    keys = {f"OPT{i}": o.key for i, o in enumerate(ballot.options.all())}
    body = data.draw(st.one_of(
        st.fixed_dictionaries({"marks": st.dictionaries(KEY, MARK, max_size=6)}),
        st.fixed_dictionaries({"marks": JSONISH}),
        JSONISH,
    ))
    if isinstance(body, dict) and isinstance(body.get("marks"), dict):
        body = {"marks": {keys.get(k, k): v for k, v in body["marks"].items()}}
    user = data.draw(st.sampled_from(world["voters"]))
    client = APIClient()
    client.force_login(user)
    response = client.post(f"/api/v1/ballots/{ballot.pk}/cast/", body, format="json")
    assert response.status_code < 500
    assert response.status_code in (201, 400, 403, 404, 409)
    for stored in BallotPaper.objects.all():
        assert stored.ballot_id == world["ballot"].pk  # nothing ever lands in the closed ballot
        assert tally.check_paper(world["ballot"], list(keys.values()), stored.marks) is True
    assert BallotPaper.objects.count() == BallotParticipation.objects.count()
