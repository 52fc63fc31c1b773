"""A real Celery worker on the configured broker mails a new post through a real SMTP server.

Runs on both configurations: SQLite + filesystem broker, and PostgreSQL + Redis.
"""

import os
import signal
import socket
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

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True),
              # send_task always goes to the broker, which is the point here.
              pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored")]


class Recorder:
    def __init__(self):
        self.recipients = []

    async def handle_DATA(self, server, session, envelope):
        self.recipients.extend(envelope.rcpt_tos)
        return "250 OK"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url():
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def broker(tmp_path):
    """The broker URL and transport options that this test and its worker share."""
    url = os.environ.get("CELERY_BROKER_URL", "filesystem://")
    if url != "filesystem://":
        return url, {}, {}
    queue = tmp_path / "queue"
    (queue / "processed").mkdir(parents=True)
    options = {"data_folder_in": str(queue), "data_folder_out": str(queue),
               "processed_folder": str(queue / "processed"), "store_processed": False}
    return url, options, {"CELERY_FILESYSTEM_DIR": str(queue)}


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
