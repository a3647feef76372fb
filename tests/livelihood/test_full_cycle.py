"""Issue 9 "done when": a whole cycle through the pages only, from a resident's proposal to the
published satisfaction results (the browser's requests, without a browser)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from congress.ballots.models import Ballot
from livelihood import tasks
from livelihood.models import Cycle, Project, Proposal
from tests.congress.factories import UnitFactory
from tests.livelihood.factories import deputies

pytestmark = pytest.mark.django_db


def test_a_cycle_from_a_residents_proposal_to_published_satisfaction(staff_client, settings):
    settings.LIVELIHOOD_SURVEY_ONE_PER = "device"
    unit = UnitFactory()
    today = timezone.localdate()
    created = staff_client.post("/staff/livelihood/cycles/new/", {"year": 2037, "title": "2037年民生实事", "seats": 2})
    assert created.status_code == 302
    cycle = Cycle.objects.get(year=2037)
    resident = Client()
    assert resident.post(f"/p/livelihood/cycles/{cycle.pk}/propose/", {
        "title": "社区食堂", "description": "助老餐", "category": "elderly", "website": ""}).status_code == 302
    proposal = Proposal.objects.get()
    base = f"/staff/livelihood/cycles/{cycle.pk}"
    for i in range(3):
        due = (today + timedelta(days=200)).isoformat()
        data = {"name": f"候选{i}", "budget": "100", "lead_unit": unit.pk, "completion_on": due,
                "subprojects": "一号点\n二号点"}
        if i == 0:
            data["proposals"] = [proposal.pk]
        assert staff_client.post(f"{base}/candidate/", data).status_code == 302
    # Approving and publishing cannot be undone: the page's review step adds confirmed=1.
    assert staff_client.post(f"{base}/approve/", {"document": "区政府〔2037〕1号", "confirmed": "1"}).status_code == 302
    assert staff_client.post(f"{base}/publish/", {"confirmed": "1"}).status_code == 302
    assert resident.get(f"/p/livelihood/cycles/{cycle.pk}/").content.decode().count("候选") >= 3
    voters = deputies(5)
    assert staff_client.post(f"{base}/open_ballot/", {"majority_base": "all", "mode": "electronic",
                                                      "confirmed": "1"}).status_code == 302
    cycle.refresh_from_db()
    ballot = Ballot.objects.get(pk=cycle.candidate_ballot_id)
    keys = [o.key for o in ballot.options.all()]
    for user in voters:
        deputy = Client()
        deputy.force_login(user)
        marks = {f"mark_{k}": "yes" if n < 2 else "no" for n, k in enumerate(keys)}
        assert deputy.post(f"/portal/livelihood/cycles/{cycle.pk}/ballots/{ballot.pk}/",
                           {**marks, "step": "cast"}).status_code == 200
    for action in ("close", "verify", "publish"):
        assert staff_client.post(f"{base}/ballots/{ballot.pk}/{action}/", {"confirmed": "1"}).status_code == 302
    cycle.refresh_from_db()
    assert cycle.stage == Cycle.Stage.IMPLEMENTATION
    assert Proposal.objects.get().status == Proposal.Status.ADOPTED
    follow = resident.get(f"/p/livelihood/follow/?code={proposal.code}").content.decode()
    assert "已票决通过" in follow or "Adopted" in follow
    assert staff_client.post(f"{base}/survey/", {"survey_opens_on": today.isoformat(),
                                                 "survey_closes_on": (today + timedelta(days=9)).isoformat()}
                             ).status_code == 302
    adopted = list(Project.objects.filter(cycle=cycle, status=Project.Status.ADOPTED))
    assert len(adopted) == 2
    for n in range(4):
        rater = Client()
        rater.get(f"/p/livelihood/cycles/{cycle.pk}/survey/")
        rater.post(f"/p/livelihood/cycles/{cycle.pk}/survey/", {
            f"project_{adopted[0].pk}": "satisfied" if n < 3 else "unsatisfied",
            f"project_{adopted[1].pk}": "basically", "website": ""})
    assert tasks.run_pending_rollups() == 1
    page = resident.get(f"/p/livelihood/cycles/{cycle.pk}/").content.decode()
    assert "87.5%" in page and "37.5%" in page  # 7 of 8 with 基本满意, 3 of 8 满意 only (rule 23)
