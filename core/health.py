"""Is the portal working? The database, the cache, the broker, and the heartbeats of
the periodic jobs (the reminder sweep that beat runs every minute).

`/health/` answers 200 with a JSON report when every check passes and 503 when one
fails; `manage.py health` prints the same report and exits 0 or 1 (cron, systemd).
The report holds no personal data: check names, ok, the error's class, ages.
"""

import json
import os
import uuid
from datetime import timedelta

import kombu
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.utils import timezone

from core.heartbeat import last_beats


def check_database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {}


def check_cache() -> dict:
    key = f"health:{uuid.uuid4().hex}"
    cache.set(key, "ok", 10)
    answered = cache.get(key) == "ok"
    cache.delete(key)
    if not answered:
        raise RuntimeError("the cache did not keep a value")
    return {}


def check_broker() -> dict:
    """Connect to the broker the workers use (a short timeout, one try)."""
    url = settings.CELERY_BROKER_URL
    options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    if url == "filesystem://":
        folder = options["data_folder_out"]
        if not os.access(folder, os.W_OK):
            raise RuntimeError("the queue folder is missing or not writable")
        return {}
    with kombu.Connection(url, transport_options=options, connect_timeout=3) as broker:
        broker.ensure_connection(max_retries=1)
    return {}


def check_heartbeats() -> dict:
    """Every watched job must have beaten within its allowed age."""
    now = timezone.now()
    watched = settings.HEALTH_HEARTBEATS
    report, stale = {}, []
    for name, beaten_at in last_beats(watched).items():
        age = round((now - beaten_at).total_seconds()) if beaten_at else None
        report[name] = {"last": beaten_at.isoformat() if beaten_at else None,
                        "age_seconds": age, "max_age_seconds": watched[name]}
        if beaten_at is None or now - beaten_at > timedelta(seconds=watched[name]):
            stale.append(name)
    if stale:
        raise StaleHeartbeat(report)
    return report


class StaleHeartbeat(Exception):
    def __init__(self, report):
        super().__init__("stale")
        self.report = report


CHECKS = {
    "database": check_database,
    "cache": check_cache,
    "broker": check_broker,
    "heartbeats": check_heartbeats,
}


def run_checks() -> tuple[bool, dict]:
    results = {}
    for name, check in CHECKS.items():
        try:
            details = check()
        except StaleHeartbeat as stale:
            results[name] = {"ok": False, "error": "stale", "jobs": stale.report}
        except Exception as error:  # any failure is the answer
            # The class only: messages may carry hosts or credentials.
            results[name] = {"ok": False, "error": type(error).__name__}
        else:
            results[name] = {"ok": True, **({"jobs": details} if details else {})}
    healthy = all(result["ok"] for result in results.values())
    return healthy, {"status": "ok" if healthy else "failing", "checks": results}


def health_response() -> HttpResponse:
    healthy, report = run_checks()
    response = HttpResponse(json.dumps(report, indent=2), status=200 if healthy else 503,
                            content_type="application/json")
    response["Cache-Control"] = "no-store"
    return response


class HealthCheckMiddleware:
    """Answers /health/ before sessions, MFA, the host check and the HTTPS redirect:
    monitoring asks http://127.0.0.1/health/ without cookies, and the answer is
    the same for everyone. Not rate-limited: it costs a few cheap round trips."""

    path = "/health/"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == self.path and request.method in ("GET", "HEAD"):
            return health_response()
        return self.get_response(request)
