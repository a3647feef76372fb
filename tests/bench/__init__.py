"""Benchmark scenarios, one module per app label, found and run by `manage.py bench`.

These modules are not tests (pytest collects only `test_*.py`); they live here because they
share the tests' habits: deterministic data, no reliance on the development database.
"""
