"""/health/ and `manage.py health`: 200 only when the database, cache, broker and the
reminder sweep's heartbeat are fine; 503 and a JSON report of what failed otherwise."""

import json
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from core import heartbeat
from events.tasks import sweep_reminders
from tests.ops.support import clean_env, manage
from tests.smtp_sink import free_port as closed_port  # nothing listens there

pytestmark = pytest.mark.django_db


def _report(response):
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def test_healthy_when_everything_answers_and_the_sweep_ran(client):
    sweep_reminders.delay()  # beat's job writes the heartbeat
    response = client.get("/health/")
    report = _report(response)
    assert response.status_code == 200, report
    assert report["status"] == "ok"
    assert {name: check["ok"] for name, check in report["checks"].items()} == {
        "database": True, "cache": True, "broker": True, "heartbeats": True}
    assert report["checks"]["heartbeats"]["jobs"]["reminder-sweep"]["age_seconds"] < 5
    assert response["Cache-Control"] == "no-store"


def test_failing_when_the_sweep_has_not_run_for_minutes(client):
    with time_machine.travel(timezone.now() - timedelta(minutes=6), tick=False):
        heartbeat.beat("reminder-sweep")
    response = client.get("/health/")
    report = _report(response)
    assert response.status_code == 503
    assert report["status"] == "failing"
    assert report["checks"]["heartbeats"]["ok"] is False
    assert report["checks"]["heartbeats"]["jobs"]["reminder-sweep"]["age_seconds"] >= 360
    assert report["checks"]["database"]["ok"] is True


def test_failing_when_the_sweep_never_ran(client):
    response = client.get("/health/")
    assert response.status_code == 503
    assert _report(response)["checks"]["heartbeats"]["jobs"]["reminder-sweep"]["last"] is None


def test_failing_when_redis_is_down(client, settings):
    heartbeat.beat("reminder-sweep")
    port = closed_port()
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": f"redis://127.0.0.1:{port}/14"}}
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{port}/13"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {}
    response = client.get("/health/")
    checks = _report(response)["checks"]
    assert response.status_code == 503
    assert checks["cache"] == {"ok": False, "error": "ConnectionError"}
    assert checks["broker"] == {"ok": False, "error": "OperationalError"}
    assert checks["database"]["ok"] and checks["heartbeats"]["ok"]


def test_no_session_no_mfa_no_host_check_no_https_redirect(client, settings, coordinator):
    heartbeat.beat("reminder-sweep")
    settings.MFA_REQUIRED_FOR_LEADERS = True
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["kulturskola.example.se"]
    client.force_login(coordinator)  # a coordinator without MFA is sent to set it up elsewhere
    response = client.get("/health/", HTTP_HOST="127.0.0.1")
    assert response.status_code == 200
    assert "Vary" not in response and not response.cookies
    assert response["X-Request-ID"]


def test_the_report_holds_no_personal_data(client, coordinator):
    heartbeat.beat("reminder-sweep")
    body = client.get("/health/").content.decode()
    assert coordinator.email not in body and "@" not in body


def test_command_exits_0_when_healthy_and_1_otherwise(capsys):
    heartbeat.beat("reminder-sweep")
    call_command("health")
    assert json.loads(capsys.readouterr().out)["status"] == "ok"
    with time_machine.travel(timezone.now() + timedelta(minutes=10), tick=False):
        with pytest.raises(SystemExit) as stopped:
            call_command("health")
    assert stopped.value.code == 1
    assert json.loads(capsys.readouterr().out)["checks"]["heartbeats"]["ok"] is False


def test_command_fails_with_redis_down(tmp_path):
    port = closed_port()
    result = manage(["health"], clean_env(tmp_path, CACHE_URL=f"redis://127.0.0.1:{port}/14",
                                          CELERY_BROKER_URL=f"redis://127.0.0.1:{port}/13"))
    assert result.returncode == 1, result.stderr
    checks = json.loads(result.stdout)["checks"]
    assert not checks["cache"]["ok"] and not checks["broker"]["ok"]
