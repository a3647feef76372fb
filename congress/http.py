"""Reading what a browser sent: where to go next, and which ids it ticked.

Every view that redirects to a URL the user gave goes through `safe_next`, so a crafted link
(`next=https://evil.example/`) cannot send a signed-in person to another site (issue 6, item 17).
Ids are parsed with ASCII digits only: `str.isdigit()` accepts "²" and "٣", which `int()` then
refuses or reads as another number."""

import re

from django.utils.http import url_has_allowed_host_and_scheme

_ASCII_ID = re.compile(r"[0-9]{1,18}")


def safe_next(request, fallback: str) -> str:
    """The `next` the request carries (POST first, then GET) when it stays on this site; else `fallback`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return fallback


def parse_id(value) -> int | None:
    """A positive database id written in ASCII digits, or None."""
    if isinstance(value, str) and _ASCII_ID.fullmatch(value.strip()):
        number = int(value.strip())
        return number or None
    return None


def parse_ids(values) -> tuple[list[int], list[str]]:
    """(the ids, the values that are not ids) of a multi-valued field."""
    ids, bad = [], []
    for value in values:
        number = parse_id(value)
        if number is None:
            bad.append(value)
        else:
            ids.append(number)
    return ids, bad
