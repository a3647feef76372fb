"""A test that asserts nothing cannot fail: this plugin refuses to run a suite that has one.

The rule, checked at collection on each test function's source (parsed with `ast`): a test must
contain at least one of
- an `assert` statement;
- `pytest.raises(...)` / `pytest.warns(...)` / `pytest.fail(...)` (or `raises`/`warns` imported bare);
- a call of a helper whose name starts with `assert_`, `check_` or `expect` (`assert_refused(...)`,
  `mock.assert_called_once()`, `page.expect_navigation()`), which is where its assertion lives.

A test that breaks the rule stops the run with a usage error that lists it (file, line, name).
Nested functions count: an assertion in a local helper the test defines is still the test's.
"""

from __future__ import annotations

import ast
import inspect
import textwrap

import pytest

HELPER_PREFIXES = ("assert_", "check_", "expect")
RAISING = {"raises", "warns", "fail", "deprecated_call"}


def _called_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


def asserts_something(source: str) -> bool:
    """Whether the source of one test function contains an assertion by the rule above."""
    tree = ast.parse(textwrap.dedent(source))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assert):
            return True
        if isinstance(node, ast.Call):
            name = _called_name(node)
            if name in RAISING or name.startswith(HELPER_PREFIXES):
                return True
    return False


def tests_without_assertions(items) -> list[str]:
    seen, offenders = set(), []
    for item in items:
        function = getattr(item, "function", None)
        if function is None or function in seen:
            continue  # not a Python test function, or another parameter set of one already checked
        seen.add(function)
        function = inspect.unwrap(function)
        try:
            source = inspect.getsource(function)
        except (OSError, TypeError):
            continue
        if not asserts_something(source):
            path, line = inspect.getsourcefile(function), inspect.getsourcelines(function)[1]
            offenders.append(f"{path}:{line} {function.__qualname__}")
    return offenders


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(session, config, items):
    offenders = tests_without_assertions(items)
    if offenders:
        raise pytest.UsageError(
            "these tests assert nothing, so they cannot fail (tests/plugins/assertions.py):\n  "
            + "\n  ".join(offenders))
