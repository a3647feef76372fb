"""Issue 7 item 6: a notification that asks for an action is marked read when the action is done,
whoever among those told did it; an informational one stays unread until opened."""

from datetime import date

import pytest

from congress.models import Notification
from suggestions import services
from suggestions.models import CoSignature
from tests.suggestions.conftest import ASSIGNED, assigned, draft, part, replied, submitted

pytestmark = pytest.mark.django_db


def unread(user, kind=None):
    rows = Notification.objects.filter(recipient=user, read_at__isnull=True)
    return rows.filter(kind=kind).count() if kind else rows.count()


def test_cosigning_and_rating_clear_the_deputies_bells(district):
    d = district
    suggestion = draft(d)
    services.invite_cosigners(suggestion, actor=d["lead"].user, deputies=[d["cosigner"], d["other"]])
    assert unread(d["cosigner"].user, "suggestions.cosign_invited") == 1
    services.respond_to_invitation(CoSignature.objects.get(deputy=d["cosigner"]), actor=d["cosigner"].user,
                                   confirm=True)
    assert unread(d["cosigner"].user) == 0
    assert unread(d["other"].user, "suggestions.cosign_invited") == 1  # only the answered invitation clears
    services.withdraw_invitation(CoSignature.objects.get(deputy=d["other"]), actor=d["lead"].user)
    assert unread(d["other"].user) == 0

    services.submit_suggestion(suggestion, actor=d["lead"].user, today=date(2026, 1, 8))
    assert unread(d["staff"], "suggestions.submitted") == 1
    services.accept_suggestion(suggestion, actor=d["staff"])
    assert unread(d["staff"], "suggestions.submitted") == 0
    services.assign_suggestion(suggestion, actor=d["staff"], lead_unit=d["units"]["jt"],
                               co_units=[d["units"]["zj"]], today=ASSIGNED)
    assert unread(d["handlers"]["zj"], "suggestions.assigned") == 1
    services.send_co_unit_opinion(part(suggestion, "zj"), actor=d["handlers"]["zj"], opinion="同意。")
    assert unread(d["handlers"]["zj"], "suggestions.assigned") == 0
    assert unread(d["handlers"]["jt"], "suggestions.assigned") == 1
    reply = replied(d, suggestion, "jt", category="A")
    assert unread(d["handlers"]["jt"], "suggestions.assigned") == 0
    assert unread(d["lead"].user, "suggestions.replied") == 1
    lead_before = unread(d["lead"].user)
    services.evaluate_reply(reply, actor=d["lead"].user, satisfaction="satisfied", attitude="good",
                            approach="good", effect="good", today=date(2026, 3, 5))
    assert unread(d["lead"].user, "suggestions.replied") == 0
    assert unread(d["cosigner"].user, "suggestions.replied") == 0  # the rating was given for the case
    assert unread(d["lead"].user) == lead_before - 1  # informational ones (accepted, sent to units) stay
    assert Notification.objects.filter(recipient=d["handlers"]["jt"], kind="suggestions.rated",
                                       read_at__isnull=True).exists()


def test_staff_requests_clear_when_decided_and_withdrawal_clears_everything(district):
    d = district
    suggestion = assigned(d, lead="jt")
    assignment = part(suggestion, "jt")
    extension = services.request_extension(assignment, actor=d["handlers"]["jt"], due_on=date(2026, 5, 20),
                                           reason="需要协调资金。")
    assert unread(d["staff"], "suggestions.extension_requested") == 1
    services.decide_extension(extension, actor=d["staff"], approve=True)
    assert unread(d["staff"], "suggestions.extension_requested") == 0

    pending = submitted(d)
    assert unread(d["staff"], "suggestions.submitted") == 1
    services.withdraw_suggestion(pending, actor=d["lead"].user, reason="已解决。")
    assert unread(d["staff"], "suggestions.submitted") == 0
    services.withdraw_suggestion(suggestion, actor=d["lead"].user, reason="已解决。")
    assert unread(d["handlers"]["jt"], "suggestions.assigned") == 0
