"""The office-decided request of the core (congress/requests.py) on the suggestions' two requests."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from congress.requests import OfficeRequest, decide
from suggestions import services
from suggestions.models import Extension, ReassignmentRequest
from tests.suggestions.conftest import assigned, part

pytestmark = pytest.mark.django_db


def extension_request(d):
    return services.request_extension(part(assigned(d, lead="jt"), "jt"), actor=d["handlers"]["jt"],
                                      due_on=date(2026, 6, 30), reason="需协调规划部门。")


def test_both_requests_share_the_core_base():
    assert issubclass(Extension, OfficeRequest) and issubclass(ReassignmentRequest, OfficeRequest)
    assert Extension.Decision.PENDING == "pending"


def test_decide_writes_the_decision_once(district):
    d = district
    request = extension_request(d)
    decide(request, actor=d["staff"], approve=True, note="  同意。 ")
    request.refresh_from_db()
    assert (request.decision, request.decided_by, request.decision_note) == ("approved", d["staff"], "同意。")
    assert request.decided_at is not None
    with pytest.raises(ValidationError) as refused:
        decide(request, actor=d["staff"], approve=False, note="改变主意。")
    assert refused.value.code == "decided"
    request.refresh_from_db()
    assert request.decision == "approved" and request.decision_note == "同意。"


def test_a_refusal_needs_a_note_and_saves_nothing_without_one(district):
    d = district
    request = extension_request(d)
    with pytest.raises(ValidationError) as refused:
        decide(request, actor=d["staff"], approve=False, note="   ")
    assert "note" in refused.value.message_dict
    request.refresh_from_db()
    assert request.decision == "pending" and request.decided_by is None
    decide(request, actor=d["staff"], approve=False, note="理由不充分。")
    request.refresh_from_db()
    assert (request.decision, request.decision_note) == ("refused", "理由不充分。")
