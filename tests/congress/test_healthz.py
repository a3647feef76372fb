import pytest
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)


def test_healthz_without_a_worker_is_degraded(client):
    report = client.get("/healthz").json()
    assert report["database"]["ok"] and report["redis"]["ok"]
    assert report["worker"] == {"ok": False, "error": "no heartbeat yet"}
    assert report["status"] == "degraded"


def test_healthz_is_503_when_the_database_is_unreachable(client, tmp_path):
    connection.close()
    original = connection.settings_dict["HOST"], connection.settings_dict["PORT"]
    connection.settings_dict["HOST"], connection.settings_dict["PORT"] = str(tmp_path), 1  # no server there
    try:
        response = client.get("/healthz")
    finally:
        connection.close()
        connection.settings_dict["HOST"], connection.settings_dict["PORT"] = original
    assert response.status_code == 503
    assert response.json()["database"]["ok"] is False and response.json()["status"] == "down"


def test_healthz_warns_from_1_november_that_next_year_has_no_calendar(client):
    import time_machine

    from congress.calendar import load_year, parse_year

    with time_machine.travel("2026-10-31 12:00 +0800", tick=False):
        assert client.get("/healthz").json()["calendar"] == {"ok": True}
    with time_machine.travel("2026-11-01 09:00 +0800", tick=False):
        response = client.get("/healthz")
        assert response.status_code == 200  # a warning, never a failure
        assert response.json()["calendar"]["missing_year"] == 2027 and response.json()["calendar"]["ok"]
        load_year(parse_year(2027, ["2027-01-01 元旦"]), source="form")
        assert client.get("/healthz").json()["calendar"] == {"ok": True}
