"""Production settings refuse insecure values, and pass `check --deploy` with no warning."""

import os
import subprocess
import sys

import pytest
from django.contrib.sessions.backends.db import SessionStore as DatabaseStore

from congress.sessions import SessionStore
from tests.conftest import ROOT

STRONG_KEY = "k3J9-vQ2#xL7!mP4@zR8$wT1%yU6^nB5&cD0*eF3(gH2)iJ9_kL8+mN7=oP6"


def run_django(env_overrides, *args):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"}}
    env.update(env_overrides)
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


PRODUCTION = {"DJANGO_ENV": "production", "SECRET_KEY": STRONG_KEY, "ALLOWED_HOSTS": "rd.example.gov.cn"}


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY must be set"),
        ({"DEBUG": "1"}, "DEBUG must be off"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS must list"),
        ({"DJANGO_ENV": "staging"}, "DJANGO_ENV must be"),
    ],
)
def test_production_refuses_to_start_on_insecure_values(overrides, message):
    result = run_django({**PRODUCTION, **overrides}, "check")
    assert result.returncode != 0
    assert message in result.stderr


def test_missing_database_url_is_explained():
    result = run_django({"DATABASE_URL": ""}, "check")
    assert result.returncode != 0
    assert "DATABASE_URL is not set" in result.stderr


def test_check_deploy_is_clean_under_production_settings():
    result = run_django(PRODUCTION, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_development_defaults_are_safe_to_run_locally(settings):
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.SESSION_ENGINE == "congress.sessions" and issubclass(SessionStore, DatabaseStore)  # no Redis
    assert settings.CELERY_TASK_ACKS_LATE and settings.CELERY_TASK_REJECT_ON_WORKER_LOST
