"""`SESSION_ENGINE = "congress.sessions"`: Django's database sessions (they work with Redis down),
whose look-up may be prepared (congress.db): every signed-in request runs the same statement."""

from django.contrib.sessions.backends import db
from django.db import connection

from congress.db import prepared_reads


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        with prepared_reads(connection):
            return super()._get_session_from_db()
