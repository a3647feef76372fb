"""Brute-force protection that is not django-axes' own: the client address both counters use, and
the throttle on bad API tokens (quality.md §4.2, ASVS V2.2.1; issue 6 item 16).

Both are kept in the database, not the cache: the cache is per process (four gunicorn workers would
each allow the limit) and Redis may be down. Bad tokens are written to axes' access-failure log,
so the admin lists them beside failed sign-ins, under the user name `TOKEN_FAILURE_USERNAME`.
"""

import ipaddress
import math
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

TOKEN_FAILURE_USERNAME = "(api token)"  # noqa: S105 - a label in the failure log, not a secret


def client_ip(request) -> str:
    """The caller's address: REMOTE_ADDR, or with CONGRESS_TRUSTED_PROXY_COUNT proxies in front,
    the address the outermost trusted proxy saw (the client cannot forge what lies to its right)."""
    address = request.META.get("REMOTE_ADDR") or "0.0.0.0"  # noqa: S104 - a placeholder, never bound
    proxies = settings.CONGRESS_TRUSTED_PROXY_COUNT
    if proxies > 0:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        if len(hops) >= proxies:
            address = hops[-proxies]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return "0.0.0.0"  # noqa: S104


def token_retry_after(request) -> int | None:
    """Seconds until this address may try a token again, or None when it is not throttled."""
    from axes.models import AccessFailureLog

    limit = settings.CONGRESS_API_TOKEN_FAILURE_LIMIT
    window: timedelta = settings.CONGRESS_API_TOKEN_FAILURE_WINDOW
    now = timezone.now()
    recent = list(
        AccessFailureLog.objects.filter(
            username=TOKEN_FAILURE_USERNAME, ip_address=client_ip(request), attempt_time__gte=now - window
        ).order_by("-attempt_time").values_list("attempt_time", flat=True)[:limit]
    )
    if len(recent) < limit:
        return None
    # Allowed again once the limit-th most recent failure has left the window.
    return max(1, math.ceil((recent[-1] + window - now).total_seconds()))


def record_token_failure(request) -> None:
    from axes.models import AccessFailureLog

    meta = request.META
    AccessFailureLog.objects.create(
        username=TOKEN_FAILURE_USERNAME,
        ip_address=client_ip(request),
        user_agent=meta.get("HTTP_USER_AGENT", "")[:255],
        http_accept=meta.get("HTTP_ACCEPT", "")[:1025],
        path_info=request.path_info[:255],
        locked_out=False,
    )


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out sign-in: the page in the reader's language, with the wait."""
    from axes.helpers import get_cool_off, get_failure_limit
    from django.shortcuts import render

    cool_off = get_cool_off(request) or timedelta(0)
    wait = max(1, math.ceil(cool_off.total_seconds() / 60))
    response = render(request, "congress/lockout.html", {
        "failure_limit": get_failure_limit(request, credentials), "wait_minutes": wait,
    }, status=429)
    response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
