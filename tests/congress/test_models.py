"""Every core invariant the database holds: a bad row is refused by PostgreSQL itself."""

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction

from congress.models import ApiToken, Delivery, Meeting, Reminder, Term, hash_token
from tests.congress.factories import MeetingFactory, TermFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def assert_refused(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_term_must_end_after_it_starts():
    assert_refused(lambda: Term.objects.create(number=19, starts_on=date(2027, 1, 1), ends_on=date(2026, 1, 1)))


def test_meeting_numbers_are_unique_per_term_and_kind():
    meeting = MeetingFactory(number=4)
    assert_refused(lambda: MeetingFactory(term=meeting.term, number=4))
    # the same number is fine for a standing committee meeting
    assert MeetingFactory(term=meeting.term, number=4, kind=Meeting.Kind.STANDING_COMMITTEE).pk


def test_meeting_cannot_end_before_it_starts():
    assert_refused(lambda: MeetingFactory(starts_on=date(2026, 1, 10), ends_on=date(2026, 1, 9)))


def test_unit_names_and_codes_are_unique():
    UnitFactory(name="区财政局", code="czj")
    assert_refused(lambda: UnitFactory(name="区财政局", code="other"))


def test_a_sent_delivery_records_when():
    assert_refused(lambda: Delivery.objects.create(channel="sms", address="13900000000", body="x", state="sent"))


def test_a_reminder_exists_once_per_object_kind_day_and_recipient():
    user = UserFactory()
    term = TermFactory()
    fields = dict(content_type=ContentType.objects.get_for_model(term), object_id=term.pk,
                  kind="test.due", due_on=date(2026, 12, 1), recipient=user, title="t")
    Reminder.objects.create(**fields)
    assert_refused(lambda: Reminder.objects.create(**fields))


def test_a_unit_reply_token_names_its_unit():
    user = UserFactory()
    assert_refused(lambda: ApiToken.objects.create(name="oa", user=user, prefix="cgt_x", digest=hash_token("k"),
                                            scopes=["unit-reply"]))
    assert ApiToken.objects.create(name="oa", user=user, prefix="cgt_x", digest=hash_token("k"),
                                   scopes=["unit-reply"], unit=UnitFactory()).pk


def test_register_changes_are_recorded_with_history():
    """pghistory triggers record even a bulk update() that bypasses model code."""
    from django.apps import apps

    from congress.models import Unit

    unit = UnitFactory(name="区交通局")
    Unit.objects.filter(pk=unit.pk).update(name="区交通运输局")
    events = list(apps.get_model("congress", "UnitEvent").objects.filter(pgh_obj=unit).order_by("pgh_id"))
    assert [e.pgh_label for e in events] == ["insert", "update"]
    assert events[-1].name == "区交通运输局"
