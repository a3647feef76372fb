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
