"""schemathesis against /api/v1/schema/, once per kind of caller (issue 6, item 18; quality.md goal 22).

Every operation of the published schema gets generated requests through the WSGI application, in
process and on the test database: a staff token (read), a unit system's token (read, unit-reply)
and a deputy's session. Each answer must be no 5xx, a status code the schema documents, and a body
that matches the documented schema. SCHEMATHESIS_MAX_EXAMPLES sets the examples per operation:
5 in the suite, which keeps the three runs near a minute on 2 cores; a nightly run may raise it
(quality.md goal 22 asks ≥ 50). SCHEMATHESIS_TIMES=1 prints the time each operation took.
"""

import os
import time
from datetime import timedelta

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from congress.services import issue_api_token
from congress.wsgi import application
from tests.suggestions.conftest import district, replied  # noqa: F401  (district is a fixture)
from tests.suggestions.test_api import UNIT_SCOPES, assigned_today, d  # noqa: F401  (d is a fixture)

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "5"))
# SCHEMATHESIS_NEGATIVE=1 also sends requests that break the schema (they must get a documented 4xx).
NEGATIVE = os.environ.get("SCHEMATHESIS_NEGATIVE") == "1"
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]


@pytest.fixture
def world(d):  # noqa: F811
    """Rows in every list, so that bodies are validated with content and not only empty pages."""
    today = timezone.localdate()
    replied(d, assigned_today(d), "jt", category="B", day=today,
            commitments=[("新建停车场", today + timedelta(days=200))])
    assigned_today(d)
    return d


@pytest.fixture(autouse=True)
def connection_kept_open():
    """Requests go through the real WSGI handler, whose request signals would close the test's
    database connection (and its transaction); Django's test client unhooks them the same way."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


def run_schema(headers=None, cookies=None) -> list[str]:
    """The failures, one line each; and a check that the caller really got in (not 401 throughout)."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)
    failures, answered = [], set()
    for result in schema.get_all_operations():
        operation = result.ok()

        strategy = operation.as_strategy()
        if NEGATIVE:
            strategy = strategy | operation.as_strategy(generation_mode=GenerationMode.NEGATIVE)

        @given(case=strategy)
        @hypothesis_settings(max_examples=MAX_EXAMPLES, deadline=None, database=None, derandomize=True,
                             phases=[Phase.explicit, Phase.generate],
                             suppress_health_check=list(HealthCheck))
        def check(case):
            response = case.call_and_validate(headers=headers, cookies=cookies, checks=CHECKS)
            answered.add(response.status_code)

        started = time.monotonic()
        try:
            check()
        except Exception as error:  # noqa: BLE001 - every operation is run; all failures are reported at once
            failures.append(f"{operation.label}: {str(error)[:1500]}")
        if os.environ.get("SCHEMATHESIS_TIMES"):
            print(f"{time.monotonic() - started:6.2f}s {operation.label}")  # noqa: T201
    assert 200 in answered, f"the caller was never answered 200: {sorted(answered)}"
    return failures


def bearer(user, scopes=("read",), unit=None) -> dict:
    _, key = issue_api_token(actor=None, name=f"schemathesis-{user.username}", user=user, scopes=list(scopes),
                             unit=unit)
    return {"Authorization": f"Bearer {key}"}


def test_with_a_staff_read_token(world):
    failures = run_schema(headers=bearer(world["staff"]))
    assert not failures, "\n\n".join(failures)


def test_with_a_unit_reply_token(world):
    failures = run_schema(headers=bearer(world["handlers"]["jt"], UNIT_SCOPES, world["units"]["jt"]))
    assert not failures, "\n\n".join(failures)


def test_with_a_deputys_session(world):
    browser = Client()
    browser.force_login(world["lead"].user)
    failures = run_schema(cookies={"sessionid": browser.cookies["sessionid"].value})
    assert not failures, "\n\n".join(failures)


def test_the_schema_says_what_may_be_null_and_which_errors_a_list_gives(client):
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    deputy = schema["components"]["schemas"]["Deputy"]["properties"]
    assert deputy["delegation"].get("nullable") is True
    assert deputy["station"].get("nullable") is True
    for path in ["/api/v1/deputies/", "/api/v1/suggestions/", "/api/v1/assignments/"]:
        responses = schema["paths"][path]["get"]["responses"]
        assert {"200", "400", "401", "403", "404", "429"} <= set(responses), (path, sorted(responses))
    detail = schema["paths"]["/api/v1/suggestions/{id}/"]["get"]["responses"]
    assert "404" in detail
    reply = schema["paths"]["/api/v1/assignments/{id}/reply/"]["post"]["responses"]
    assert {"201", "400", "404", "413"} <= set(reply)
