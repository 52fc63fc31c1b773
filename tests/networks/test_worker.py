"""A real Celery worker on the configured broker mails a new post through a real SMTP server.

Runs on both configurations: SQLite + filesystem broker, and PostgreSQL + Redis.
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
from django.utils import timezone
from kombu import Connection

from networks.models import Membership, Post, Thread
from sjuharad.celery import app
from tests.worker_support import Recorder, broker, database_url, free_port

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True),
              # send_task always goes to the broker, which is the point here.
              pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored")]


def test_a_real_worker_mails_the_members_who_opted_in(schools, guitar, convenor, member,
                                                      other_staff, tmp_path):
    Membership.objects.filter(user=member).update(notify_posts=True)
    Membership.objects.create(network=guitar, user=other_staff, notify_posts=True)
    thread = Thread.objects.create(network=guitar, title="Speldagen", started_by=convenor,
                                   last_post_at=timezone.now())
    post = Post.objects.create(thread=thread, author=convenor, body="Vi ses i Tranemo!")

    recorder = Recorder()
    port = free_port()
    smtp = Controller(recorder, hostname="127.0.0.1", port=port)
    smtp.start()
    url, options, extra_env = broker(tmp_path)
    env = {**os.environ, **extra_env, "DJANGO_SETTINGS_MODULE": "sjuharad.test_settings",
           "CELERY_TASK_ALWAYS_EAGER": "0", "DATABASE_URL": database_url(),
           "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(port)}
    log = tmp_path / "worker.log"
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "sjuharad", "worker", "-n", "networks@%h",
         "-c", "1", "-l", "info", "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=settings.BASE_DIR, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
        start_new_session=True)
    try:
        with Connection(url, transport_options=options) as conn:
            app.send_task("networks.tasks.notify_post", args=[post.pk], connection=conn)
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline and len(recorder.recipients) < 2:
            time.sleep(0.2)
        time.sleep(0.5)  # nothing more should arrive
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=15)
        smtp.stop()
        connection.close()
    assert sorted(recorder.recipients) == sorted([member.email, other_staff.email]), \
        log.read_text()[-3000:]
