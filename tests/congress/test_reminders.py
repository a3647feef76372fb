"""The reminder service of the core on a toy rule: an app declares what is due, for whom and with
which text, and gets the windows, the once-only sweep and the liveness check at delivery."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext_noop

from congress import reminders, roles
from congress.models import Meeting, Notification, Reminder
from congress.notifications import deliver_due_reminders
from congress.reminders import STAFF, ReminderRule, To
from tests.conftest import make_user
from tests.congress.factories import MeetingFactory, TermFactory

pytestmark = pytest.mark.django_db

START = date(2026, 12, 21)
SOURCE = """
    SELECT m.id AS object_id, m.starts_on AS due_on, '-infinity'::date AS since, m.location AS place
      FROM congress_meeting m
     WHERE m.location <> %(cancelled)s AND m.starts_on <= %(horizon)s
"""


@pytest.fixture
def toy_rule(settings):
    settings.CONGRESS_TEST_MEETING_REMINDER_DAYS = [3]
    settings.CONGRESS_TEST_MEETING_OVERDUE_EVERY_DAYS = 2
    rule = ReminderRule(
        kind="test.meeting", model=Meeting, source_sql=SOURCE, arguments=("place",),
        recipients=(To(STAFF, url="/meetings/%s/", channels=("email",)),),
        thresholds="CONGRESS_TEST_MEETING_REMINDER_DAYS", overdue="CONGRESS_TEST_MEETING_OVERDUE_EVERY_DAYS",
        params=lambda: {"cancelled": "CANCELLED"},
        texts=(gettext_noop("Notifications"), "%(place)s %(date)s", gettext_noop("Notifications"), "overdue %(place)s"),
    )
    reminders.register(rule)
    yield rule
    reminders.unregister(rule.kind)


@pytest.fixture
def meeting():
    return MeetingFactory(term=TermFactory(), starts_on=START, ends_on=START, location="区政府 3 楼")


def test_a_toy_rule_gets_windows_overdue_reminders_and_once_only(toy_rule, meeting):
    staff = make_user(roles.STAFF, username="office", email="office@example.org")
    make_user(None, username="nobody")
    assert reminders.sweep(START - timedelta(days=4), rules=[toy_rule]) == 0
    assert reminders.sweep(START - timedelta(days=2), rules=[toy_rule]) == 1  # the 3-day window, caught up
    assert reminders.sweep(START - timedelta(days=2), rules=[toy_rule]) == 0  # a second run: nothing
    assert reminders.sweep(START + timedelta(days=1), rules=[toy_rule]) == 1
    assert reminders.sweep(START + timedelta(days=2), rules=[toy_rule]) == 0  # every 2 days while overdue
    assert reminders.sweep(START + timedelta(days=3), rules=[toy_rule]) == 1
    rows = list(Reminder.objects.order_by("due_on").values_list("kind", "due_on", "recipient", "url", "channels"))
    assert rows == [
        ("test.meeting_due_3", START - timedelta(days=3), staff.pk, f"/meetings/{meeting.pk}/", ["email"]),
        ("test.meeting_overdue", START + timedelta(days=1), staff.pk, f"/meetings/{meeting.pk}/", ["email"]),
        ("test.meeting_overdue", START + timedelta(days=3), staff.pk, f"/meetings/{meeting.pk}/", ["email"]),
    ]
    first = Reminder.objects.get(kind="test.meeting_due_3")
    assert first.title == "消息通知" and first.body.startswith("区政府 3 楼 2026")
    assert first.target == meeting


def test_the_sweep_is_one_query_per_rule_whatever_the_rows(toy_rule, meeting):
    make_user(roles.STAFF, username="office")
    reminders.sweep(START - timedelta(days=30), rules=[toy_rule])  # warms the content-type cache
    with CaptureQueriesContext(connection) as one:
        assert reminders.sweep(START - timedelta(days=3), rules=[toy_rule]) == 1
    # numbers after the fixture's: the factory's sequence has counted every meeting made before
    for number in range(meeting.number + 1, meeting.number + 11):
        MeetingFactory(term=meeting.term, number=number, starts_on=START + timedelta(days=7),
                       ends_on=START + timedelta(days=7))
    with CaptureQueriesContext(connection) as many:
        assert reminders.sweep(START + timedelta(days=4), rules=[toy_rule]) == 11  # ten due, one overdue
    assert len(one) == len(many) <= 3  # the savepoint, the INSERT, its release


def test_delivery_cancels_the_reminders_of_dead_targets_and_renders_for_the_reader(toy_rule, meeting):
    make_user(roles.STAFF, username="office", email="office@example.org")
    other = MeetingFactory(term=meeting.term, number=meeting.number + 1, starts_on=START, ends_on=START,
                           location="人大会议室")
    assert reminders.sweep(START - timedelta(days=3), rules=[toy_rule]) == 2
    meeting.location = "CANCELLED"  # the toy's "the work has stopped"
    meeting.save()
    with CaptureQueriesContext(connection) as queries:
        assert deliver_due_reminders(today=START - timedelta(days=3)) == 1
    liveness = [q for q in queries if "congress_meeting" in q["sql"]]
    assert len(liveness) == 1  # one liveness query for the rule, for the whole batch
    assert dict(Reminder.objects.values_list("object_id", "state")) == {meeting.pk: "cancelled", other.pk: "sent"}
    note = Notification.objects.get()
    with translation.override("en"):
        assert note.display_title == "Notifications"
    with translation.override("zh-hans"):
        assert note.display_title == "消息通知"


def test_a_rule_is_found_from_its_reminders_kinds(toy_rule):
    assert reminders.rule_for("test.meeting_due_3") is toy_rule
    assert reminders.rule_for("test.meeting_overdue") is toy_rule
    assert reminders.rule_for("test.other_due_3") is None
    assert {rule.kind for rule in reminders.registered()} >= {"suggestions.reply", "suggestions.rating"}
    with pytest.raises(ValueError, match="not column names"):
        ReminderRule(kind="bad", model=Meeting, source_sql="", recipients=(), thresholds="X", texts=("", "", "", ""),
                     arguments=("x; DROP TABLE y",))
