"""The pages: public forms (rate limit, spam, one answer per phone/device, injection shown as text),
staff dashboard and actions, the deputy's phone ballot (review → cast → receipt once)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from congress.ballots import services as ballots
from congress.ballots.models import BallotPaper, BallotParticipation
from congress.models import Notification
from livelihood import services, voting
from livelihood.models import Cycle, Project, Proposal, PublicSubmission, SurveyResponse
from tests.livelihood.factories import cycle_with_candidates, deputies

pytestmark = pytest.mark.django_db
SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
def open_cycle(staff_user):
    return services.create_cycle(actor=staff_user, year=2035, title="2035年民生实事", seats=2)


def propose(client, cycle, **extra):
    data = {"title": "加装电梯", "description": "老小区", "category": "housing", "place": "", "contact_name": "",
            "contact_phone": "", "website": "", **extra}
    return client.post(f"/p/livelihood/cycles/{cycle.pk}/propose/", data)


def test_resident_proposes_and_follows_with_the_code(client, open_cycle):
    response = propose(client, open_cycle, contact_phone="13912345678", title=SCRIPT)
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    page = client.get(response["Location"])
    assert page.status_code == 200
    body = page.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body and SCRIPT not in body
    assert "13912345678" not in body  # the contact is for the office only
    assert proposal.contact_phone == "13912345678"


def test_public_proposals_are_rate_limited_in_the_database(client, open_cycle, settings):
    settings.LIVELIHOOD_PUBLIC_LIMIT = 2
    assert [propose(client, open_cycle, title=f"t{i}").status_code for i in range(3)] == [302, 302, 429]
    assert Proposal.objects.count() == 2 and PublicSubmission.objects.count() == 2


def test_spam_is_refused(client, open_cycle):
    assert propose(client, open_cycle, website="http://spam.example").status_code == 200
    assert propose(client, open_cycle, description="买药 http://x.example").status_code == 200
    assert Proposal.objects.count() == 0


@pytest.mark.parametrize("field, value", [("title", "x" * 121), ("description", "y" * 4001),
                                          ("contact_phone", "１３９１２３４５６７８"), ("category", "nope")])
def test_bad_input_is_a_form_error_not_a_500(client, open_cycle, field, value):
    response = propose(client, open_cycle, **{field: value})
    assert response.status_code == 200 and Proposal.objects.count() == 0


def test_follow_unknown_code_is_404(client):
    assert client.get("/p/livelihood/follow/?code=nothing").status_code == 404


def _survey_cycle(staff_user):
    cycle = cycle_with_candidates(staff_user, candidates=3, seats=2)
    Project.objects.filter(cycle=cycle, position__lte=2).update(status=Project.Status.ADOPTED)
    Cycle.objects.filter(pk=cycle.pk).update(stage=Cycle.Stage.IMPLEMENTATION)
    today = timezone.localdate()
    return services.open_survey(cycle, actor=staff_user, opens_on=today, closes_on=today + timedelta(days=9))


def test_one_survey_response_per_phone(client, staff_user):
    cycle = _survey_cycle(staff_user)
    project = cycle.projects.filter(status="adopted").first()
    data = {"phone": "13800001111", f"project_{project.pk}": "satisfied", "website": ""}
    assert client.post(f"/p/livelihood/cycles/{cycle.pk}/survey/", data).status_code == 302
    client.cookies.clear()  # another device, same phone
    client.post(f"/p/livelihood/cycles/{cycle.pk}/survey/", {**data, f"project_{project.pk}": "unsatisfied"})
    assert SurveyResponse.objects.count() == 1 and SurveyResponse.objects.get().rating == "satisfied"
    assert "13800001111" not in SurveyResponse.objects.get().respondent  # a keyed hash, not the number


def test_one_survey_response_per_device(client, staff_user, settings):
    settings.LIVELIHOOD_SURVEY_ONE_PER = "device"
    cycle = _survey_cycle(staff_user)
    project = cycle.projects.filter(status="adopted").first()
    client.get(f"/p/livelihood/cycles/{cycle.pk}/survey/")  # the device cookie
    data = {f"project_{project.pk}": "basically", "website": ""}
    client.post(f"/p/livelihood/cycles/{cycle.pk}/survey/", data)
    client.post(f"/p/livelihood/cycles/{cycle.pk}/survey/", data)
    assert SurveyResponse.objects.count() == 1


def test_staff_dashboard_and_lists_render_and_export_is_inert(staff_client, staff_user):
    cycle = cycle_with_candidates(staff_user)
    Proposal.objects.update(title="=HYPERLINK(\"x\")")
    assert staff_client.get(f"/staff/livelihood/cycles/{cycle.pk}/").status_code == 200
    assert staff_client.get("/staff/livelihood/").status_code == 200
    assert staff_client.get(f"/staff/livelihood/projects/{cycle.projects.first().pk}/").status_code == 200
    export = staff_client.get("/staff/livelihood/proposals/?export=csv")
    body = b"".join(export.streaming_content).decode()
    assert "'=HYPERLINK" in body


def test_staff_pages_are_refused_to_deputies_and_units(deputy_client, staff_user):
    cycle = cycle_with_candidates(staff_user)
    assert deputy_client.get(f"/staff/livelihood/cycles/{cycle.pk}/").status_code == 403


def test_deputy_votes_on_the_phone_review_then_cast_then_receipt_once(client, staff_user):
    users = deputies(3)
    cycle = cycle_with_candidates(staff_user, candidates=4, seats=2)
    ballot = voting.start_candidate_ballot(cycle, actor=staff_user)
    client.force_login(users[0])
    url = f"/portal/livelihood/cycles/{cycle.pk}/ballots/{ballot.pk}/"
    assert client.get(url).status_code == 200
    keys = [o.key for o in ballot.options.all()]
    marks = {f"mark_{k}": "yes" if i < 2 else "no" for i, k in enumerate(keys)}
    review = client.post(url, {**marks, "step": "review"})
    assert review.status_code == 200 and BallotPaper.objects.count() == 0
    too_many = client.post(url, {**{f"mark_{k}": "yes" for k in keys}, "step": "cast"})
    assert too_many.status_code == 400 and BallotPaper.objects.count() == 0
    cast = client.post(url, {**marks, "step": "cast"})
    receipt = BallotPaper.objects.get().receipt
    assert cast.status_code == 200 and receipt in cast.content.decode()
    again = client.post(url, {**marks, "step": "cast"})
    assert receipt not in again.content.decode() and BallotParticipation.objects.count() == 1
    assert not Notification.objects.filter(body__contains=receipt).exists()
    assert receipt not in str(dict(client.session))


def test_a_deputy_outside_the_electorate_is_refused(client, staff_user):
    deputies(2)
    cycle = cycle_with_candidates(staff_user, candidates=4, seats=2)
    ballot = voting.start_candidate_ballot(cycle, actor=staff_user)
    late = deputies(1, prefix="late")[0]
    client.force_login(late)
    assert client.get(f"/portal/livelihood/cycles/{cycle.pk}/ballots/{ballot.pk}/").status_code in (403, 404)


def test_results_hidden_before_publication_everywhere(client, staff_user, staff_client):
    users = deputies(3)
    cycle = cycle_with_candidates(staff_user, candidates=4, seats=2)
    ballot = voting.start_candidate_ballot(cycle, actor=staff_user)
    for user in users:
        ballots.cast(ballot.pk, user, {o.key: "yes" if o.position < 2 else "no" for o in ballot.options.all()})
    ballots.close_ballot(ballot.pk, actor=staff_user)
    public = client.get(f"/p/livelihood/cycles/{cycle.pk}/").content.decode()
    assert "Digest" not in public and "摘要" not in public
    api = staff_client.get(f"/api/v1/livelihood/ballots/{ballot.pk}/").json()
    assert api["result"] is None
    ballots.verify_ballot(ballot.pk, actor=staff_user)
    ballots.publish_ballot(ballot.pk, actor=staff_user)
    assert staff_client.get(f"/api/v1/livelihood/ballots/{ballot.pk}/").json()["result"]["adopted"]
    receipt = BallotPaper.objects.first().receipt
    found = client.get(f"/p/livelihood/cycles/{cycle.pk}/receipts/?receipt={receipt.lower()}")
    assert found.status_code == 200 and "ballot-found" in found.content.decode()
    assert staff_client.get(f"/staff/livelihood/cycles/{cycle.pk}/announcement/").status_code == 200


def test_unit_posts_progress_in_the_portal(unit_client, unit_user, staff_user):
    from tests.livelihood.factories import ProjectFactory

    project = ProjectFactory(status=Project.Status.ADOPTED, lead_unit=unit_user.unit)
    response = unit_client.post(f"/portal/livelihood/projects/{project.pk}/progress/",
                                {"percent": "55", "text": SCRIPT})
    assert response.status_code == 302
    page = unit_client.get(f"/portal/livelihood/projects/{project.pk}/").content.decode()
    assert "&lt;script&gt;" in page and SCRIPT not in page
    other = ProjectFactory(status=Project.Status.ADOPTED)
    assert unit_client.post(f"/portal/livelihood/projects/{other.pk}/progress/",
                            {"percent": "5", "text": "x"}).status_code in (403, 404)
