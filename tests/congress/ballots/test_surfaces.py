"""The pages and the API: choose → review → cast → receipt once; results hidden before publication
on every surface; a token cannot cast; others' ballots are 404; odd input is 400, never 500."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from congress.ballots import services
from congress.ballots.models import BallotPaper, BallotParticipation
from tests.congress.ballots.factories import make_ballot, paper, staff, voters

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    clerk = staff()
    electorate = voters(3)
    ballot = make_ballot(clerk, options=3, seats=1)
    return clerk, electorate, ballot


def form_data(ballot, *marks, step):
    return {"step": step, **{f"o{o.pk}": m for o, m in zip(ballot.options.all(), marks, strict=True)}}


def test_portal_choose_review_cast_and_receipt_once(setup):
    clerk, electorate, ballot = setup
    client = Client()
    client.force_login(electorate[0])
    url = f"/portal/ballots/{ballot.pk}/"
    assert client.get("/portal/ballots/").status_code == 200
    page = client.get(url)
    assert page.status_code == 200 and "项目0" in page.content.decode()
    review = client.post(url, form_data(ballot, "yes", "no", "abstain", step="review"))
    assert review.status_code == 200 and 'value="cast"' in review.content.decode()
    assert BallotPaper.objects.count() == 0  # the review step stores nothing
    too_many = client.post(url, form_data(ballot, "yes", "yes", "no", step="review"))
    assert too_many.status_code == 400
    done = client.post(url, form_data(ballot, "yes", "no", "abstain", step="cast"))
    receipt = BallotPaper.objects.get().receipt
    assert done.status_code == 200 and receipt in done.content.decode()
    assert "no-store" in done["Cache-Control"]
    again = client.get(url)
    assert receipt not in again.content.decode()  # shown once
    second = client.post(url, form_data(ballot, "no", "yes", "abstain", step="cast"))
    assert second.status_code == 409 and BallotPaper.objects.count() == 1


def test_portal_refuses_outsiders_with_404(setup):
    clerk, electorate, ballot = setup
    outsider = voters(1, prefix="late")[0]
    client = Client()
    client.force_login(outsider)
    assert client.get(f"/portal/ballots/{ballot.pk}/").status_code == 404
    cast = client.post(f"/portal/ballots/{ballot.pk}/", form_data(ballot, "yes", "no", "no", step="cast"))
    assert cast.status_code == 404 and not BallotPaper.objects.exists()
    assert client.get("/portal/ballots/１/").status_code == 404  # full-width digits


def test_results_hidden_until_published_on_every_surface(setup):
    clerk, electorate, ballot = setup
    for user in electorate:
        services.cast(ballot.pk, user, paper(ballot, "yes", "no", "no"))
    services.close_ballot(ballot.pk, actor=clerk)
    staff_client, api, public = Client(), APIClient(), Client()
    staff_client.force_login(clerk)
    api.force_authenticate(clerk)
    for state in ("counted", "verified"):
        page = staff_client.get(f"/staff/ballots/{ballot.pk}/").content.decode()
        assert "rank" not in page and "status-adopted" not in page, state
        assert api.get(f"/api/v1/ballots/{ballot.pk}/").json()["result"] is None, state
        assert public.get(f"/p/ballots/{ballot.pk}/").status_code == 404, state
        assert public.get(f"/p/ballots/{ballot.pk}/announcement/").status_code == 404, state
        if state == "counted":
            assert staff_client.post(f"/staff/ballots/{ballot.pk}/verify/").status_code == 302
    staff_client.post(f"/staff/ballots/{ballot.pk}/publish/")
    ballot.refresh_from_db()
    assert ballot.status == "published"
    result = public.get(f"/p/ballots/{ballot.pk}/")
    receipt = BallotPaper.objects.first().receipt
    assert result.status_code == 200 and receipt in result.content.decode()
    assert "status-adopted" in staff_client.get(f"/staff/ballots/{ballot.pk}/").content.decode()
    assert api.get(f"/api/v1/ballots/{ballot.pk}/").json()["result"]["adopted"]
    assert APIClient().get(f"/api/v1/ballots/{ballot.pk}/").status_code in (401, 403)
    lookup = public.get(f"/p/ballots/{ballot.pk}/", {"receipt": receipt.lower().replace("-", " ")})
    assert lookup.context["looked_up"]["found"] and lookup.context["looked_up"]["marks"] is None  # without marks
    assert public.get(f"/p/ballots/{ballot.pk}/", {"receipt": "<script>x</script>" * 10}).status_code == 200
    announcement = public.get(f"/p/ballots/{ballot.pk}/announcement/")
    assert announcement.status_code == 200 and "css/print.css" in announcement.content.decode()  # the A4 sheet


def test_api_cast_session_only_409_and_bad_input(setup, token_client):
    clerk, electorate, ballot = setup
    url = f"/api/v1/ballots/{ballot.pk}/cast/"
    tokened, _token = token_client(electorate[0], scopes=["read"])
    assert tokened.post(url, {"marks": paper(ballot, "yes", "no", "no")}, format="json").status_code == 403
    api = APIClient()
    api.force_login(electorate[0])
    for bad in ({"marks": {"１": "yes"}}, {"marks": "yes"}, {"marks": {str(10**30): "yes"}}, {},
                {"marks": paper(ballot, "yes", "yes", "no")}, {"marks": {"1": "x" * 5000}}):
        assert api.post(url, bad, format="json").status_code == 400, bad
    created = api.post(url, {"marks": paper(ballot, "yes", "no", "no")}, format="json")
    assert created.status_code == 201 and created.json()["receipt"] == BallotPaper.objects.get().receipt
    assert api.post(url, {"marks": paper(ballot, "no", "no", "no")}, format="json").status_code == 409
    assert BallotParticipation.objects.count() == 1
    outsider = APIClient()
    outsider.force_login(voters(1, prefix="late")[0])
    assert outsider.post(url, {"marks": paper(ballot, "yes", "no", "no")}, format="json").status_code == 403
    assert api.post("/api/v1/ballots/999999/cast/", {"marks": {"1": "yes"}}, format="json").status_code == 404


def test_staff_pages_and_paper_entry(setup):
    clerk, electorate, _ballot = setup
    second = staff("clerk2")
    ballot = make_ballot(clerk, options=3, seats=1, mode="paper", open_it=False)
    client = Client()
    client.force_login(clerk)
    assert client.get("/staff/ballots/").status_code == 200
    page = client.get(f"/staff/ballots/{ballot.pk}/")
    assert page.status_code == 200 and page.context["electorate_count"] == 3
    client.post(f"/staff/ballots/{ballot.pk}/open/", {"papers_issued": "２"})  # refused: ASCII digits only
    ballot.refresh_from_db()
    assert ballot.status == "draft"
    client.post(f"/staff/ballots/{ballot.pk}/open/", {"papers_issued": "2"})
    client.post(f"/staff/ballots/{ballot.pk}/close/")
    ballot.refresh_from_db()
    assert (ballot.status, ballot.papers_issued) == ("closed", 2)
    other = Client()
    other.force_login(second)
    for c in (client, other):
        for serial in (1, 2):
            data = {"serial": serial, **form_data(ballot, "yes", "no", "no", step="x")}
            assert c.post(f"/staff/ballots/{ballot.pk}/entry/", data).status_code == 302
        assert c.post(f"/staff/ballots/{ballot.pk}/entry/", {"serial": 3, "blank": "on"}).status_code == 400
        c.post(f"/staff/ballots/{ballot.pk}/submit-entry/")
    client.post(f"/staff/ballots/{ballot.pk}/count/")
    ballot.refresh_from_db()
    assert ballot.status == "counted" and ballot.tally["papers"] == 2
    deputy = Client()
    deputy.force_login(electorate[0])
    assert deputy.get(f"/staff/ballots/{ballot.pk}/").status_code == 403
    assert deputy.post(f"/staff/ballots/{ballot.pk}/verify/").status_code == 403
    turnout = client.get(f"/staff/ballots/{ballot.pk}/turnout.json").json()
    assert set(turnout) == {"participations", "electorate", "status"}
