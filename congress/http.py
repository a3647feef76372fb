"""Reading what a browser sent: where to go next, and which ids it ticked.

Every view that redirects to a URL the user gave goes through `safe_next`, so a crafted link
(`next=https://evil.example/`) cannot send a signed-in person to another site (issue 6, item 17).
Ids are parsed with ASCII digits only: `str.isdigit()` accepts "²" and "٣", which `int()` then
refuses or reads as another number."""

from django.utils.http import url_has_allowed_host_and_scheme

from congress.bounds import parse_id


def safe_next(request, fallback: str) -> str:
    """The `next` the request carries (POST first, then GET) when it stays on this site; else `fallback`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return fallback


__all__ = ["parse_id", "parse_ids", "safe_next"]


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
