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
import functools

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


@functools.cache
def _select(model, conditions: tuple[tuple[str, str], ...]) -> tuple[str, tuple[str, ...]]:
    from django.db import connection  # noqa: PLC0415 (this package is the backend Django is loading)

    quote, meta = connection.ops.quote_name, model._meta
    where = " AND ".join(f"{quote(meta.get_field(name).column)} {operator} %s" for name, operator in conditions)
    columns = ", ".join(quote(field.column) for field in meta.concrete_fields)
    return (f"SELECT {columns} FROM {quote(meta.db_table)} WHERE {where}",  # noqa: S608 (names from the model)
            tuple(field.attname for field in meta.concrete_fields))


def load_one(model, conditions: tuple[tuple[str, str], ...], params: list):
    """The row of `model` where each (field, operator) of `conditions` holds against its parameter,
    as a model instance (or None), through one plain statement written once per process and prepared
    on the connection. For the look-ups every signed-in request makes (its session, its user):
    building them through the ORM cost more than running them (issue 9, the ballot burst)."""
    from django.db import connection  # noqa: PLC0415

    sql, names = _select(model, conditions)
    with prepared_reads(connection), connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return None if row is None else model.from_db(connection.alias, names, row)
