"""Who may act: the answer of a rules predicate, with the reason when the answer is no.

A predicate in an app's `rules.py` returns a `Verdict`. It is truthy when the action is allowed;
when it is not, `.reason` is the translated message the acting user sees and `.code` the stable
error code API clients rely on. The service calls the predicate first thing after locking and
refuses with `verdict.enforce()`; a page calls the same predicate to decide which actions to show.

    def can_close(user, suggestion):
        if not is_office(user):
            return forbid(_("Only the office can close a suggestion."))
        if suggestion.status not in ...:
            return deny(_("Only a suggestion that is being handled can be closed."), "state")
        return allow()
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError


class Verdict:
    """Allowed, or refused with a reason: "not your role" (`forbidden`) or "not in this state"."""

    __slots__ = ("allowed", "reason", "code", "forbidden")

    def __init__(self, allowed: bool, reason: str = "", code: str = "", forbidden: bool = False):
        self.allowed, self.reason, self.code, self.forbidden = allowed, reason, code, forbidden

    def __bool__(self) -> bool:
        return self.allowed

    def __repr__(self) -> str:
        if self.allowed:
            return "allow()"
        return f"{'forbid' if self.forbidden else 'deny'}({self.reason!r}, {self.code!r})"

    def enforce(self) -> None:
        """Raise what the refusal means: PermissionDenied for the wrong actor, else a ValidationError
        with the code; nothing when allowed."""
        if self.allowed:
            return
        if self.forbidden:
            raise PermissionDenied(self.reason)
        raise ValidationError(self.reason, code=self.code)


_ALLOWED = Verdict(True)


def allow() -> Verdict:
    return _ALLOWED


def deny(message: str, code: str) -> Verdict:
    """Refused because of the object's state (or a rule): shown as a validation error with `code`."""
    return Verdict(False, str(message), code)


def forbid(message: str, code: str = "permission_denied") -> Verdict:
    """Refused because this user may not do it at all (the wrong role or someone else's case)."""
    return Verdict(False, str(message), code, forbidden=True)

