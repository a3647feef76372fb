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


def columns(model, table: str | None = None) -> list[str]:
    """The quoted columns of `model`'s concrete fields, in `from_db`'s order, each prefixed with
    `table` (an alias in a statement that joins) if given."""
    from django.db import connection  # noqa: PLC0415 (this package is the backend Django is loading)

    prefix = "" if table is None else f"{table}."
    return [prefix + connection.ops.quote_name(field.column) for field in model._meta.concrete_fields]


def instance(model, values):
    """A model instance from a row's values in `columns(model)`'s order, as the ORM builds it."""
    from django.db import connection  # noqa: PLC0415

    return model.from_db(connection.alias, [field.attname for field in model._meta.concrete_fields], values)


@functools.cache
def _select(model, conditions: tuple[tuple[str, str], ...]) -> str:
    from django.db import connection  # noqa: PLC0415

    quote, meta = connection.ops.quote_name, model._meta
    where = " AND ".join(f"{quote(meta.get_field(name).column)} {operator} %s" for name, operator in conditions)
    return f"SELECT {', '.join(columns(model))} FROM {quote(meta.db_table)} WHERE {where}"  # noqa: S608 (model names)


def load_one(model, conditions: tuple[tuple[str, str], ...], params: list):
    """The row of `model` where each (field, operator) of `conditions` holds against its parameter,
    as a model instance (or None), through one plain statement written once per process and prepared
    on the connection. For the look-ups every signed-in request makes (its session, its user):
    building them through the ORM cost more than running them (issue 9, the ballot burst)."""
    from django.db import connection  # noqa: PLC0415

    with prepared_reads(connection), connection.cursor() as cursor:
        cursor.execute(_select(model, conditions), params)
        row = cursor.fetchone()
    return None if row is None else instance(model, row)


class Ids(list):
    """The open parameter of a `Statement`: the list of ids it is run with. The ORM rebuilds a list
    parameter as a new list of the same type, so the type is what marks it in the written text's
    parameters; the backend writes it as one array (congress.db.base.IdsDumper)."""


class Statement:
    """A `.values()` read whose SQL is the same on every run, written by the ORM once per process
    and then run as a plain prepared statement with one open parameter, a list of ids:

        cosigners = Statement(lambda ids: CoSignature.objects.filter(suggestion_id__any=ids).values(...))
        cosigners.rows(page_ids)  # [{"suggestion_id": ..., ...}, ...] in the queryset's order

    For the reads a hot list makes for its page's rows: writing a queryset's SQL (resolving its
    joins, ordering and columns) cost more than running it (issue 7, list speed). `__any` (below)
    keeps the text one whatever the number of ids; the rows are those `.values()` would give, so a
    read whose columns need converting from the database (a JSON column) is refused."""

    def __init__(self, build):
        self.build = build
        self._written: dict[str, tuple[str, list, list[str]]] = {}

    def write(self, connection):
        if connection.alias not in self._written:
            query = self.build(Ids()).query
            compiler = query.get_compiler(connection.alias)
            sql, params = compiler.as_sql()
            if compiler.get_converters([column for column, _sql, _alias in compiler.select]):
                raise TypeError("Statement: a column needs converting from the database; use the queryset")
            names = [*query.extra_select, *query.values_select, *query.annotation_select]
            self._written[connection.alias] = (sql, list(params), names)
        return self._written[connection.alias]

    def rows(self, ids) -> list[dict]:
        from django.db import connection  # noqa: PLC0415 (this package is the backend Django is loading)

        sql, params, names = self.write(connection)
        values = [Ids(ids) if isinstance(param, Ids) else param for param in params]
        with prepared_reads(connection), connection.cursor() as cursor:
            cursor.execute(sql, values)
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def register_lookups() -> None:
    """`field__any=[...]`, for `Statement`s (congress.apps.ready)."""
    from django.db.models import Field, ForeignObject, Lookup  # noqa: PLC0415

    class Any(Lookup):
        """`column = ANY(%s)` with the list as one array parameter: the statement's text stays the
        same whatever the list's length (`__in` writes one placeholder per value)."""

        lookup_name = "any"
        prepare_rhs = False

        def as_sql(self, compiler, connection):
            lhs, lhs_params = self.process_lhs(compiler, connection)
            rhs, rhs_params = self.process_rhs(compiler, connection)
            return f"{lhs} = ANY({rhs})", [*lhs_params, *rhs_params]

    Field.register_lookup(Any)
    ForeignObject.register_lookup(Any)  # related fields keep lookups of their own
