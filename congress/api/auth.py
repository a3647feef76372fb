"""Named API tokens (stored as SHA-256) and the scope each view asks of them."""

import functools
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions, permissions

from congress import backends, db, security
from congress.models import ApiToken, hash_token

# A token's last_used_at is refreshed at most this often, so reads do not each cost a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class TokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <key>` (or `Token <key>`) → the token's user, with the token as auth.

    An address that sent CONGRESS_API_TOKEN_FAILURE_LIMIT unknown or malformed keys within the
    window gets 429 with Retry-After instead of 401 (issue 6, item 16). The count is read only for
    a key that matched nothing, so a valid key costs no extra query; a valid key from a throttled
    address still works, which is safe because keys are 256-bit random (nothing to guess) and
    spares a unit's system behind a shared address. Revoked and expired keys are real keys, not
    guesses, and do not count.
    """

    keywords = ("bearer", "token")

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode(errors="replace").lower() not in self.keywords:
            return None
        if len(header) != 2:
            self.refuse_guess(request, _("The Authorization header must be “Bearer <key>”."))
        key = header[1].decode(errors="replace")
        token = load_token(hash_token(key))
        if token is None:
            self.refuse_guess(request, _("Unknown API token."))
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("This API token has been revoked."))
        if not token.is_usable:
            raise exceptions.AuthenticationFailed(_("This API token has expired."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("The account behind this API token is disabled."))
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    @staticmethod
    def refuse_guess(request, message):
        wait = security.token_retry_after(request)
        if wait is not None:
            raise exceptions.Throttled(wait=wait, detail=_(
                "Too many unknown API tokens from this address. Try again in %(seconds)d seconds."
            ) % {"seconds": wait})
        security.record_token_failure(request)
        raise exceptions.AuthenticationFailed(message)

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


@functools.cache
def _token_sql() -> str:
    """The token, its user and the user's permission names (congress.backends) in one statement,
    written once per process from the models' names (no input goes into the text). Compiling the
    ORM's version of it cost more than running it, on every API request (issue 7, list speed)."""
    quote, token, user = connection.ops.quote_name, ApiToken._meta, get_user_model()._meta
    selected = [*db.columns(ApiToken, "t"), *db.columns(get_user_model(), "u"),
                backends.names_subquery(f"u.{quote(user.pk.column)}")]
    return (f"SELECT {', '.join(selected)} FROM {quote(token.db_table)} t"  # noqa: S608 (model names only)
            f" JOIN {quote(user.db_table)} u ON u.{quote(user.pk.column)} = t.{quote(token.get_field('user').column)}"
            f" WHERE t.{quote(token.get_field('digest').column)} = %s")


def load_token(digest: str) -> "ApiToken | None":
    """The token with this digest, with its user loaded and the user's permissions primed, so the
    request's `has_perm` checks cost no query; None if no token has it."""
    with db.prepared_reads(connection), connection.cursor() as cursor:  # the same statement every time
        cursor.execute(_token_sql(), [digest])
        row = cursor.fetchone()
    if row is None:
        return None
    width = len(ApiToken._meta.concrete_fields)
    token = db.instance(ApiToken, row[:width])
    token.user = db.instance(get_user_model(), row[width:-1])
    backends.prime(token.user, row[-1])
    return token


class HasTokenScope(permissions.BasePermission):
    """Signed in; and when signed in by token, the token carries the view's `token_scope`.

    A viewset sets `token_scope` (default "read"); an @action may override it with
    `@action(..., token_scope="unit-reply")`. Session users are limited by their roles instead.
    """

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        token = request.auth if isinstance(request.auth, ApiToken) else None
        if token is None:
            return True
        scope = getattr(view, "token_scope", ApiToken.Scope.READ)
        if not token.has_scope(scope):
            self.message = _("This API token lacks the “%(scope)s” scope.") % {"scope": scope}
            return False
        return True
