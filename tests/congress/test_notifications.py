"""The outbox: notify() writes rows; the sweeps send each row once, hold SMS in quiet hours,
retry failures and never lose a row."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.utils import timezone

from congress import notifications, sms
from congress.models import Delivery, Notification, Reminder
from tests.congress.factories import TermFactory, UserFactory

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
NOON = datetime(2026, 11, 20, 12, 0, tzinfo=SHANGHAI)
NIGHT = datetime(2026, 11, 20, 23, 30, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def memory_sms(settings):
    settings.CONGRESS_SMS_BACKEND = "congress.sms.MemoryBackend"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    sms.MemoryBackend.outbox = []
    sms.MemoryBackend.keys = []
    return sms.MemoryBackend.outbox


@pytest.fixture
def person():
    return UserFactory(email="wang@example.org", phone="13900001111")


def test_notify_writes_an_inbox_row_and_one_delivery_per_channel(person):
    notification = notifications.notify(person, "test.hello", "建议已交办", body="请按期办理")
    assert Notification.objects.get() == notification
    assert sorted(Delivery.objects.values_list("channel", "address")) == [
        ("email", "wang@example.org"), ("sms", "13900001111")]


def test_no_address_no_delivery_but_the_inbox_still_gets_it():
    notifications.notify(UserFactory(email="", phone=""), "test.hello", "title")
    assert Notification.objects.count() == 1 and not Delivery.objects.exists()


def test_the_sweep_sends_each_delivery_once(person, memory_sms):
    notifications.notify(person, "test.hello", "建议已交办")
    assert notifications.deliver_pending(now=NOON) == 2
    assert notifications.deliver_pending(now=NOON) == 0  # a second run sends nothing twice
    assert len(mail.outbox) == 1 and len(memory_sms) == 1
    assert set(Delivery.objects.values_list("state", flat=True)) == {"sent"}


def test_sms_waits_through_quiet_hours_and_goes_in_the_morning(person, memory_sms):
    notifications.notify(person, "test.hello", "夜间消息")
    assert notifications.deliver_pending(now=NIGHT) == 1  # the email only
    assert memory_sms == [] and Delivery.objects.get(channel="sms").state == "pending"
    assert notifications.deliver_pending(now=NOON) == 1
    assert len(memory_sms) == 1


@pytest.mark.parametrize(("moment", "quiet"), [("21:59", False), ("22:00", True), ("03:00", True),
                                                ("07:59", True), ("08:00", False)])
def test_quiet_hours_span_midnight(moment, quiet):
    hour, minute = map(int, moment.split(":"))
    assert notifications.in_quiet_hours(datetime(2026, 11, 20, hour, minute, tzinfo=SHANGHAI)) is quiet


def test_a_failing_gateway_keeps_the_row_and_gives_up_after_the_limit(person, settings, monkeypatch):
    settings.CONGRESS_DELIVERY_MAX_ATTEMPTS = 2

    def broken(self, phone, text, **kwargs):
        raise ConnectionError("gateway down")

    monkeypatch.setattr(sms.MemoryBackend, "send", broken)
    notifications.notify(person, "test.hello", "x", channels=["sms"])
    notifications.deliver_pending(now=NOON)
    row = Delivery.objects.get()
    assert (row.state, row.attempts) == ("pending", 1) and "gateway down" in row.last_error
    notifications.deliver_pending(now=NOON)
    assert Delivery.objects.get().state == "failed"


def reminder_for(user, due_on, kind="test.due"):
    term = TermFactory()
    return Reminder.objects.create(content_type=ContentType.objects.get_for_model(term), object_id=term.pk,
                                   kind=kind, due_on=due_on, recipient=user, title="答复即将到期",
                                   channels=["email"])


def test_due_reminders_become_notifications_once(person):
    due = reminder_for(person, date(2026, 11, 20))
    reminder_for(person, date(2026, 11, 25), kind="test.later")
    assert notifications.deliver_due_reminders(today=date(2026, 11, 20)) == 1
    assert notifications.deliver_due_reminders(today=date(2026, 11, 20)) == 0
    due.refresh_from_db()
    assert due.state == "sent" and due.sent_at
    assert list(Notification.objects.values_list("title", flat=True)) == ["答复即将到期"]
    assert list(Delivery.objects.values_list("channel", flat=True)) == ["email"]


def test_cancelled_reminders_are_never_sent(person):
    reminder = reminder_for(person, date(2026, 11, 20))
    assert notifications.cancel_reminders(reminder.target) == 1
    assert notifications.deliver_due_reminders(today=date(2026, 12, 1)) == 0
    assert not Notification.objects.exists()


def test_sms_logs_never_hold_a_whole_phone_number(caplog):
    with caplog.at_level("INFO", logger="congress.sms"):
        sms.LogBackend().send("13912345678", "您好", idempotency_key="congress-delivery-7")
    assert "13912345678" not in caplog.text and "139****5678" in caplog.text
    assert "congress-delivery-7" in caplog.text  # the key is logged, to match the gateway's records


def test_a_row_left_sending_by_a_dead_worker_is_retried_later_with_the_same_key(person, memory_sms, settings):
    settings.CONGRESS_DELIVERY_CLAIM_SECONDS = 600
    notifications.notify(person, "test.hello", "x", channels=["sms"])
    row = Delivery.objects.get()
    # As a worker killed between sending and recording it leaves the row: claimed, not sent.
    Delivery.objects.filter(pk=row.pk).update(state="sending", claimed_at=timezone.now(), attempts=1)
    assert notifications.deliver_pending(now=NOON) == 0  # a fresh claim may still be in flight: not touched
    assert memory_sms == []
    Delivery.objects.filter(pk=row.pk).update(claimed_at=timezone.now() - timedelta(seconds=601))
    assert notifications.deliver_pending(now=NOON) == 1
    row.refresh_from_db()
    assert (row.state, row.attempts) == ("sent", 2)
    assert sms.MemoryBackend.keys == [f"congress-delivery-{row.pk}"]  # the same key as the first attempt


def test_every_delivery_has_its_own_key_and_email_carries_it_as_message_id(person, memory_sms):
    notifications.notify(person, "test.one", "一")
    notifications.notify(person, "test.two", "二")
    assert notifications.deliver_pending(now=NOON) == 4
    sms_keys = set(Delivery.objects.filter(channel="sms").values_list("pk", flat=True))
    assert set(sms.MemoryBackend.keys) == {f"congress-delivery-{pk}" for pk in sms_keys}
    email_ids = {message.extra_headers["Message-ID"] for message in mail.outbox}
    assert len(email_ids) == 2 and all(i.startswith("<congress-delivery-") for i in email_ids)
