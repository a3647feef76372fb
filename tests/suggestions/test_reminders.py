"""The daily reminder sweep (rule 13): windows before each deadline, weekly while overdue, once only."""

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.formats import date_format

from congress.models import Delivery, Notification, Reminder
from congress.notifications import deliver_due_reminders
from suggestions import services
from suggestions.models import Assignment, Commitment
from suggestions.reminders import create_reminders
from tests.conftest import make_user
from tests.suggestions.conftest import assigned, part, replied

pytestmark = pytest.mark.django_db

DUE = date(2026, 5, 6)  # the lead unit's deadline for a case assigned on ASSIGNED (2 February 2026)


def sent(**filters):
    """(kind, reminder date, recipient's username) of the reminders, in a stable order."""
    return sorted(Reminder.objects.filter(**filters).values_list("kind", "due_on", "recipient__username"))


def label(day):
    with translation.override(settings.LANGUAGE_CODE):
        return date_format(day, "DATE_FORMAT")


def test_one_reminder_in_each_window_before_the_reply_is_due(district):
    d = district
    suggestion = assigned(d, lead="jt")
    lead_part = part(suggestion, "jt")
    assert lead_part.due_on == DUE
    assert create_reminders(today=DUE - timedelta(days=31)) == 0  # no window opens 31 days ahead
    assert create_reminders(today=DUE - timedelta(days=30)) == 1
    assert create_reminders(today=DUE - timedelta(days=16)) == 0  # still the 30-day window
    assert create_reminders(today=DUE - timedelta(days=7)) == 1
    assert create_reminders(today=DUE - timedelta(days=3)) == 0
    assert create_reminders(today=DUE - timedelta(days=1)) == 1
    assert create_reminders(today=DUE) == 0  # the last day still belongs to the 1-day window
    assert sent() == [
        ("suggestions.reply_due_1", date(2026, 5, 5), "h-jt"),
        ("suggestions.reply_due_30", date(2026, 4, 6), "h-jt"),
        ("suggestions.reply_due_7", date(2026, 4, 29), "h-jt"),
    ]
    reminder = Reminder.objects.get(kind="suggestions.reply_due_7")
    assert reminder.target == lead_part and reminder.state == "pending"
    assert suggestion.number in reminder.title and label(DUE) in reminder.title
    assert suggestion.title in reminder.body
    assert reminder.url == f"/portal/suggestions/assignments/{lead_part.pk}/" and reminder.channels == ["email", "sms"]


def test_a_missed_day_catches_up_with_one_reminder_not_two(district):
    d = district
    assigned(d, lead="jt")
    assert create_reminders(today=DUE - timedelta(days=5)) == 1  # the sweep did not run on D-30 nor D-7
    assert sent() == [("suggestions.reply_due_7", DUE - timedelta(days=7), "h-jt")]


def test_overdue_replies_are_reminded_weekly_to_the_unit_and_the_office(district):
    d = district
    suggestion = assigned(d, lead="jt")
    make_user(None, username="not-staff")  # a user without a role hears nothing
    assert create_reminders(today=DUE + timedelta(days=1)) == 2
    first = DUE + timedelta(days=1)
    assert sent() == [("suggestions.reply_overdue", first, "h-jt"), ("suggestions.reply_overdue", first, "office")]
    to_office = Reminder.objects.get(recipient=d["staff"])
    assert to_office.url == f"/staff/suggestions/{suggestion.pk}/" and to_office.channels == []
    assert "区交通局" in to_office.body
    assert create_reminders(today=DUE + timedelta(days=4)) == 0
    assert create_reminders(today=DUE + timedelta(days=8)) == 2
    assert create_reminders(today=DUE + timedelta(days=13)) == 0  # a missed day waits for the next week
    assert sorted({due for _kind, due, _user in sent()}) == [first, first + timedelta(days=7)]


def test_co_units_are_reminded_of_their_opinion_until_they_send_it(district):
    d = district
    suggestion = assigned(d, lead="jt", co=("zj",))
    co_part = part(suggestion, "zj")
    assert co_part.due_on == date(2026, 3, 2)
    # the 30-day window opens before the assignment itself: the assignment notice says it all
    assert create_reminders(today=date(2026, 2, 3)) == 0
    assert create_reminders(today=date(2026, 2, 23)) == 1
    assert sent() == [("suggestions.opinion_due_7", date(2026, 2, 23), "h-zj")]
    services.send_co_unit_opinion(co_part, actor=d["handlers"]["zj"], opinion="同意。")
    assert create_reminders(today=date(2026, 3, 1)) == 0
    assert create_reminders(today=date(2026, 3, 10)) == 0  # no overdue reminders for co-units


