"""The demo district: built around the day it is loaded, every suggestion telling one story."""

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import Client

from congress.models import Meeting, Term
from suggestions.demo import REPLY_TEXTS, TOPICS, TOPICS_BY_CATEGORY
from suggestions.models import Assignment, Category, Reply, Suggestion

ACCOUNTS = ("admin", "staff", "leader", "deputy", "unit", "station")


def topic_of(title: str):
    matching = [topic for topic in TOPICS if topic.keyword in title]
    assert matching, f"no demo topic in {title!r}"
    return matching[0]


def test_every_topic_names_its_subject_in_the_title_the_content_and_every_reply():
    assert len(TOPICS) >= 30
    assert len({topic.keyword for topic in TOPICS}) == len(TOPICS)
    for topic in TOPICS:
        texts = [topic.title, topic.problem, topic.done, topic.underway, topic.planned, topic.cannot, topic.promise]
        assert all(topic.keyword in text for text in texts), topic.keyword
        assert len(topic.asks) >= 3 and set(REPLY_TEXTS) == set("ABCD")


@pytest.mark.django_db
def test_topics_cover_every_category():
    assert set(TOPICS_BY_CATEGORY) == set(Category.objects.values_list("code", flat=True))


@pytest.mark.django_db
@pytest.mark.parametrize("today", [date(2026, 12, 1), date(2027, 6, 15)])
def test_the_demo_is_built_around_the_load_day(today, capsys):
    call_command("seed_demo", "--today", today.isoformat(), "--scale", "small")
    assert f"loaded around {today:%Y-%m-%d}" in capsys.readouterr().out

    # the term is running, its current session a few months back, the next one still to come
    term = Term.current(today)
    assert term is not None and term.starts_on < today - timedelta(days=900)
    assert term.ends_on > today + timedelta(days=200)
    sessions = list(Meeting.objects.filter(kind=Meeting.Kind.CONGRESS_SESSION).order_by("starts_on"))
    current = [s for s in sessions if today - timedelta(days=160) < s.starts_on <= today]
    assert len(current) == 1 and current[0].starts_on < today - timedelta(days=90)
    assert any(s.starts_on > today for s in sessions)
    suggestions = Suggestion.objects.exclude(status=Suggestion.Status.DRAFT)
    assert suggestions.filter(meeting=current[0]).count() >= 10  # raised during the session
    assert suggestions.filter(meeting__isnull=True).exists()       # and between sessions
    assert not Suggestion.objects.filter(submitted_at__date__gt=today).exists()

    # every state, and deadlines on both sides of the load day
    assert set(Suggestion.objects.values_list("status", flat=True)) == set(Suggestion.Status.values)
    waiting = Assignment.objects.filter(status=Assignment.Status.ASSIGNED).exclude(role=Assignment.Role.CO)
    overdue_days = [(today - due).days for due in waiting.values_list("due_on", flat=True)]
    overdue_days.sort()
    assert any(1 <= days <= 14 for days in overdue_days), overdue_days      # overdue by days
    assert any(-7 <= days <= 0 for days in overdue_days), overdue_days      # due within the week
    assert any(days < -30 for days in overdue_days), overdue_days          # and later ones
    recent = Reply.objects.filter(replied_at__date__gte=today - timedelta(days=10), replied_at__date__lte=today)
    assert recent.filter(assignment__status=Assignment.Status.REPLIED).exists()  # answered, awaiting rating

    # the reply answers what the title asks: the topic's keyword is in the title, the content and the reply
    replies = list(Reply.objects.select_related("assignment__suggestion"))
    assert len(replies) >= 30
    for reply in replies:
        suggestion = reply.assignment.suggestion
        topic = topic_of(suggestion.title)
        assert topic.keyword in suggestion.content and topic.keyword in reply.body, (suggestion.title, reply.body)
        assert topic.category == suggestion.category.code
        for commitment in reply.commitments.all():
            assert topic.keyword in commitment.description

    # the README's demo accounts sign in, and the deputy and the unit handler have cases to see
    for username in ACCOUNTS:  # through the sign-in page: the lockout backend needs the request
        response = Client().post("/accounts/login/", {"username": username,
                                                      "password": settings.CONGRESS_DEMO_PASSWORD})
        assert response.status_code == 302, username
    assert Suggestion.objects.filter(lead_deputy__user__username="deputy").count() >= 3
    assert Assignment.objects.filter(unit__code="jw", status=Assignment.Status.ASSIGNED).exists()


@pytest.mark.django_db
def test_a_bad_load_day_is_refused_and_nothing_is_loaded():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("seed_demo", "--today", "1.12.2026")
    assert not Term.objects.exists()
