"""The database backend: Django's PostgreSQL backend, with prepared statements for hot reads.

Django binds parameters on the client: each statement goes to PostgreSQL with its values written
in, so PostgreSQL parses and plans it afresh every time. That binding stays, because pghistory
prefixes a changing request's statements with `set_config(...)` and the server-side binding that
prepared statements need takes one statement per call. In the suggestions list's profile the
planning of its five statements was a third of their time (issue 7, list speed), and the raw
baseline's psycopg prepares them. Inside `prepared_reads()` cursors bind on the server instead,
and psycopg prepares a statement once the same text has run `prepare_threshold` times on the
connection (OPTIONS in settings; Django's default keeps it off).
"""

import contextlib
import contextvars

_prepared = contextvars.ContextVar("congress_prepared_reads", default=False)


def _tracking_history(connection) -> bool:
    return any(getattr(w, "__name__", "") == "_inject_history_context" for w in connection.execute_wrappers)


@contextlib.contextmanager
def prepared_reads(connection):
    """Statements run on `connection` in the block may be prepared: for blocks that only read and
    run the same statements request after request (the API lists' pages). A block inside a
    request that records row history keeps client-side binding: its statements carry the prefix."""
    token = _prepared.set(not _tracking_history(connection))
    try:
        yield
    finally:
        _prepared.reset(token)


def preparing() -> bool:
    return _prepared.get()
