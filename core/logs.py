"""Logs an operator can follow: one line per request and per Celery task.

Every line carries the request id (taken from the proxy's X-Request-ID when
TRUST_X_REQUEST_ID is on, otherwise made here, and returned in the response
header) or the Celery task id. Production writes one JSON object per line
(LOG_FORMAT=json). No personal data: user ids but no addresses, paths without
query strings, and the secrets some URLs carry (invitation tokens, reset and
confirmation keys, calendar feed tokens) replaced by "[redacted]".
"""

import contextvars
import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime

from celery import signals
from django.conf import settings
from django.utils.functional import SimpleLazyObject, empty

request_id_var = contextvars.ContextVar("request_id", default=None)
task_id_var = contextvars.ContextVar("task_id", default=None)

request_log = logging.getLogger("portal.request")
task_log = logging.getLogger("portal.task")

# A request id from outside ends up in every log line: letters, digits and - . _ only.
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,128}$")
# URL arguments that are secrets in this portal and allauth.
SECRET_URL_ARGUMENTS = {"token", "key", "uidb36", "uidb64"}
# Extra attributes that JSON lines carry when a record has them.
FIELDS = ("method", "path", "status", "duration_ms", "user_id", "task_name", "task_state")


def safe_path(request) -> str:
    """The path without query string, with secret URL arguments redacted."""
    path = request.path
    match = getattr(request, "resolver_match", None)
    if match is not None:
        for name, value in match.kwargs.items():
            if name in SECRET_URL_ARGUMENTS and value:
                path = path.replace(str(value), "[redacted]")
    return path


def _user_id(request):
    """The signed-in user's id, without loading the user just for the log line
    (that would query the database, even while rendering the 500 page)."""
    user = getattr(request, "user", None)
    if user is None or (isinstance(user, SimpleLazyObject) and user._wrapped is empty):
        return None
    return user.pk if user.is_authenticated else None


class RequestLogMiddleware:
    """First in MIDDLEWARE: the request id, its response header, and the line."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = self._incoming_id(request) or uuid.uuid4().hex
        request.request_id = request_id
        token = request_id_var.set(request_id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            duration_ms = round((time.monotonic() - started) * 1000, 1)
            path = safe_path(request)
            request_log.info(
                "%s %s %s %sms", request.method, path, response.status_code, duration_ms,
                extra={"method": request.method, "path": path,
                       "status": response.status_code, "duration_ms": duration_ms,
                       "user_id": _user_id(request)})
            return response
        finally:
            request_id_var.reset(token)

    @staticmethod
    def _incoming_id(request):
        if not settings.TRUST_X_REQUEST_ID:
            return None
        value = request.headers.get("X-Request-ID", "")
        return value if _SAFE_REQUEST_ID.match(value) else None


class ContextFilter(logging.Filter):
    """Adds the request and task ids to every record, and redacts Django's own
    request lines ("Not Found: /konto/inbjudan/<token>/")."""

    def filter(self, record):
        request = getattr(record, "request", None)
        # Django logs "Not Found" after the middleware has finished: take the id
        # from the request the record carries.
        record.request_id = request_id_var.get() or getattr(request, "request_id", "")
        record.task_id = task_id_var.get() or ""
        ids = [f"request={record.request_id}"] if record.request_id else []
        ids += [f"task={record.task_id}"] if record.task_id else []
        record.context = " ".join(ids) or "-"
        if request is not None and isinstance(record.args, tuple):
            record.args = tuple(safe_path(request) if arg == getattr(request, "path", None)
                                else arg for arg in record.args)
        return True


class JSONFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, ids and known fields."""

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key in ("request_id", "task_id"):
            if getattr(record, key, ""):
                entry[key] = getattr(record, key)
        for key in FIELDS:
            if hasattr(record, key):
                entry[key] = getattr(record, key)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


# --- Celery -------------------------------------------------------------------

_running: dict[str, tuple[float, contextvars.Token]] = {}


def _task_started(task_id=None, **_kwargs):
    _running[task_id] = (time.monotonic(), task_id_var.set(task_id))


def _task_finished(task_id=None, task=None, state=None, **_kwargs):
    started, token = _running.pop(task_id, (None, None))
    duration_ms = round((time.monotonic() - started) * 1000, 1) if started else None
    name = getattr(task, "name", "?")
    level = logging.WARNING if state in ("FAILURE", "RETRY") else logging.INFO
    task_log.log(level, "task %s %s %s %sms", name, task_id, state, duration_ms,
                 extra={"task_name": name, "task_state": state, "duration_ms": duration_ms})
    if token is not None:
        try:
            task_id_var.reset(token)
        except ValueError:  # started in another context (thread): nothing to undo here
            task_id_var.set(None)


def connect_task_signals():
    """One line per task, and the task id on every line logged inside it."""
    signals.task_prerun.connect(_task_started, weak=False, dispatch_uid="core.logs.started")
    signals.task_postrun.connect(_task_finished, weak=False, dispatch_uid="core.logs.finished")
