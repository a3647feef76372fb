"""The survey roll-up: one SQL aggregation into summary rows, against hand counts, twice (idempotent),
and through a real Celery worker picking up the outbox row a request wrote (rule 23)."""

import random
from collections import Counter

import pytest
from django.utils import timezone

from livelihood import services, tasks
from livelihood.models import Project, RollupRequest, SurveyResponse, SurveySummary
from tests.congress.factories import UnitFactory
from tests.livelihood.factories import CycleFactory, ProjectFactory


def seed(rng, cycle):
    units = [UnitFactory(), UnitFactory()]
    projects = [ProjectFactory(cycle=cycle, lead_unit=units[i % 2], status=Project.Status.ADOPTED) for i in range(5)]
    rows = [SurveyResponse(project=rng.choice(projects), respondent=f"r{i}",
                           rating=rng.choice(["satisfied", "satisfied", "basically", "unsatisfied"]))
            for i in range(600)]
    SurveyResponse.objects.bulk_create(rows)
    return projects, rows


def hand_counts(rows):
    by_project = Counter((r.project_id, r.rating) for r in rows)
    by_unit = Counter((r.project.lead_unit_id, r.rating) for r in rows)
    overall = Counter(r.rating for r in rows)
    return by_project, by_unit, overall


def check(cycle, rows):
    by_project, by_unit, overall = hand_counts(rows)
    for s in SurveySummary.objects.filter(cycle=cycle):
        counts = {"project": by_project, "unit": by_unit}.get(s.level)
        key = s.project_id if s.level == "project" else s.unit_id
        got = (s.satisfied, s.basically, s.unsatisfied)
        want = ((overall["satisfied"], overall["basically"], overall["unsatisfied"]) if s.level == "cycle" else
                (counts[(key, "satisfied")], counts[(key, "basically")], counts[(key, "unsatisfied")]))
        assert got == want and s.total == sum(want)
    cycle_row = SurveySummary.objects.get(cycle=cycle, level="cycle")
    assert cycle_row.rate_with_basically == (overall["satisfied"] + overall["basically"]) / len(rows)
    assert cycle_row.rate_satisfied_only == overall["satisfied"] / len(rows)


@pytest.mark.django_db
def test_rollup_matches_hand_counts_and_is_idempotent():
    cycle = CycleFactory()
    _projects, rows = seed(random.Random(9), cycle)
    assert services.roll_up_survey(cycle.pk) == 5 + 2 + 1
    check(cycle, rows)
    first = sorted(SurveySummary.objects.values_list("level", "project", "unit", "satisfied", "total"))
    services.roll_up_survey(cycle.pk)
    assert sorted(SurveySummary.objects.values_list("level", "project", "unit", "satisfied", "total")) == first


@pytest.mark.django_db
def test_a_request_writes_one_outbox_row_and_the_task_runs_it_once():
    cycle = CycleFactory()
    services.request_rollup(cycle)
    services.request_rollup(cycle)
    assert RollupRequest.objects.filter(done_at__isnull=True).count() == 1
    assert tasks.run_pending_rollups() == 1
    assert tasks.run_pending_rollups() == 0


def test_real_worker_rolls_up_what_a_request_asked_for(start_celery_worker):
    from congress.celery import app

    cycle = CycleFactory()
    _projects, rows = seed(random.Random(3), cycle)
    services.request_rollup(cycle)
    worker = start_celery_worker()
    app.send_task("livelihood.run_pending_rollups")
    worker(lambda: RollupRequest.objects.filter(done_at__isnull=False).exists(), what="the roll-up")
    check(cycle, rows)
    assert SurveySummary.objects.filter(cycle=cycle, computed_at__lte=timezone.now()).count() == 8
