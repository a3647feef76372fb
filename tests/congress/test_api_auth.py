"""API authentication: named tokens, stored hashed, with scopes; 401 without, 403 outside scope."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from congress import roles
from congress.models import ApiToken
from congress.services import issue_api_token, revoke_api_token
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
URL = "/api/v1/deputies/"


def test_no_credentials_get_401_with_a_bearer_challenge(api_client):
    response = api_client.get(URL)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_an_unknown_key_gets_401(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Bearer cgt_not-a-real-key")
    response = api_client.get(URL)
    assert response.status_code == 401
    assert response.json()["detail"]


def test_a_malformed_header_gets_401(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Bearer two parts")
    assert api_client.get(URL).status_code == 401


def test_a_read_token_lists_deputies(token_client, staff_user, deputy):
    client, token = token_client(staff_user)
    response = client.get(URL)
    assert response.status_code == 200
    assert [row["name"] for row in response.json()["results"]] == [deputy.name]
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_revoked_token_gets_401_at_once(token_client, staff_user):
    client, token = token_client(staff_user)
    assert client.get(URL).status_code == 200
    revoke_api_token(token, actor=None)
    response = client.get(URL, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 401
    assert response.json()["detail"] == "This API token has been revoked."
    assert client.get(URL).json()["detail"] == "此 API 令牌已被吊销。"  # Chinese by default


def test_an_expired_token_gets_401(token_client, staff_user):
    client, token = token_client(staff_user)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(URL).status_code == 401


def test_a_token_without_the_read_scope_gets_403(token_client, staff_user):
    client, _ = token_client(staff_user, scopes=["stats"])
    response = client.get(URL)
    assert response.status_code == 403
    assert "read" in response.json()["detail"]


def test_a_token_of_a_disabled_account_gets_401(token_client, staff_user):
    client, _ = token_client(staff_user)
    staff_user.is_active = False
    staff_user.save()
    assert client.get(URL).status_code == 401


def test_only_the_hash_of_the_key_is_stored(staff_user):
    token, key = issue_api_token(actor=None, name="城市平台", user=staff_user, scopes=["read"])
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert key not in {str(v) for v in stored.values()}
    assert stored["digest"] != key and len(stored["digest"]) == 64
    assert key.startswith(stored["prefix"])


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"name": " "}, "name"),
        ({"scopes": []}, "scopes"),
        ({"scopes": ["write-all"]}, "scopes"),
        ({"scopes": ["unit-reply"]}, "unit"),
        ({"expires_at": timezone.now() - timedelta(days=1)}, "expires_at"),
    ],
)
def test_bad_token_requests_are_refused_with_a_message_and_nothing_is_saved(staff_user, kwargs, field):
    arguments = {"actor": None, "name": "城市平台", "user": staff_user, "scopes": ["read"], **kwargs}
    with pytest.raises(ValidationError) as error:
        issue_api_token(**arguments)
    assert field in error.value.message_dict
    assert not ApiToken.objects.exists()


def test_only_an_administrator_issues_tokens(staff_user):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        issue_api_token(actor=staff_user, name="x", user=staff_user, scopes=["read"])
    assert not ApiToken.objects.exists()


def test_issuing_and_revoking_are_on_the_timeline(staff_user):
    from congress.audit import timeline

    admin = make_user(roles.STAFF, username="root", is_superuser=True)
    token, _ = issue_api_token(actor=admin, name="大屏", user=staff_user, scopes=["read"])
    revoke_api_token(token, actor=admin)
    revoke_api_token(token, actor=admin)  # a second revoke changes nothing
    assert [e.action for e in timeline(token)] == ["congress.apitoken.issued", "congress.apitoken.revoked"]
    assert all(e.actor == admin for e in timeline(token))


def test_the_schema_documents_the_api_and_its_token_scheme(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    document = schema.json()
    assert {"/api/v1/deputies/", "/api/v1/units/", "/api/v1/meetings/"} <= set(document["paths"])
    assert document["components"]["securitySchemes"]["tokenAuth"]["scheme"] == "bearer"


def test_swagger_ui_is_served_from_local_static_files(client):
    page = client.get("/api/v1/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "cdn" not in html.lower() and "unpkg" not in html.lower()
