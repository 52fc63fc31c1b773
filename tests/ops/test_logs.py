"""One JSON line per request and per task, with the request or task id, and no
personal data."""

import io
import json
import logging

import pytest
from celery import shared_task

from core.logs import ContextFilter, JSONFormatter

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_lines():
    """What the production handler would write: JSON lines through the context filter."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(ContextFilter())
    handler.setFormatter(JSONFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)


def _request_lines(lines):
    return [line for line in lines if line["logger"] == "portal.request"]


def test_one_line_per_request_with_its_id(client, log_lines, schools):
    response = client.get("/skolor/?q=secret-query")
    [line] = _request_lines(log_lines())
    assert line["request_id"] == response["X-Request-ID"]
    assert len(line["request_id"]) == 32
    assert (line["method"], line["path"], line["status"]) == ("GET", "/skolor/", 200)
    assert line["duration_ms"] >= 0 and line["user_id"] is None
    assert "secret-query" not in json.dumps(log_lines())


def test_the_proxy_request_id_is_used_when_trusted(client, log_lines, settings, schools):
    settings.TRUST_X_REQUEST_ID = True
    response = client.get("/skolor/", HTTP_X_REQUEST_ID="proxy-id-0123456789")
    assert response["X-Request-ID"] == "proxy-id-0123456789"
    assert _request_lines(log_lines())[0]["request_id"] == "proxy-id-0123456789"
    # Never a value that could forge log lines.
    response = client.get("/skolor/", HTTP_X_REQUEST_ID="evil\nlevel=ERROR forged-line")
    assert "evil" not in response["X-Request-ID"]


def test_the_header_is_ignored_unless_trusted(client, schools):
    response = client.get("/skolor/", HTTP_X_REQUEST_ID="client-chosen-id-1234")
    assert response["X-Request-ID"] != "client-chosen-id-1234"


def test_user_id_but_no_email_and_no_tokens(client, log_lines, coordinator, schools):
    from accounts.models import Invitation

    invitation = Invitation.objects.create(email="ny.larare@example.se", school=schools["mark"],
                                           role="teacher", invited_by=coordinator)
    client.force_login(coordinator)
    client.get(f"/konto/inbjudan/{invitation.token}/")
    client.get("/konto/inbjudan/no-such-token-abcdef/")  # 404, logged by Django too
    lines = log_lines()
    text = json.dumps(lines)
    assert invitation.token not in text and "no-such-token-abcdef" not in text
    assert coordinator.email not in text and invitation.email not in text
    requests = _request_lines(lines)
    assert [line["path"] for line in requests] == ["/konto/inbjudan/[redacted]/"] * 2
    assert requests[0]["user_id"] == coordinator.pk
    not_found = [line for line in lines if line["logger"] == "django.request"]
    assert not_found[0]["message"] == "Not Found: /konto/inbjudan/[redacted]/"
    assert not_found[0]["request_id"] == requests[1]["request_id"]


@shared_task
def _task_that_logs():
    logging.getLogger("tests.inside").info("working")
    return "done"


def test_one_line_per_task_and_the_task_id_inside(log_lines):
    result = _task_that_logs.delay()
    lines = log_lines()
    inside = [line for line in lines if line["logger"] == "tests.inside"]
    tasks = [line for line in lines if line["logger"] == "portal.task"]
    assert inside[0]["task_id"] == result.id
    assert len(tasks) == 1
    assert tasks[0]["task_id"] == result.id
    assert tasks[0]["task_name"].endswith("_task_that_logs")
    assert tasks[0]["task_state"] == "SUCCESS" and tasks[0]["duration_ms"] >= 0
