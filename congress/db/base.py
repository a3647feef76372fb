"""`ENGINE = "congress.db"`: Django's PostgreSQL backend whose cursors bind on the server inside
`congress.db.prepared_reads()` (see there why), and which reads timestamps with psycopg's own
loader."""

import datetime
import functools
import select

from django.db.backends.postgresql import base
from psycopg import adapters
from psycopg.adapt import Dumper, Loader
from psycopg.pq import Format, TransactionStatus

from congress.db import Ids, preparing


class IdsDumper(Dumper):
    """A `Statement`'s ids (congress.db.Ids) as one `bigint[]` literal written at once. psycopg's
    list dumper writes each element and searches its text for characters to quote, a regular
    expression per id of the page (issue 7, list speed). `int()` keeps anything else out."""

    oid = adapters.types["int8"].array_oid

    def dump(self, ids):
        return ("{" + ",".join(map(str, map(int, ids))) + "}").encode()


@functools.cache
def _native_timestamp_loader(timezone):
    """A `timestamptz` loader that hands each value to psycopg's own (compiled, with psycopg[binary]),
    marked with the time zone Django checks for (`DatabaseWrapper.create_cursor`). Django's loader
    derives from psycopg's pure-Python one to set the time zone of every value; with the session in
    UTC, psycopg's gives the same `datetime.timezone.utc` values itself. A page of 50 suggestions has
    about 200 timestamps, and parsing them in Python was a millisecond of the list (issue 7)."""
    native = adapters.get_loader(base.TIMESTAMPTZ_OID, Format.TEXT)

    class TimestamptzLoader(Loader):
        def __init__(self, oid, context=None):
            super().__init__(oid, context)
            self._native = native(oid, context).load

        def load(self, data):
            return self._native(data)

    TimestamptzLoader.timezone = timezone
    return TimestamptzLoader


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self):
        """Whether a kept connection still works, without Django's `SELECT 1` round trip on the
        first query of every request (CONN_HEALTH_CHECKS; a few per cent of a list request under
        load, issue 7). An idle connection has nothing to read: a server that closed it (a restart,
        a terminated backend) leaves its socket readable with the goodbye or the end of the stream,
        and psycopg marks one it saw fail as broken. Anything unexpected to read also means
        reconnecting, which is always safe between requests."""
        connection = self.connection
        if connection is None or connection.closed or connection.broken:
            return False
        if connection.info.transaction_status != TransactionStatus.IDLE:
            return super().is_usable()  # mid-transaction (not between requests): ask the server
        poller = select.poll()  # not select(): a process with many files may hold descriptors past 1024
        try:
            poller.register(connection.fileno(), select.POLLIN)
            return not poller.poll(0)
        except (OSError, ValueError):
            return False

    def get_connection_params(self):
        params = super().get_connection_params()
        # Django sets the session's time zone to UTC whenever USE_TZ is on (its `timezone`).
        if self.timezone is datetime.UTC:
            params["context"].register_loader("timestamptz", _native_timestamp_loader(self.timezone))
        params["context"].register_dumper(Ids, IdsDumper)
        return params

    def create_cursor(self, name=None):
        if name is not None or not preparing():
            return super().create_cursor(name)
        # Django's own cursor set-up (the time zone of timestamps) with the server-binding class.
        factory = self.connection.cursor_factory
        self.connection.cursor_factory = base.ServerBindingCursor
        try:
            return super().create_cursor(name)
        finally:
            self.connection.cursor_factory = factory
