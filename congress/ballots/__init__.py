"""The ballot machinery shared by every secret vote (architecture.md "Ballots and votes").

Apps that own ballots register a hook once, in their AppConfig.ready():

    from congress.ballots import register_owner
    register_owner(Cycle, on_cast=award_voting_point, electorate=deputies_of, on_published=adopt,
                   label=_("Livelihood cycle"))

- `on_cast(ballot, user)` runs inside the casting transaction with the voter only, never the marks
  (award the duty point for voting);
- `electorate(ballot)` returns the users who may vote (a User queryset), snapshotted at opening;
  without it, every active user in the deputy role;
- `on_published(ballot)` runs inside the publishing transaction (adopt the projects, file a
  rectification task for an 不满意 result); `ballot.result` is then readable.

This module imports no model at import time, so it can be imported from any AppConfig.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Owner:
    model: type
    label: str = ""
    on_cast: Callable | None = None
    electorate: Callable | None = None
    on_published: Callable | None = None


_OWNERS: dict[str, Owner] = {}


def register_owner(model, *, on_cast=None, electorate=None, on_published=None, label="") -> Owner:
    owner = Owner(model=model, label=label or model._meta.verbose_name, on_cast=on_cast,
                  electorate=electorate, on_published=on_published)
    _OWNERS[model._meta.label_lower] = owner
    return owner


def owner_hooks(ballot) -> Owner | None:
    """The hooks registered for the model of `ballot`'s owner, if any."""
    from django.contrib.contenttypes.models import ContentType

    # get_for_id answers from the process's cache: no query on every cast, as `ballot.content_type` costs.
    content_type = ContentType.objects.get_for_id(ballot.content_type_id)
    return _OWNERS.get(f"{content_type.app_label}.{content_type.model}")
