"""Merged suggestions share their handling (domain.md rule 8; issue 6, item 9): assigning, extending
or returning one acts on every member, to the same units, while each member keeps its own parts,
deadlines, answers and ratings."""

from datetime import date

import pytest

from congress.models import AuditEvent, Notification
from suggestions import services
from suggestions.models import Suggestion
from tests.suggestions.conftest import ASSIGNED, accepted, part, replied

pytestmark = pytest.mark.django_db


@pytest.fixture
def merged(district):
    d = district
    first, second = accepted(d), accepted(d)
    services.merge_suggestions([first, second], actor=d["staff"], note="同一路段停车问题")
    services.assign_suggestion(first, actor=d["staff"], lead_unit=d["units"]["jt"], co_units=[d["units"]["zj"]],
                               today=ASSIGNED)
    first.refresh_from_db()
    second.refresh_from_db()
    return first, second


def units(suggestion):
    return {(a.unit.code, a.role, a.status) for a in suggestion.assignments.select_related("unit")}


def test_assigning_one_member_assigns_the_others_to_the_same_units(district, merged):
    d = district
    first, second = merged
    assert first.status == second.status == Suggestion.Status.HANDLING
    assert units(first) == units(second) == {("jt", "lead", "assigned"), ("zj", "co", "assigned")}
    assert part(first, "jt").pk != part(second, "jt").pk  # each member keeps its own part and deadline
    assert part(second, "jt").due_on == part(first, "jt").due_on
    # The units are told of each member, with a link to that member's own part.
    told = Notification.objects.filter(recipient=d["handlers"]["jt"], kind="suggestions.assigned")
    assert sorted(told.values_list("title", flat=True)) == sorted(
        [f"第{first.number}号建议已交由你单位办理", f"第{second.number}号建议已交由你单位办理"])
    assert AuditEvent.objects.filter(object_id=second.pk, action="suggestions.suggestion.assigned").exists()


def test_an_approved_extension_moves_the_same_units_deadline_on_every_member(district, merged):
    d = district
    first, second = merged
    extension = services.request_extension(part(first, "jt"), actor=d["handlers"]["jt"], due_on=date(2026, 6, 30),
                                           reason="需协调市级部门")
    services.decide_extension(extension, actor=d["staff"], approve=True)
    assert part(first, "jt").due_on == part(second, "jt").due_on == date(2026, 6, 30)
    assert part(second, "jt").original_due_on == date(2026, 5, 6)  # the member's own record stays
    assert part(second, "zj").due_on == part(first, "zj").due_on  # a co-unit's opinion date does not move
    # The second suggestion's deputy is told too.
    assert Notification.objects.filter(kind="suggestions.extended").count() == 2


def test_a_refused_extension_changes_no_member(district, merged):
    d = district
    first, second = merged
    before = part(second, "jt").due_on
    extension = services.request_extension(part(first, "jt"), actor=d["handlers"]["jt"], due_on=date(2026, 6, 30),
                                           reason="需协调市级部门")
    services.decide_extension(extension, actor=d["staff"], approve=False, note="时间充足")
    assert part(first, "jt").due_on == before and part(second, "jt").due_on == before


def test_an_approved_return_moves_every_member_to_the_new_unit(district, merged):
    d = district
    first, second = merged
    request = services.request_reassignment(part(first, "jt"), actor=d["handlers"]["jt"], reason="非本单位职责",
                                            today=date(2026, 2, 3))
    services.decide_reassignment(request, actor=d["staff"], approve=True, new_unit=d["units"]["jw"],
                                 today=date(2026, 2, 4))
    expected = {("jt", "lead", "returned"), ("jw", "lead", "assigned"), ("zj", "co", "assigned")}
    assert units(first) == units(second) == expected
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == second.status == Suggestion.Status.HANDLING


def test_each_member_keeps_its_own_answer_and_rating(district, merged):
    d = district
    first, second = merged
    services.send_co_unit_opinion(part(first, "zj"), actor=d["handlers"]["zj"], opinion="同意")
    reply = replied(d, first, "jt")
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Suggestion.Status.REPLIED
    assert second.status == Suggestion.Status.HANDLING  # its own answer is still awaited
    assert not part(second, "jt").replies.exists() and part(second, "zj").status == "assigned"
    services.evaluate_reply(reply, actor=d["lead"].user, satisfaction="satisfied", attitude="good",
                            approach="good", effect="good", today=date(2026, 3, 3))
    assert part(first, "jt").satisfaction == "satisfied" and part(second, "jt").satisfaction == ""


def test_a_member_already_assigned_keeps_its_units(district):
    d = district
    handled = accepted(d)
    services.assign_suggestion(handled, actor=d["staff"], lead_unit=d["units"]["zj"], today=ASSIGNED)
    waiting = accepted(d)
    services.merge_suggestions([handled, waiting], actor=d["staff"])
    services.assign_suggestion(waiting, actor=d["staff"], lead_unit=d["units"]["jt"], today=ASSIGNED)
    assert units(handled) == {("zj", "lead", "assigned")}
    assert units(waiting) == {("jt", "lead", "assigned")}
