"""The installed package finds its bench scenarios without importing the test tree."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from congress import bench

ROOT = Path(__file__).resolve().parents[2]
APPS = ("congress", "deputies", "suggestions", "oversight", "livelihood")

# Imports every module of the installed apps in a fresh interpreter started in the checkout (so that
# `tests` *could* be imported), then prints what of `tests` got imported: nothing, or the culprits.
PROBE = f"""
import importlib, pkgutil, sys
import django
django.setup()
for name in {APPS!r}:
    package = importlib.import_module(name)
    for module in pkgutil.walk_packages(package.__path__, name + "."):
        importlib.import_module(module.name)
    importlib.import_module(name)
from congress import bench
bench.discover()
print(sorted(bench.SCENARIOS))
print(sorted(m for m in sys.modules if m == "tests" or m.startswith("tests.")))
"""


def test_importing_every_module_of_the_installed_apps_never_imports_tests():
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True,  # noqa: S603
                          timeout=120)
    assert done.returncode == 0, done.stderr
    scenarios, imported = done.stdout.strip().splitlines()[-2:]
    assert "suggestions-api-list" in scenarios and "deputies-api-list" in scenarios  # and discovery found them
    assert imported == "[]", f"the installed package imported {imported}"


def test_bench_list_shows_every_app_scenario(capsys):
    call_command("bench", "--list")
    listed = capsys.readouterr().out
    for name, app in [("deputies-api-list", "deputies"), ("suggestions-api-list", "suggestions"),
                      ("suggestions-reminder-sweep", "suggestions"), ("suggestions-statistics", "suggestions")]:
        assert name in listed and f"[{app}]" in listed


def test_raw_baselines_are_named_for_the_gunicorn_subprocess_only_in_a_checkout(monkeypatch, tmp_path):
    assert bench.checkout_baseline("raw_wsgi") == "tests.bench.raw_wsgi:application"
    monkeypatch.setattr(bench, "ROOT", tmp_path)  # an installed copy: no tests/ beside the package
    with pytest.raises(RuntimeError, match="run the bench from a checkout"):
        bench.checkout_baseline("raw_wsgi")
