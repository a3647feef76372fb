"""With Redis stopped a whole ballot still runs from the pages: casting, closing, verifying and
publishing never talk to the broker (architecture.md, Celery)."""

import pytest
from django.test import Client

from congress.ballots.models import BallotPaper
from tests.congress.ballots.factories import make_ballot, staff, voters
from tests.congress.test_redis_down import answered_in_time

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def redis_down(private_redis, settings):
    settings.REDIS_URL = settings.CELERY_BROKER_URL = settings.CELERY_RESULT_BACKEND = private_redis.url
    private_redis.stop(kill=True)
    return private_redis


def test_a_ballot_runs_with_redis_stopped(redis_down):
    clerk = staff()
    voter = voters(2)[0]
    ballot = make_ballot(clerk, options=3)
    deputy, office = Client(), Client()
    deputy.force_login(voter)
    office.force_login(clerk)
    marks = {f"o{o.pk}": m for o, m in zip(ballot.options.all(), ["yes", "no", "no"], strict=True)}
    cast = answered_in_time(lambda: deputy.post(f"/portal/ballots/{ballot.pk}/", {"step": "cast", **marks}))
    assert cast.status_code == 200 and BallotPaper.objects.count() == 1
    for action in ("close", "verify", "publish"):
        response = answered_in_time(lambda action=action: office.post(f"/staff/ballots/{ballot.pk}/{action}/"))
        assert response.status_code == 302, action
    ballot.refresh_from_db()
    assert ballot.status == "published"
    assert answered_in_time(lambda: Client().get(f"/p/ballots/{ballot.pk}/")).status_code == 200