def test_the_deputy_is_reminded_while_a_rating_is_awaited(district):
    d = district
    suggestion = assigned(d, lead="jt")
    replied(d, suggestion, "jt", day=date(2026, 3, 2))
    lead_part = part(suggestion, "jt")
    rating_due = lead_part.rating_due_on
    assert create_reminders(today=rating_due - timedelta(days=8)) == 0
    assert create_reminders(today=rating_due - timedelta(days=7)) == 1
    assert create_reminders(today=rating_due - timedelta(days=1)) == 1
    assert create_reminders(today=rating_due + timedelta(days=1)) == 1
    assert create_reminders(today=rating_due + timedelta(days=8)) == 1
    assert sent() == [
        ("suggestions.rating_due_1", rating_due - timedelta(days=1), "lead"),
        ("suggestions.rating_due_7", rating_due - timedelta(days=7), "lead"),
        ("suggestions.rating_overdue", rating_due + timedelta(days=1), "lead"),
        ("suggestions.rating_overdue", rating_due + timedelta(days=8), "lead"),
    ]
    reminder = Reminder.objects.get(kind="suggestions.rating_due_7")
    assert reminder.url == f"/portal/suggestions/{suggestion.pk}/" and reminder.target == lead_part
    services.evaluate_reply(lead_part.replies.get(), actor=d["lead"].user, satisfaction="satisfied",
                            attitude="good", approach="good", effect="good", today=rating_due + timedelta(days=9))
    assert create_reminders(today=rating_due + timedelta(days=15)) == 0  # rated: nothing more


def test_units_are_reminded_of_open_commitments(district):
    d = district
    suggestion = assigned(d, lead="jt")
    promise_due = date(2026, 12, 31)
    reply = replied(d, suggestion, "jt", category="B", commitments=[("年底前建成60个泊位", promise_due)])
    services.evaluate_reply(reply, actor=d["lead"].user, satisfaction="satisfied", attitude="good",
                            approach="good", effect="good", today=date(2026, 3, 5))
    suggestion.refresh_from_db()
    assert suggestion.status == "tracking"
    commitment = Commitment.objects.get()
    assert create_reminders(today=promise_due - timedelta(days=8)) == 0
    assert create_reminders(today=promise_due - timedelta(days=7)) == 1
    assert create_reminders(today=promise_due + timedelta(days=1)) == 1
    assert sent() == [("suggestions.commitment_due_7", promise_due - timedelta(days=7), "h-jt"),
                      ("suggestions.commitment_overdue", promise_due + timedelta(days=1), "h-jt")]
    reminder = Reminder.objects.get(kind="suggestions.commitment_due_7")
    assert reminder.target == commitment and "年底前建成60个泊位" in reminder.body
    services.resolve_commitment(commitment, actor=d["handlers"]["jt"], fulfilled=True, resolution="已建成。")
    assert create_reminders(today=promise_due + timedelta(days=8)) == 0


def test_withdrawn_and_closed_suggestions_get_no_reminders(district):
    d = district
    withdrawn = assigned(d, lead="jt")
    services.withdraw_suggestion(withdrawn, actor=d["lead"].user, reason="已通过其他渠道解决。")
    closed = assigned(d, lead="jw")
    services.close_suggestion(closed, actor=d["staff"], note="情况已变化。")
    for day in (DUE - timedelta(days=7), DUE + timedelta(days=1), DUE + timedelta(days=30)):
        assert create_reminders(today=day) == 0
    assert not Reminder.objects.exists()


def test_returned_parts_and_inactive_handlers_get_no_reminders(district):
    d = district
    suggestion = assigned(d, lead="jt")
    handler = d["handlers"]["jt"]
    request = services.request_reassignment(part(suggestion, "jt"), actor=handler, reason="不属于本单位职责。",
                                            today=date(2026, 2, 3))
    services.decide_reassignment(request, actor=d["staff"], approve=True, new_unit=d["units"]["jw"],
                                 today=date(2026, 2, 4))
    d["handlers"]["jw"].is_active = False
    d["handlers"]["jw"].save(update_fields=["is_active"])
    new_part = part(suggestion, "jw")
    assert create_reminders(today=new_part.due_on - timedelta(days=7)) == 0
    assert create_reminders(today=new_part.due_on + timedelta(days=1)) == 1  # only the office hears of it
    assert sent() == [("suggestions.reply_overdue", new_part.due_on + timedelta(days=1), "office")]


