"""Brute force (issue 6, item 16): sign-in is locked after AXES_FAILURE_LIMIT failures, per account
and address and per address, even for the right password, until the cool-off; an address that
sends too many unknown API tokens gets 429 with Retry-After. Both are counted in the database."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from rest_framework.test import APIClient

from congress import roles
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery-9"
START = datetime(2026, 6, 1, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
DEPUTIES = "/api/v1/deputies/"


@pytest.fixture
def person(db):
    user = make_user(roles.STAFF, username="zhangmin")
    user.set_password(PASSWORD)
    user.save()
    return user


def sign_in(client, username, password, address="10.0.0.7"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def test_the_sixth_attempt_within_five_minutes_is_refused_even_with_the_right_password(client, person, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    with time_machine.travel(START, tick=False) as clock:
        for attempt in range(4):
            response = sign_in(client, "zhangmin", f"wrong-{attempt}")
            assert response.status_code == 200  # the form again, with its message
            assert response.context["form"].non_field_errors()
            clock.shift(timedelta(seconds=30))
        assert sign_in(client, "zhangmin", "wrong-4").status_code == 429
        clock.shift(timedelta(minutes=1))

        locked = sign_in(client, "zhangmin", PASSWORD)
        assert locked.status_code == 429
        page = locked.content.decode()
        assert "登录失败次数过多" in page and "15 分钟" in page  # the lockout page, in Chinese, with the wait
        assert locked["Retry-After"] == str(15 * 60)
        assert "_auth_user_id" not in client.session

        clock.shift(timedelta(minutes=16))  # after the cool-off
        response = sign_in(client, "zhangmin", PASSWORD)
        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(person.pk)


def test_the_lockout_page_speaks_english_to_an_english_reader(client, person, settings):
    for attempt in range(5):
        sign_in(client, "zhangmin", f"wrong-{attempt}")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = sign_in(client, "zhangmin", PASSWORD)
    assert page.status_code == 429
    assert "Wait 15 minutes" in page.content.decode()


def test_one_address_guessing_at_many_accounts_is_locked_out_too(client, person):
    for name in ["a", "b", "c", "d", "e"]:
        sign_in(client, f"guess-{name}", "123456")
    assert sign_in(client, "zhangmin", PASSWORD).status_code == 429


def test_another_address_can_still_sign_in_to_the_account(client, person):
    """The lockout is per account and address: a stranger's guesses do not lock the owner out."""
    for attempt in range(5):
        sign_in(client, "zhangmin", f"wrong-{attempt}", address="203.0.113.9")
    assert sign_in(client, "zhangmin", PASSWORD, address="203.0.113.9").status_code == 429
    assert sign_in(client, "zhangmin", PASSWORD, address="10.0.0.8").status_code == 302


def test_a_proxy_address_is_read_only_when_the_proxy_is_trusted(client, person, settings):
    for attempt in range(5):
        client.post(reverse("login"), {"username": "zhangmin", "password": "nope"}, REMOTE_ADDR="10.0.0.1",
                    HTTP_X_FORWARDED_FOR=f"198.51.100.{attempt}")
    # Not trusted: all five came from the proxy's own address, and that address is locked.
    assert sign_in(client, "zhangmin", PASSWORD, address="10.0.0.1").status_code == 429
    settings.CONGRESS_TRUSTED_PROXY_COUNT = 1
    response = client.post(reverse("login"), {"username": "zhangmin", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1",
                           HTTP_X_FORWARDED_FOR="198.51.100.77")
    assert response.status_code == 302


# --------------------------------------------------------------------------- API tokens


def bad_token_client(address="10.0.0.7"):
    client = APIClient(REMOTE_ADDR=address)
    client.credentials(HTTP_AUTHORIZATION="Bearer cgt_guess")
    return client


def test_repeated_bad_tokens_get_429_with_retry_after(settings, token_client, staff_user):
    limit = settings.CONGRESS_API_TOKEN_FAILURE_LIMIT
    with time_machine.travel(START, tick=False) as clock:
        guesser = bad_token_client()
        for _ in range(limit):
            assert guesser.get(DEPUTIES).status_code == 401
            clock.shift(timedelta(seconds=1))
        throttled = guesser.get(DEPUTIES, HTTP_ACCEPT_LANGUAGE="en")
        assert throttled.status_code == 429
        assert "Too many unknown API tokens" in throttled.json()["detail"]
        window = settings.CONGRESS_API_TOKEN_FAILURE_WINDOW.total_seconds()
        assert 0 < int(throttled["Retry-After"]) <= window

        # Guessing from another address is not affected; a real key from the throttled address
        # still works (keys are 256-bit random, so there is no right guess to hold back).
        assert bad_token_client("10.0.0.99").get(DEPUTIES).status_code == 401
        real, _ = token_client(staff_user)
        real.defaults["REMOTE_ADDR"] = "10.0.0.7"
        assert real.get(DEPUTIES).status_code == 200

        clock.shift(settings.CONGRESS_API_TOKEN_FAILURE_WINDOW)
        assert guesser.get(DEPUTIES).status_code == 401  # the window has passed


def test_good_tokens_do_not_count_toward_the_limit(settings, token_client, staff_user):
    client, _ = token_client(staff_user)
    for _ in range(settings.CONGRESS_API_TOKEN_FAILURE_LIMIT + 5):
        assert client.get(DEPUTIES).status_code == 200


def test_bad_tokens_are_logged_where_the_office_sees_failed_sign_ins():
    from axes.models import AccessFailureLog

    bad_token_client().get(DEPUTIES)
    failure = AccessFailureLog.objects.get()
    assert failure.username == "(api token)" and failure.ip_address == "10.0.0.7"
    assert failure.path_info == DEPUTIES


def test_the_admin_sign_in_is_locked_out_the_same_way(client, person):
    person.is_staff = True
    person.save(update_fields=["is_staff"])
    for attempt in range(5):
        client.post("/admin/login/", {"username": "zhangmin", "password": f"wrong-{attempt}"}, REMOTE_ADDR="10.0.0.7")
    response = client.post("/admin/login/", {"username": "zhangmin", "password": PASSWORD}, REMOTE_ADDR="10.0.0.7")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_old_sign_in_failures_are_purged_and_recent_ones_kept(db):
    from datetime import timedelta

    from axes.models import AccessFailureLog
    from django.utils import timezone

    from congress.tasks import purge_sign_in_failures

    old = AccessFailureLog.objects.create(username="someone", ip_address="10.0.0.1", user_agent="t")
    AccessFailureLog.objects.filter(pk=old.pk).update(attempt_time=timezone.now() - timedelta(days=91))
    recent = AccessFailureLog.objects.create(username="someone", ip_address="10.0.0.1", user_agent="t")
    assert purge_sign_in_failures() == 1
    assert list(AccessFailureLog.objects.values_list("pk", flat=True)) == [recent.pk]
