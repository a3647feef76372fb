"""Bench scenarios of the livelihood loop (`make bench ARGS="livelihood-survey-rollup"`).

livelihood-survey-rollup: the residents' survey roll-up (one SQL statement writing the project,
    unit and cycle summary rows) over 1,000,000 responses bulk-loaded once with COPY, against the
    hand-written GROUP BY that counts the same responses per project; best of 5 each (goal ≤ 1.5×).

The ballot burst of the cycle's vote is `ballot-burst` (congress/ballots/bench.py): the cycle's
ballot is cast through the same service as every ballot.
"""

from __future__ import annotations

import random
import time
from datetime import date
from decimal import Decimal

from django.db import connection

from congress.bench import best_of, result, scenario

RESPONSES = 1_000_000
PROJECTS = 40
BENCH_YEAR = 2099
BASELINE_SQL = """
    SELECT r.project_id,
           COUNT(*) FILTER (WHERE r.rating = 'satisfied'), COUNT(*) FILTER (WHERE r.rating = 'basically'),
           COUNT(*) FILTER (WHERE r.rating = 'unsatisfied'), COUNT(*)
      FROM livelihood_surveyresponse r JOIN livelihood_project p ON p.id = r.project_id
     WHERE p.cycle_id = %s
     GROUP BY r.project_id
"""


def _bench_cycle():
    from congress.models import Unit
    from livelihood.models import Cycle, Project

    cycle, created = Cycle.objects.get_or_create(year=BENCH_YEAR, defaults={
        "title": "bench", "stage": Cycle.Stage.EVALUATION, "seats": PROJECTS})
    if created or not cycle.projects.exists():
        units = [Unit.objects.get_or_create(code=f"bench-unit-{i}", defaults={"name": f"压测单位{i}"})[0]
                 for i in range(10)]
        Project.objects.bulk_create([
            Project(cycle=cycle, name=f"压测项目{i}", budget=Decimal(100), lead_unit=units[i % 10],
                    completion_on=date(BENCH_YEAR, 12, 1), status=Project.Status.ADOPTED, position=i)
            for i in range(PROJECTS)])
    return cycle


def _seed_responses(cycle) -> None:
    """COPY the million responses once (reused by later runs), then fresh planner statistics."""
    from livelihood.models import SurveyResponse

    have = SurveyResponse.objects.filter(project__cycle=cycle).count()
    if have >= RESPONSES:
        return
    ids = list(cycle.projects.values_list("pk", flat=True))
    rng = random.Random(7)
    ratings = ["satisfied"] * 6 + ["basically"] * 3 + ["unsatisfied"]
    raw = connection.cursor().connection  # the psycopg 3 connection under Django's
    with raw.cursor() as cursor, cursor.copy(
            "COPY livelihood_surveyresponse (project_id, respondent, rating, comment, created_on) FROM STDIN") as copy:
        for i in range(have, RESPONSES):
            copy.write_row((ids[i % len(ids)], f"bench-{i}", rng.choice(ratings), "", date(BENCH_YEAR, 1, 1)))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE livelihood_surveyresponse")


@scenario("livelihood-survey-rollup", app="livelihood")
def survey_rollup() -> list[dict]:
    """Survey roll-up over 1,000,000 responses vs a hand-written GROUP BY (goal ≤ 1.5×)."""
    from livelihood.models import SurveySummary
    from livelihood.services import roll_up_survey

    cycle = _bench_cycle()
    started = time.perf_counter()
    _seed_responses(cycle)
    seeded = time.perf_counter() - started
    rollup = best_of(lambda: roll_up_survey(cycle.pk), n=5)

    def baseline():
        with connection.cursor() as cursor:
            cursor.execute(BASELINE_SQL, [cycle.pk])
            return cursor.fetchall()

    raw = best_of(baseline, n=5)
    # Same figures: the summary's project rows equal the hand-written counts.
    hand = {row[0]: tuple(row[1:]) for row in baseline()}
    mine = {s.project_id: (s.satisfied, s.basically, s.unsatisfied, s.total)
            for s in SurveySummary.objects.filter(cycle=cycle, level="project")}
    assert hand == mine, "the roll-up and the hand-written GROUP BY disagree"
    name = "livelihood-survey-rollup"
    return [result(name, "seed (COPY, first run only)", seeded, "s"),
            result(name, "hand-written GROUP BY", raw, "s"),
            result(name, "roll-up (project, unit, cycle rows)", rollup, "s", ratio=rollup / raw,
                   baseline="hand-written GROUP BY")]
