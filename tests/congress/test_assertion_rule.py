"""The suite refuses tests that assert nothing (tests/plugins/assertions.py, issue 6 item 23)."""

import os
import subprocess
import sys
import textwrap

from tests.conftest import ROOT
from tests.plugins.assertions import asserts_something


def test_what_counts_as_an_assertion():
    assert asserts_something("def test_a():\n    assert 1 + 1 == 2\n")
    assert asserts_something("def test_b():\n    with pytest.raises(ValueError):\n        int('x')\n")
    assert asserts_something("def test_c(response):\n    assert_refused(response, 'note', 'required')\n")
    assert asserts_something("def test_d(m):\n    m.assert_called_once_with(1)\n")
    assert not asserts_something("def test_e(client):\n    client.get('/')\n")
    assert not asserts_something("def test_f():\n    result = compute()\n    result == 3\n")


def test_a_suite_with_a_test_that_asserts_nothing_does_not_run(tmp_path):
    (tmp_path / "test_probe.py").write_text(textwrap.dedent("""
        def test_fine():
            assert True

        def test_silent():
            sum([1, 2])
    """))
    run = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "pytest", "-p", "tests.plugins.assertions", "-p", "no:django", "-p", "no:cacheprovider",
         "-c", os.devnull, "--rootdir", str(tmp_path), str(tmp_path)],
        cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)), capture_output=True, text=True, timeout=120,
    )
    assert run.returncode != 0
    assert "test_silent" in run.stdout + run.stderr and "assert nothing" in run.stdout + run.stderr
    assert "test_fine" not in (run.stdout + run.stderr).split("assert nothing", 1)[1]
