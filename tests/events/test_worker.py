"""Real Celery workers on the configured broker, a real SMTP server, the real database.

Runs on both configurations: SQLite + filesystem broker (default) and
PostgreSQL + Redis (DATABASE_URL / CELERY_BROKER_URL in the environment).
Each reminder must reach the SMTP server exactly once.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from events.models import Event, Kind, Registration, ReminderDelivery
from tests.events.conftest import make_event
from tests.events.smtp_sink import SmtpSink
from tests.factories import UserFactory
from tests.worker_support import database_url

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker_env(tmp_path):
    """Environment for worker and sweep subprocesses: the test database, a queue of our own."""
    queue = f"events-test-{uuid.uuid4().hex[:12]}"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "sjuharad.test_settings",
           "CELERY_TASK_ALWAYS_EAGER": "0", "DATABASE_URL": database_url(),
           "CELERY_TASK_DEFAULT_QUEUE": queue,
           "EVENTS_SENDING_TIMEOUT_SECONDS": "2", "PYTHONUNBUFFERED": "1"}
    broker = os.environ.get("CELERY_BROKER_URL", "filesystem://")
    if broker.startswith("redis"):
        # Other engineers' test runs may share this Redis db, so instead of
        # flushing it we use a fresh queue name and delete its keys afterwards.
        import redis

        client = redis.Redis.from_url(broker)
        yield env
        for key in client.scan_iter(f"*{queue}*"):
            client.delete(key)
    else:
        env["CELERY_FILESYSTEM_DIR"] = str(tmp_path / "queue")
        yield env


class Workers:
    def __init__(self, env, tmp_path):
        self.env = env
        self.tmp_path = tmp_path
        self.processes = []

    def start(self, name, concurrency=2):
        log = open(self.tmp_path / f"{name}.log", "w")  # noqa: SIM115 (closed with process)
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "sjuharad", "worker", "-n", f"{name}@%h",
             "-c", str(concurrency), "-l", "info", "--without-gossip", "--without-mingle",
             "--without-heartbeat"],
            cwd=settings.BASE_DIR, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True)
        self.processes.append(process)
        return process

    def kill(self, process):
        """SIGKILL the worker and its pool children, like an OOM kill or a pulled plug."""
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def sweep(self):
        return subprocess.run([sys.executable, "manage.py", "sweep_reminders"],
                              cwd=settings.BASE_DIR, env=self.env, check=True,
                              capture_output=True, text=True, timeout=60).stdout

    def stop_all(self):
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)

    def logs(self):
        return "\n".join(path.read_text()[-3000:] for path in self.tmp_path.glob("*.log"))


@pytest.fixture
def workers(worker_env, tmp_path):
    workers = Workers(worker_env, tmp_path)
    yield workers
    workers.stop_all()
    connection.close()


def _event_with_registrations(schools, count):
    """A concert starting in an hour with a 2-hour reminder: due now, for `count` people."""
    event = make_event([schools["boras"]], title="Konsert", kind=Kind.CONCERT,
                       audience=Event.Audience.PUBLIC, registration_required=True,
                       starts_at=timezone.now() + timedelta(hours=1), reminder_hours="2")
    long_ago = timezone.now() - timedelta(days=2)
    people = [UserFactory(email=f"mottagare{i}@example.se", verified=False)
              for i in range(count)]
    Registration.objects.bulk_create(
        Registration(event=event, user=person, registered_at=long_ago) for person in people)
    return event, {person.email for person in people}


def _wait_until(predicate, timeout, workers, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    pytest.fail(f"Timed out waiting for {what}.\n{workers.logs()}")


def _sent_count(event):
    return ReminderDelivery.objects.filter(event=event,
                                           status=ReminderDelivery.Status.SENT).count()


def test_two_workers_and_two_sweeps_deliver_each_reminder_once(schools, workers,
                                                               worker_env):
    event, emails = _event_with_registrations(schools, 30)
    with SmtpSink(rcpt_delay=0.02) as sink:
        workers.env.update(EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(sink.port))
        workers.start("w1")
        workers.start("w2")
        # Two sweeps at once, as when beat fires while someone runs the command.
        sweeps = [subprocess.Popen([sys.executable, "manage.py", "sweep_reminders"],
                                   cwd=settings.BASE_DIR, env=workers.env) for _ in range(2)]
        assert all(p.wait(timeout=60) == 0 for p in sweeps)
        _wait_until(lambda: _sent_count(event) == len(emails), 50, workers, "all sent")
        workers.sweep()  # a later sweep finds nothing new to send
        time.sleep(1)
        delivered = Counter(sink.handler.recipients())
    assert ReminderDelivery.objects.filter(event=event).count() == len(emails)
    assert set(delivered) == emails
    assert max(delivered.values()) == 1, delivered.most_common(3)


def test_worker_killed_mid_batch_and_restarted_delivers_each_reminder_once(schools, workers):
    event, emails = _event_with_registrations(schools, 12)
    with SmtpSink(rcpt_delay=0.3) as sink:
        workers.env.update(EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(sink.port))
        first = workers.start("w1", concurrency=1)
        workers.sweep()
        _wait_until(lambda: _sent_count(event) >= 4, 40, workers, "a few sent")
        # Kill while the worker is inside an SMTP conversation for the next one.
        assert sink.handler.in_rcpt.wait(timeout=10)
        workers.kill(first)
        stuck = ReminderDelivery.objects.filter(event=event,
                                                status=ReminderDelivery.Status.SENDING)
        assert stuck.count() == 1
        workers.start("w2", concurrency=1)
        time.sleep(2.5)  # past EVENTS_SENDING_TIMEOUT_SECONDS=2
        workers.sweep()  # returns the stuck row to the queue (and re-queues lost tasks)
        _wait_until(lambda: _sent_count(event) == len(emails), 40, workers, "all sent")
        time.sleep(1)
        delivered = Counter(sink.handler.recipients())
    assert set(delivered) == emails
    assert max(delivered.values()) == 1, delivered.most_common(3)
