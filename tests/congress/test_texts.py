"""Notifications are stored as what happened and shown in the reader's language (issue 6, item 11)."""

from datetime import date

from django.test import Client
from django.utils import translation
from django.utils.translation import gettext_lazy, gettext_noop

from congress import notifications
from congress.models import Delivery, Notification
from congress.texts import Text, join


def test_a_text_renders_in_each_language_and_survives_storage():
    text = Text(gettext_noop("Notifications"))
    stored = Text.from_json(text.to_json())
    assert stored.render("zh-hans") == "消息通知"
    assert stored.render("en") == "Notifications"


def test_dates_and_labels_are_formatted_when_shown_not_when_stored():
    text = Text("%(label)s · %(day)s", label=gettext_lazy("Notifications"), day=date(2026, 3, 1))
    stored = Text.from_json(text.to_json())
    assert stored.render("zh-hans") == "消息通知 · 2026年3月1日"
    assert stored.render("en").startswith("Notifications · ")
    assert "2026" in stored.render("en") and "年" not in stored.render("en")


def test_joined_texts_keep_a_persons_words_untranslated():
    text = Text.from_json(join("Notifications", Text(gettext_noop("Notifications"))).to_json())
    assert text.render("zh-hans") == "Notifications\n消息通知"


def test_an_english_speaking_actor_sends_chinese_sms_and_the_reader_chooses_the_inbox_language(staff_user):
    staff_user.phone = "13800000001"
    staff_user.save()
    with translation.override("en"):  # the acting user's language must not leak into the message
        notifications.notify(staff_user, "test.kind", Text(gettext_noop("Notifications")),
                             body=Text("%(day)s", day=date(2026, 3, 1)))
    sms = Delivery.objects.get(channel=Delivery.Channel.SMS)
    assert sms.body == "消息通知\n2026年3月1日"
    notification = Notification.objects.get()
    assert notification.title == "消息通知"

    client = Client()
    client.force_login(staff_user)
    assert "消息通知" in client.get("/notifications/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/notifications/"})
    page = client.get("/notifications/").content.decode()
    assert "<strong>Notifications</strong>" in page
