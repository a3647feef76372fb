"""The public pages (no login): deputy and station pages with QR codes and posters, the message
form's abuse cases (over-long input, spam, rate limit in the database with Redis stopped, script
shown as text), and the lookup code (not guessable, not enumerable, never in a URL)."""

import pytest

from deputies import stations_services as services
from deputies.models import PublicSubmission, ReportBack, ResidentIssue
from tests.deputies.stations_helpers import TODAY, routed_issue, world_fixture  # noqa: F401

MESSAGE = {"subject": "噪音扰民", "content": "夜里工地施工。", "resident_name": "刘先生",
           "resident_contact": "13711112222"}


def post(client, url, data, ip="10.1.1.1"):
    return client.post(url, data, REMOTE_ADDR=ip)


def test_deputy_page_shows_public_facts_a_qr_code_and_never_a_phone(world, client):
    w = world
    response = client.get(f"/p/deputies/{w.deputy.pk}/")
    body = response.content.decode()
    assert response.status_code == 200 and "王建国" in body and "<svg" in body
    assert "13900001111" not in body
    poster = client.get(f"/p/deputies/{w.deputy.pk}/poster/").content.decode()
    assert "css/print.css" in poster and "<svg" in poster and "13900001111" not in poster
    svg = client.get(f"/p/deputies/{w.deputy.pk}/qr.svg")
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    assert client.get(f"/p/stations/{w.station.code}/").status_code == 200
    assert client.get("/p/deputies/999999/").status_code == 404


def test_a_message_reaches_the_deputy_without_the_contact_and_gives_a_code(world, client):
    w = world
    response = post(client, f"/p/deputies/{w.deputy.pk}/", MESSAGE)
    issue = ResidentIssue.objects.get()
    assert response.status_code == 200 and issue.deputy == w.deputy and issue.resident_contact == "13711112222"
    code = response.context["code"]
    assert code in response.content.decode() and len(code) == services.CODE_LENGTH
    notification = w.deputy.user.notifications.get()
    assert "13711112222" not in notification.title + notification.body


def test_script_is_shown_as_text(world, client):
    w = world
    post(client, f"/p/stations/{w.station.code}/", {**MESSAGE, "subject": "<script>alert(1)</script>"})
    issue = ResidentIssue.objects.get()
    client.force_login(w.staff)
    body = client.get(f"/staff/deputies/issues/{issue.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body


@pytest.mark.parametrize("data", [
    {**MESSAGE, "content": "长" * 2001},
    {**MESSAGE, "subject": "题" * 101},
    {**MESSAGE, "website": "http://spam.example"},  # the honeypot
    {**MESSAGE, "content": "buy http://a.example http://b.example"},
    {**MESSAGE, "subject": ""},
    {**MESSAGE, "content": "\x00"},
])
def test_bad_messages_get_400_and_nothing_is_saved(world, client, data):
    w = world
    response = post(client, f"/p/deputies/{w.deputy.pk}/", data)
    assert response.status_code == 400 and not ResidentIssue.objects.exists()


@pytest.fixture
def redis_down(private_redis, settings):
    settings.REDIS_URL = settings.CELERY_BROKER_URL = settings.CELERY_RESULT_BACKEND = private_redis.url
    private_redis.stop(kill=True)
    return private_redis


def test_the_rate_limit_is_counted_in_the_database_and_holds_with_redis_stopped(world, client, settings,
                                                                                redis_down):
    w = world
    settings.RESIDENT_MESSAGE_LIMIT = 3
    for _ in range(3):
        assert post(client, f"/p/deputies/{w.deputy.pk}/", MESSAGE).status_code == 200
    refused = post(client, f"/p/deputies/{w.deputy.pk}/", MESSAGE)
    assert refused.status_code == 429 and ResidentIssue.objects.count() == 3
    assert post(client, f"/p/deputies/{w.deputy.pk}/", MESSAGE, ip="10.9.9.9").status_code == 200
    assert PublicSubmission.objects.filter(kind="message").count() == 4


def test_lookup_shows_the_outcome_and_takes_the_rating(world, client):
    w = world
    issue, code = routed_issue(w)
    services.answer_issue(issue, actor=w.handler, answer="已修好")
    response = client.post("/p/issues/lookup/", {"code": code})
    body = response.content.decode()
    assert response.status_code == 200 and "已修好" in body and "13812345678" not in body
    assert 'action="/p/issues/rate/"' in body
    rated = client.post("/p/issues/rate/", {"code": code, "rating": "basically", "comment": "慢了点"})
    assert rated.status_code == 200 and "rate_form" not in rated.context
    assert client.post("/p/issues/rate/", {"code": "AAAAAAAAAAAA", "rating": "satisfied"}).status_code == 404
    issue.refresh_from_db()
    assert issue.rating == "basically" and issue.status == "closed"


def test_lookup_is_not_enumerable(world, client, settings):
    w = world
    settings.RESIDENT_LOOKUP_FAILURE_LIMIT = 3
    _issue, code = routed_issue(w)
    assert client.get(f"/p/issues/lookup/?code={code}").status_code == 200  # a code in a URL is ignored
    assert "小区路灯不亮" not in client.get(f"/p/issues/lookup/?code={code}").content.decode()
    for guess in ("AAAAAAAAAAAA", "١٢٣٤٥٦٧٨٩٠١٢", "x" * 33):
        assert client.post("/p/issues/lookup/", {"code": guess}).status_code in (400, 404)
    # three failures: now even the right code is refused from this address
    assert client.post("/p/issues/lookup/", {"code": "BBBBBBBBBBBB"}).status_code == 429
    assert client.post("/p/issues/lookup/", {"code": code}).status_code == 429
    assert client.post("/p/issues/lookup/", {"code": code}, REMOTE_ADDR="10.2.2.2").status_code == 200


def test_phone_rating_of_a_report_back_through_its_qr_link(world, client):
    w = world
    report_back = ReportBack.objects.create(deputy=w.deputy, year=TODAY.year)
    token = services.record_report_back(report_back, actor=w.staff, held_on=TODAY, report="述职报告")
    assert client.get("/p/report-backs/rate/guess/").status_code == 404
    assert client.post(f"/p/report-backs/rate/{token}/", {"rating": "satisfied"}).status_code == 200
    assert client.post(f"/p/report-backs/rate/{token}/", {"rating": "nonsense"}).status_code == 400
    assert report_back.ratings.count() == 1
