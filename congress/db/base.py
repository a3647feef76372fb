"""`ENGINE = "congress.db"`: Django's PostgreSQL backend whose cursors bind on the server inside
`congress.db.prepared_reads()` (see there why)."""

from django.db.backends.postgresql import base

from congress.db import preparing


class DatabaseWrapper(base.DatabaseWrapper):
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