def test_an_approved_extension_moves_the_windows(district):
    d = district
    suggestion = assigned(d, lead="jt")
    lead_part = part(suggestion, "jt")
    assert create_reminders(today=DUE - timedelta(days=7)) == 1
    extension = services.request_extension(lead_part, actor=d["handlers"]["jt"], due_on=date(2026, 6, 30),
                                           reason="需协调规划部门。")
    services.decide_extension(extension, actor=d["staff"], approve=True)
    assert create_reminders(today=DUE - timedelta(days=1)) == 0  # the old D-1 is gone with the old date
    assert create_reminders(today=DUE + timedelta(days=1)) == 0  # and it is not overdue
    assert create_reminders(today=date(2026, 5, 31)) == 1
    assert sent()[-1] == ("suggestions.reply_due_7", DUE - timedelta(days=7), "h-jt")
    assert ("suggestions.reply_due_30", date(2026, 5, 31), "h-jt") in sent()


def test_the_sweep_costs_the_same_queries_for_one_and_twenty_suggestions(district):
    d = district
    today = DUE + timedelta(days=1)
    create_reminders(today=today)  # warms the content-type cache

    def count(day):
        with CaptureQueriesContext(connection) as queries:
            create_reminders(today=day)
        return len(queries), Reminder.objects.count()

    assigned(d, lead="jt")
    one, created = count(today)
    assert created == 2
    for _ in range(19):
        assigned(d, lead="jw")
    twenty, created = count(today + timedelta(days=7))
    assert created == 2 + 20 * 2
    assert one == twenty <= 10


def test_delivery_sends_each_reminder_once(district):
    d = district
    suggestion = assigned(d, lead="jt")
    today = DUE + timedelta(days=1)
    assert create_reminders(today=today) == 2
    assert deliver_due_reminders(today=today) == 2
    assert deliver_due_reminders(today=today) == 0
    assert create_reminders(today=today) == 0
    note = Notification.objects.get(recipient=d["handlers"]["jt"], kind="suggestions.reply_overdue")
    assert suggestion.number in note.title
    assert note.url == f"/portal/suggestions/assignments/{part(suggestion, 'jt').pk}/"
    assert set(Delivery.objects.filter(notification=note).values_list("channel", flat=True)) == {"email", "sms"}
    office_note = Notification.objects.get(recipient=d["staff"], kind="suggestions.reply_overdue")
    assert not Delivery.objects.filter(notification=office_note).exists()  # in-app only
    assert set(Reminder.objects.values_list("state", flat=True)) == {"sent"}


def test_reminders_point_at_the_part_they_are_about(district):
    d = district
    suggestion = assigned(d, separate=("jt", "jw"))
    create_reminders(today=DUE - timedelta(days=7))
    assignment_type = ContentType.objects.get_for_model(Assignment)
    by_user = dict(Reminder.objects.filter(content_type=assignment_type).values_list("recipient__username",
                                                                                    "object_id"))
    assert by_user == {"h-jt": part(suggestion, "jt").pk, "h-jw": part(suggestion, "jw").pk}


def test_reminders_of_a_closed_suggestion_are_cancelled_at_delivery_not_sent(district):
    """Issue 6 item 10: close_suggestion cancels nothing itself; delivery sees the work has stopped."""
    d = district
    suggestion = assigned(d, lead="jt")
    assert create_reminders(today=DUE - timedelta(days=7)) == 1
    services.close_suggestion(suggestion, actor=d["staff"], note="情况已变化。")
    assert Reminder.objects.get().state == "pending"  # the service did not have to remember them
    assert deliver_due_reminders(today=DUE) == 0
    assert Reminder.objects.get().state == "cancelled"
    assert not Notification.objects.filter(kind__startswith="suggestions.reply").exists()
    assert not Delivery.objects.filter(notification__kind__startswith="suggestions.reply").exists()


def test_an_answered_part_is_not_reminded_but_a_live_one_in_the_same_batch_is(district):
    d = district
    answered = assigned(d, lead="jt")
    waiting = assigned(d, lead="jw")
    assert create_reminders(today=DUE - timedelta(days=7)) == 2
    replied(d, answered, "jt", day=DUE - timedelta(days=6))
    assert deliver_due_reminders(today=DUE - timedelta(days=5)) == 1
    states = dict(Reminder.objects.values_list("object_id", "state"))
    assert states == {part(answered, "jt").pk: "cancelled", part(waiting, "jw").pk: "sent"}


def test_the_inbox_shows_a_reminder_in_the_readers_language_and_sms_in_the_offices(district):
    d = district
    suggestion = assigned(d, lead="jt")
    create_reminders(today=DUE - timedelta(days=7))
    deliver_due_reminders(today=DUE - timedelta(days=7))
    note = Notification.objects.get(kind="suggestions.reply_due_7")
    with translation.override("en"):
        assert note.display_title == f"Suggestion {suggestion.number}: the reply is due on {date_format(DUE)}"
    with translation.override("zh-hans"):
        assert note.display_title == note.title and suggestion.number in note.title and label(DUE) in note.title
    sms = Delivery.objects.get(notification=note, channel="sms")
    assert label(DUE) in sms.body and "the reply is due" not in sms.body
