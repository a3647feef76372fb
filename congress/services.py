"""Writes of the shared core. Each is atomic and audited (style.md B3)."""

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress import audit
from congress.models import ApiToken, hash_token


def issue_api_token(*, actor, name: str, user, scopes: list[str], unit=None, expires_at=None):
    """Create a named token; returns (token, key). The key is shown once and never stored."""
    if actor is not None and not actor.is_superuser:
        raise PermissionDenied(_("Only an administrator may issue API tokens."))
    errors = {}
    if not name.strip():
        errors["name"] = _("Give the token a name that says which system uses it.")
    elif ApiToken.objects.filter(name=name.strip()).exists():
        errors["name"] = _("A token with this name already exists.")
    unknown = sorted(set(scopes) - set(ApiToken.Scope.values))
    if not scopes:
        errors["scopes"] = _("Choose at least one scope.")
    elif unknown:
        errors["scopes"] = _("Unknown scopes: %(scopes)s.") % {"scopes": ", ".join(unknown)}
    if ApiToken.Scope.UNIT_REPLY in scopes and unit is None:
        errors["unit"] = _("The unit-reply scope needs the unit the token answers for.")
    if expires_at is not None and expires_at <= timezone.now():
        errors["expires_at"] = _("The expiry time must be in the future.")
    if errors:
        raise ValidationError(errors)
    key = "cgt_" + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            name=name.strip(), user=user, prefix=key[:12], digest=hash_token(key),
            scopes=sorted(set(scopes)), unit=unit, expires_at=expires_at,
        )
        audit.record(token, "congress.apitoken.issued", actor=actor, scopes=token.scopes,
                     unit=unit.pk if unit else None)
    return token, key


def revoke_api_token(token: ApiToken, *, actor) -> ApiToken:
    """Revoke a token at once; a second call changes nothing."""
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is not None:
            return token
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(token, "congress.apitoken.revoked", actor=actor)
    return token
