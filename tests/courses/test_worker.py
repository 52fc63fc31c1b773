"""A real Celery worker on the configured broker sends an application email over SMTP.

Runs on both configurations: SQLite + filesystem broker, and PostgreSQL + Redis. The
task goes to a queue of its own so workers of other tests cannot take it.
"""

import os
import signal
import subprocess
import sys
import time

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection
from kombu import Connection

from courses.models import Application
from sjuharad.celery import app
from tests.courses.conftest import make_application
from tests.worker_support import Recorder, broker, database_url, free_port

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True),
              pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored")]


def test_a_real_worker_mails_the_offer(schools, harp_boras, guardian_mark, child_mark,
                                       tmp_path):
    application = make_application(harp_boras, child_mark, status=Application.Status.OFFERED)
    recorder = Recorder()
    port = free_port()
    smtp = Controller(recorder, hostname="127.0.0.1", port=port)
    smtp.start()
    url, options, extra_env = broker(tmp_path)
    queue = f"courses-test-{os.getpid()}"
    env = {**os.environ, **extra_env, "DJANGO_SETTINGS_MODULE": "sjuharad.test_settings",
           "CELERY_TASK_ALWAYS_EAGER": "0", "DATABASE_URL": database_url(),
           "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(port)}
    log = tmp_path / "worker.log"
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "sjuharad", "worker", "-n", "courses@%h",
         "-Q", queue, "-c", "1", "-l", "info", "--without-gossip", "--without-mingle",
         "--without-heartbeat"],
        cwd=settings.BASE_DIR, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
        start_new_session=True)
    try:
        with Connection(url, transport_options=options) as conn:
            app.send_task("courses.tasks.send_application_email",
                          args=[application.pk, "offered"], queue=queue, connection=conn)
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline and not recorder.recipients:
            time.sleep(0.2)
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=15)
        smtp.stop()
        connection.close()
    assert recorder.recipients == [guardian_mark.email], log.read_text()[-3000:]
