"""The roll-up against hand-counted cases."""

from datetime import date

import pytest

from suggestions import services
from suggestions.models import Statistic
from suggestions.statistics import refresh_statistics
from tests.suggestions.conftest import assigned, replied

pytestmark = pytest.mark.django_db
TODAY = date(2026, 6, 30)


def rate_all(d, suggestion, satisfaction, comment=""):
    for reply in [a.replies.latest("round") for a in suggestion.assignments.filter(status="replied")]:
        services.evaluate_reply(reply, actor=d["lead"].user, satisfaction=satisfaction, attitude="good",
                                approach="good", effect="good", comment=comment, today=date(2026, 3, 20))


def test_unit_and_category_figures_match_a_hand_count(district):
    d = district
    on_time = assigned(d, lead="jt")                     # A, on time, satisfied
    replied(d, on_time, "jt", category="A", day=date(2026, 3, 2))
    rate_all(d, on_time, "satisfied")
    late = assigned(d, lead="jt")                        # B, late, basically satisfied, one promise
    replied(d, late, "jt", category="B", day=date(2026, 5, 20), commitments=[("年内完成", date(2026, 12, 1))])
    rate_all(d, late, "basically_satisfied")
    unrated = assigned(d, lead="jt")                     # C, on time, never rated: missing by June
    replied(d, unrated, "jt", category="C", day=date(2026, 3, 3), commitments=[("列入计划", date(2027, 3, 1))])
    open_late = assigned(d, lead="jt")                   # never answered: overdue
    other_unit = assigned(d, lead="jw")                  # another unit, unsatisfied then re-handled
    replied(d, other_unit, "jw", category="D", day=date(2026, 3, 2))
    rate_all(d, other_unit, "unsatisfied", comment="不满意")

    assert refresh_statistics(2026, today=TODAY) > 0
    transport = Statistic.objects.get(year=2026, meeting=None, dimension="unit", unit=d["units"]["jt"])
    assert (transport.assigned, transport.replied, transport.replied_on_time, transport.overdue) == (4, 3, 2, 1)
    assert (transport.category_a, transport.category_b, transport.category_c, transport.category_d) == (1, 1, 1, 0)
    assert (transport.evaluated, transport.satisfied, transport.basically_satisfied) == (2, 1, 1)
    assert (transport.rating_missing, transport.commitments, transport.commitments_fulfilled) == (1, 2, 0)
    assert transport.satisfaction_rate == 1.0 and transport.strict_satisfaction_rate == 0.5
    education = Statistic.objects.get(year=2026, meeting=None, dimension="unit", unit=d["units"]["jw"])
    assert (education.assigned, education.unsatisfied, education.rehandled) == (1, 1, 1)
    per_session = Statistic.objects.get(year=2026, meeting=d["session"], dimension="category", category=d["category"])
    assert per_session.assigned == 5
    assert open_late.status == "handling"
    # running it again changes nothing
    before = list(Statistic.objects.order_by("pk").values_list("assigned", "replied", "overdue"))
    refresh_statistics(2026, today=TODAY)
    assert sorted(before) == sorted(Statistic.objects.values_list("assigned", "replied", "overdue"))


def test_the_bench_s_hand_written_sql_agrees_with_the_roll_up(district):
    """The bench compares refresh_statistics with one hand-written statement; both must count a
    closed unrated case and a late rule-4 assignment the same way."""
    import time_machine

    from suggestions.bench import raw_statistics, snapshot
    from tests.suggestions.conftest import submitted

    d = district
    closed = assigned(d, lead="jt")
    replied(d, closed, "jt", category="A", day=date(2026, 3, 2))
    services.close_suggestion(closed, actor=d["staff"], note="代表逾期未反馈意见")
    rated = assigned(d, lead="jw")
    replied(d, rated, "jw", category="B", day=date(2026, 3, 2), commitments=[("年内完成", date(2026, 12, 1))])
    rate_all(d, rated, "satisfied")
    assigned(d, lead="jt")  # overdue by June
    with time_machine.travel("2026-03-02 10:00 +0800", tick=False):
        late = services.accept_suggestion(submitted(d, day=date(2026, 3, 2)), actor=d["staff"])
    services.assign_suggestion(late, actor=d["staff"], lead_unit=d["units"]["zj"], today=date(2026, 3, 12))

    refresh_statistics(2026, today=TODAY)
    expected = snapshot([2026])
    categories = category_counts()
    raw_statistics(2026, TODAY)
    assert snapshot([2026]) == expected
    assert categories == category_counts()
    transport = Statistic.objects.get(year=2026, meeting=None, dimension="unit", unit=d["units"]["jt"])
    assert (transport.replied, transport.rating_missing) == (1, 1)
    assert Statistic.objects.get(year=2026, meeting=None, dimension="unit", unit=d["units"]["zj"]).assigned_late == 1


def category_counts() -> set[tuple]:
    return {(row.meeting_id, row.unit_id, row.category_id, tuple(sorted(row.category_counts.items())))
            for row in Statistic.objects.filter(year=2026)}
