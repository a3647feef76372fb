"""API: reads scoped and without residents' contacts; progress with a unit-reply token of the
project's unit only; casting never with a token; bad input 400."""

import pytest

from congress.ballots.models import BallotPaper
from livelihood import services, voting
from livelihood.models import Project, Proposal
from tests.congress.factories import UnitFactory
from tests.livelihood.factories import ProjectFactory, cycle_with_candidates, deputies

pytestmark = pytest.mark.django_db


def test_contacts_only_for_the_office(staff_user, unit_user, client, token_client):
    cycle = services.create_cycle(actor=staff_user, year=2036, title="x", seats=1)
    services.submit_proposal(cycle, source=Proposal.Source.RESIDENT, title="t", description="d",
                             contact_phone="13911112222", responsible_unit=unit_user.unit)
    client.force_login(staff_user)
    assert client.get("/api/v1/livelihood/proposals/").json()["results"][0]["contact_phone"] == "13911112222"
    unit_api, _token = token_client(unit_user, scopes=("read",))
    rows = unit_api.get("/api/v1/livelihood/proposals/").json()["results"]
    assert len(rows) == 1 and "contact_phone" not in rows[0]


def test_unit_reply_token_posts_progress_for_its_own_unit_only(unit_user, token_client):
    mine = ProjectFactory(status=Project.Status.ADOPTED, lead_unit=unit_user.unit, cycle__candidates_published_at=None)
    other = ProjectFactory(status=Project.Status.ADOPTED, lead_unit=UnitFactory())
    api, _token = token_client(unit_user, scopes=("read", "unit-reply"), unit=unit_user.unit)
    ok = api.post("/api/v1/livelihood/progress-reports/", {"project": mine.pk, "percent": 30, "text": "进展"},
                  format="json")
    assert ok.status_code == 201 and ok.json()["percent"] == 30
    assert api.post("/api/v1/livelihood/progress-reports/", {"project": other.pk, "percent": 30, "text": "x"},
                    format="json").status_code in (403, 404)
    read_only, _ = token_client(unit_user, scopes=("read",), name="ro")
    assert read_only.post("/api/v1/livelihood/progress-reports/", {"project": mine.pk, "percent": 1, "text": "x"},
                          format="json").status_code == 403


@pytest.mark.parametrize("body", [{"project": 1, "percent": 101, "text": "x"}, {"project": "²", "percent": 1},
                                  {"project": 1, "percent": 1, "text": "x" * 4001}])
def test_bad_progress_input_is_400(unit_user, token_client, body):
    api, _token = token_client(unit_user, scopes=("read", "unit-reply"), unit=unit_user.unit)
    response = api.post("/api/v1/livelihood/progress-reports/", body, format="json")
    assert response.status_code == 400


def test_casting_with_a_token_is_refused_and_a_session_casts(staff_user, token_client, client):
    users = deputies(2)
    cycle = cycle_with_candidates(staff_user, candidates=4, seats=2)
    ballot = voting.start_candidate_ballot(cycle, actor=staff_user)
    marks = {o.key: "no" for o in ballot.options.all()}
    api, _token = token_client(users[0], scopes=("read",))
    assert api.post(f"/api/v1/livelihood/ballots/{ballot.pk}/cast/", {"marks": marks},
                    format="json").status_code == 403
    assert BallotPaper.objects.count() == 0
    client.force_login(users[0])
    cast = client.post(f"/api/v1/livelihood/ballots/{ballot.pk}/cast/", {"marks": marks},
                       content_type="application/json")
    assert cast.status_code == 201 and len(cast.json()["receipt"]) == 14
    again = client.post(f"/api/v1/livelihood/ballots/{ballot.pk}/cast/", {"marks": marks},
                        content_type="application/json")
    assert again.status_code == 409 and BallotPaper.objects.count() == 1


def test_surveys_are_aggregates_only(staff_client):
    response = staff_client.get("/api/v1/livelihood/surveys/")
    assert response.status_code == 200 and "respondent" not in str(response.json())
