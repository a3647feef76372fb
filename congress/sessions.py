"""`SESSION_ENGINE = "congress.sessions"`: Django's database sessions (they work with Redis down),
looked up by one prepared statement (congress.db.load_one): every signed-in request runs it."""

from django.contrib.sessions.backends import db
from django.utils import timezone

from congress.db import load_one


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        """Django's look-up, the key and not expired, without the ORM's building of it."""
        session = load_one(self.model, (("session_key", "="), ("expire_date", ">")),
                           [self.session_key, timezone.now()])
        if session is None:
            self._session_key = None
        return session
