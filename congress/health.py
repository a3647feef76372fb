"""/healthz: the state of the database, Redis and the Celery workers, as JSON.

The database being down is the only state that makes the site unusable, so only it turns the
answer into HTTP 503; Redis or the worker being down is reported but the site keeps serving.
"""

import logging
from datetime import timedelta

import redis
from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from congress.calendar import missing_next_year
from congress.models import WorkerHeartbeat

logger = logging.getLogger("congress.health")


def write_heartbeat(hostname: str) -> None:
    """Called by each worker's timer; a database hiccup must not kill the worker."""
    try:
        WorkerHeartbeat.objects.update_or_create(hostname=hostname, defaults={"seen_at": timezone.now()})
    except DatabaseError as exc:
        logger.warning("could not write the worker heartbeat: %s", exc)


def check_database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return {"ok": True}
    except DatabaseError as exc:
        return {"ok": False, "error": type(exc).__name__}


def check_redis() -> dict:
    # A ping with short timeouts; this is the only place a request touches Redis.
    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=0.5, socket_timeout=0.5)
    try:
        client.ping()
        return {"ok": True}
    except redis.RedisError as exc:
        return {"ok": False, "error": type(exc).__name__}
    finally:
        client.close()


def check_worker() -> dict:
    latest = WorkerHeartbeat.objects.order_by("-seen_at").first()
    if latest is None:
        return {"ok": False, "error": "no heartbeat yet"}
    age = timezone.now() - latest.seen_at
    return {
        "ok": age <= timedelta(seconds=settings.CONGRESS_WORKER_STALE_SECONDS),
        "hostname": latest.hostname,
        "last_seen": latest.seen_at.isoformat(),
        "age_seconds": round(age.total_seconds(), 1),
    }


def check_calendar() -> dict:
    """From 1 November, warn when next year's holidays are not loaded: its deadlines would be
    provisional. A warning only: deadlines still work, so it never fails the check."""
    year = missing_next_year(timezone.localdate())
    if year is None:
        return {"ok": True}
    return {"ok": True, "warning": f"the holiday calendar of {year} is not loaded", "missing_year": year}


@never_cache
@require_GET
def healthz(request):
    database = check_database()
    report = {"database": database, "redis": check_redis()}
    if database["ok"]:
        try:
            report["worker"] = check_worker()
        except DatabaseError:
            report["worker"] = {"ok": False, "error": "unknown"}
    else:
        report["worker"] = {"ok": False, "error": "database down"}
    healthy = all(part["ok"] for part in report.values())
    if database["ok"]:
        try:
            report["calendar"] = check_calendar()
        except DatabaseError:
            report["calendar"] = {"ok": True, "warning": "unknown"}
    report["status"] = "ok" if healthy else ("degraded" if database["ok"] else "down")
    return JsonResponse(report, status=200 if database["ok"] else 503)
