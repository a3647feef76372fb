"""Races between services acting on the same suggestion at the same moment (issue 6, item 1).

Each test starts real threads on their own database connections against a barrier, so both
transactions are open together, and repeats the race: without the suggestion's lock the
suggestion's derived status could miss the other unit's answer and stay wrong for ever.
"""

from datetime import date
from functools import partial

import pytest
from django.db import transaction

from congress import locking
from suggestions import services
from suggestions.models import Assignment, Suggestion
from suggestions.services._common import refresh_status
from tests.suggestions.conftest import assigned, part, race

pytestmark = pytest.mark.django_db(transaction=True)

REPEAT = 20
REPLY_DAY = date(2026, 3, 2)


def contacted(d, suggestion, code):
    assignment = part(suggestion, code)
    services.record_contact(assignment, actor=d["handlers"][code], contacted_on=REPLY_DAY, method="phone",
                            summary="电话沟通", today=REPLY_DAY)
    return assignment


def answer(d, assignment, code, category="A", commitments=()):
    return lambda: services.reply_to_assignment(assignment, actor=d["handlers"][code], category=category,
                                                body="已办理。", signed_by="局长 刘洋", commitments=commitments,
                                                today=REPLY_DAY)


def test_two_units_answering_separately_at_once_always_leave_it_awaiting_the_rating(district):
    d = district
    for _round in range(REPEAT):
        suggestion = assigned(d, separate=("jt", "zj"))
        jt, zj = contacted(d, suggestion, "jt"), contacted(d, suggestion, "zj")
        _results, errors = race(answer(d, jt, "jt"), answer(d, zj, "zj"))
        assert errors == [None, None]
        suggestion.refresh_from_db()
        assert set(suggestion.assignments.values_list("status", flat=True)) == {"replied"}
        assert suggestion.status == Suggestion.Status.REPLIED  # 已答复/待评价, never left 办理中


def test_two_commitments_resolved_at_once_always_close_the_suggestion(district):
    d = district
    for _round in range(REPEAT):
        suggestion = assigned(d, separate=("jt", "zj"))
        parts = {code: contacted(d, suggestion, code) for code in ("jt", "zj")}
        for code, assignment in parts.items():
            reply = answer(d, assignment, code, "B", commitments=[("年底前完成改造", date(2026, 12, 31))])()
            services.evaluate_reply(reply, actor=d["lead"].user, satisfaction="satisfied", attitude="good",
                                    approach="good", effect="good", today=REPLY_DAY)
        suggestion.refresh_from_db()
        assert suggestion.status == Suggestion.Status.TRACKING
        first, second = (a.replies.get().commitments.get() for a in parts.values())
        _results, errors = race(
            partial(services.resolve_commitment, first, actor=d["handlers"]["jt"], fulfilled=True, resolution="已完成"),
            partial(services.resolve_commitment, second, actor=d["staff"], fulfilled=False, resolution="资金未落实"),
        )
        assert errors == [None, None]
        suggestion.refresh_from_db()
        assert suggestion.status == Suggestion.Status.CLOSED  # never left 跟踪 with nothing left to track


def test_a_return_decision_and_a_reply_at_the_same_moment_do_not_deadlock(district):
    d = district
    for _round in range(REPEAT // 2):
        suggestion = assigned(d, separate=("jt", "zj"), day=date(2026, 2, 26))
        zj = contacted(d, suggestion, "zj")
        request = services.request_reassignment(part(suggestion, "jt"), actor=d["handlers"]["jt"],
                                                reason="非本单位职责", today=date(2026, 2, 27))
        _results, errors = race(
            partial(services.decide_reassignment, request, actor=d["staff"], approve=True, new_unit=d["units"]["jw"],
                    today=date(2026, 3, 2)),
            answer(d, zj, "zj"),
        )
        assert errors == [None, None]
        statuses = dict(Assignment.objects.filter(suggestion=suggestion).values_list("unit__code", "status"))
        assert statuses == {"jt": "returned", "zj": "replied", "jw": "assigned"}
        suggestion.refresh_from_db()
        assert suggestion.status == Suggestion.Status.HANDLING  # the new unit has still to answer


def test_a_reply_racing_the_approval_of_its_own_return_is_one_or_the_other(district):
    d = district
    for _round in range(REPEAT // 2):
        suggestion = assigned(d, separate=("jt", "zj"), day=date(2026, 2, 26))
        jt = contacted(d, suggestion, "jt")
        request = services.request_reassignment(jt, actor=d["handlers"]["jt"], reason="非本单位职责",
                                                today=date(2026, 2, 27))
        _results, errors = race(
            partial(services.decide_reassignment, request, actor=d["staff"], approve=True, new_unit=d["units"]["jw"],
                    today=date(2026, 3, 2)),
            answer(d, jt, "jt"),
        )
        refused = [e for e in errors if e is not None]
        assert len(refused) == 1 and refused[0].code == "state", errors  # the later one sees the first's result
        jt.refresh_from_db()
        assert jt.status in ("returned", "replied")
        assert Assignment.objects.filter(suggestion=suggestion, unit__code="jw").exists() == (jt.status == "returned")


def test_the_status_is_derived_only_under_the_suggestions_lock(district):
    suggestion = assigned(district, separate=("jt",))
    with transaction.atomic(), pytest.raises(RuntimeError, match="must be locked"):
        refresh_status(Suggestion.objects.get(pk=suggestion.pk))
    with transaction.atomic():
        locked = locking.lock(Suggestion.objects.all(), suggestion.pk)
        assert refresh_status(locked).status == Suggestion.Status.HANDLING
    with transaction.atomic(), pytest.raises(RuntimeError, match="must be locked"):
        refresh_status(locked)  # the lock ended with the transaction that took it
