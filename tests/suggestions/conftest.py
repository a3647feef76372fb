"""A small district for suggestion tests: a session, units with handlers, a deputy with an
account, co-signers, office staff and a leader; and helpers that walk a suggestion forward."""

import threading
from datetime import date

import pytest
from django.db import connection

from congress import roles
from congress.models import Meeting
from suggestions import services
from tests.conftest import make_user
from tests.congress.factories import CommitteeFactory, MeetingFactory, TermFactory, UnitFactory
from tests.deputies.factories import DeputyFactory
from tests.suggestions.factories import CategoryFactory, DraftFactory

SESSION_START = date(2026, 1, 8)
ASSIGNED = date(2026, 2, 2)  # a Monday after the session


@pytest.fixture
def district(db):
    term = TermFactory()
    session = MeetingFactory(term=term, kind=Meeting.Kind.CONGRESS_SESSION, number=5,
                             starts_on=SESSION_START, ends_on=date(2026, 1, 10))
    units = {code: UnitFactory(name=name, code=code) for code, name in
             [("jw", "区教育委员会"), ("jt", "区交通局"), ("zj", "区住房和城乡建设委员会")]}
    handlers = {code: make_user(roles.UNIT_HANDLER, username=f"h-{code}", unit=unit, phone="13800000000")
                for code, unit in units.items()}
    lead = DeputyFactory(term=term, name="王建国")
    lead.user = make_user(roles.DEPUTY, username="lead", name=lead.name, email="lead@example.org")
    lead.save()
    cosigner = DeputyFactory(term=term, name="李秀英")
    cosigner.user = make_user(roles.DEPUTY, username="cosigner", name=cosigner.name)
    cosigner.save()
    other = DeputyFactory(term=term, name="赵强")
    other.user = make_user(roles.DEPUTY, username="other", name=other.name)
    other.save()
    return {
        "term": term, "session": session, "units": units, "handlers": handlers, "lead": lead,
        "cosigner": cosigner, "other": other, "category": CategoryFactory(name="城乡建设", code="urban"),
        "staff": make_user(roles.STAFF, username="office", name="代表工委 张敏"),
        "leader": make_user(roles.LEADER, username="boss", name="副主任 陈刚"),
        "committee": CommitteeFactory(name="城乡建设环境保护委员会"),
    }


def draft(d, **fields):
    return DraftFactory(term=d["term"], lead_deputy=d["lead"], category=d["category"], **fields)


def submitted(d, day=SESSION_START, **fields):
    return services.submit_suggestion(draft(d, **fields), actor=d["lead"].user, today=day)


def accepted(d, **fields):
    return services.accept_suggestion(submitted(d, **fields), actor=d["staff"])


def assigned(d, lead="jt", co=(), separate=(), day=ASSIGNED, **fields):
    suggestion = accepted(d, **fields)
    units = d["units"]
    if separate:
        return services.assign_suggestion(suggestion, actor=d["staff"], separate_units=[units[c] for c in separate],
                                          today=day)
    return services.assign_suggestion(suggestion, actor=d["staff"], lead_unit=units[lead],
                                      co_units=[units[c] for c in co], today=day)


def part(suggestion, code):
    return suggestion.assignments.get(unit__code=code)


def replied(d, suggestion, code="jt", category="A", day=date(2026, 3, 2), commitments=()):
    assignment = part(suggestion, code)
    handler = d["handlers"][code]
    services.record_contact(assignment, actor=handler, contacted_on=day, method="phone", summary="电话沟通",
                            today=day)
    return services.reply_to_assignment(assignment, actor=handler, category=category, body="已完成整改。",
                                        signed_by="局长 刘洋", commitments=commitments, today=day)


def race(*calls, timeout=30):
    """Run the calls at once, each in its own thread and connection; return their results and errors.
    A thread still running after `timeout` seconds means the calls deadlocked or hang."""
    barrier = threading.Barrier(len(calls))
    results, errors = [None] * len(calls), [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout)
            results[index] = call()
        except Exception as exc:  # reported to the test, which decides what is acceptable
            errors[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call), daemon=True) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert not any(thread.is_alive() for thread in threads), "the concurrent services did not finish: a deadlock?"
    return results, errors
