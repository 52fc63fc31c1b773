"""The one fixture for tests that start real Celery worker processes: `workers`.

Workers and sweeps run as subprocesses against this run's test database, on the
configured broker (the filesystem transport in a temp folder, or Redis), on a queue
of their own, and on the test's clock. Mail goes to an SmtpSink (tests/smtp_sink.py)
once `workers.mail_to(sink)` is called.
"""

import json
import os
import re
import signal
import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings
from django.db import connection
from kombu import Connection

from tests import clock


def database_url():
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Workers:
    """Start, kill and stop worker processes; run sweeps; publish tasks to their queue."""

    def __init__(self, tmp_path):
        self.tmp_path = tmp_path
        self.processes = []
        # A queue name of our own: another test run, or a development portal on the
        # same broker, never takes our tasks, nor we theirs.
        self.queue = f"test-{uuid.uuid4().hex[:12]}"
        self.broker_url = os.environ.get("CELERY_BROKER_URL", "filesystem://")
        self.env = {**os.environ, "DJANGO_SETTINGS_MODULE": "sjuharad.test_settings",
                    "CELERY_TASK_ALWAYS_EAGER": "0", "DATABASE_URL": database_url(),
                    "CELERY_TASK_DEFAULT_QUEUE": self.queue,
                    "CELERY_SWEEP_QUEUE": f"{self.queue}-sweeps",
                    "MAIL_RETRY_BASE_SECONDS": "1",
                    "PYTHONUNBUFFERED": "1",
                    **clock.shift_for_subprocesses()}
        self.transport_options = {}
        if self.broker_url == "filesystem://":
            folder = tmp_path / "queue"
            (folder / "processed").mkdir(parents=True)
            self.env["CELERY_FILESYSTEM_DIR"] = str(folder)
            # The same options sjuharad/settings.py derives from CELERY_FILESYSTEM_DIR.
            self.transport_options = {
                "data_folder_in": str(folder), "data_folder_out": str(folder),
                "processed_folder": str(folder / "processed"),
                "control_folder": str(folder / "control"), "store_processed": False}

    def mail_to(self, sink):
        """Processes started from now on send their mail to this SmtpSink."""
        self.env.update(EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(sink.port))

    def start(self, name, concurrency=2):
        log = open(self.tmp_path / f"{name}.log", "w")  # noqa: SIM115 (closed with process)
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "sjuharad", "worker", "-n", f"{name}@%h",
             "-Q", f"{self.queue},{self.queue}-sweeps", "-c", str(concurrency), "-l", "info",
             "--without-gossip", "--without-mingle", "--without-heartbeat"],
            cwd=settings.BASE_DIR, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True)
        self.processes.append(process)
        return process

    def send_task(self, name, args, queue=None):
        """Publish a task to the workers' queue (or `queue`), as the web process would."""
        from sjuharad.celery import app

        with Connection(self.broker_url, transport_options=self.transport_options) as conn:
            app.send_task(name, args=args, queue=queue or self.queue, connection=conn)

    def beat(self):
        """Publish the minute sweeps to the sweep queue, as beat does."""
        self.send_task("events.tasks.sweep_reminders", [], queue=f"{self.queue}-sweeps")
        self.mail_sweep()

    def mail_sweep(self):
        """Publish the mail sweep: send tasks for due rows (retries, a lost queue's)."""
        self.send_task("core.tasks.sweep_mail_outbox", [], queue=f"{self.queue}-sweeps")

    def shift_clock(self, seconds):
        """Processes started from now on run `seconds` ahead of this test's clock."""
        self.env[clock.SHIFT_VARIABLE] = repr(
            float(clock.shift_for_subprocesses()[clock.SHIFT_VARIABLE]) + seconds)

    def wait_ready(self, name, timeout=60):
        """Until the worker `name` consumes (its log says "ready.")."""
        log = self.tmp_path / f"{name}.log"
        wait_until(lambda: log.exists() and "ready." in log.read_text(), timeout, self,
                   f"worker {name} ready")

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

    def delete_queue(self):
        """Lose every message waiting in our queues, as a broker restart without persistence."""
        if not self.broker_url.startswith("redis"):
            # The filesystem queue lives in the test's temp folder: one file per message.
            for path in (self.tmp_path / "queue").glob("*.msg"):
                path.unlink(missing_ok=True)
            return
        # Other test runs may share this Redis db: delete our queue's keys rather
        # than flushing it, and the messages a killed worker left unacknowledged,
        # which the next client on the db would otherwise put back in our queue.
        import redis

        client = redis.Redis.from_url(self.broker_url)
        for key in client.scan_iter(f"*{self.queue}*"):
            client.delete(key)
        for tag, raw in client.hscan_iter("unacked"):
            _message, _exchange, routing_key = json.loads(raw)
            if routing_key == self.queue:
                client.hdel("unacked", tag)
                client.zrem("unacked_index", tag)

    def logs(self):
        return "\n".join(path.read_text()[-3000:] for path in self.tmp_path.glob("*.log"))


@pytest.fixture
def workers(tmp_path):
    workers = Workers(tmp_path)
    yield workers
    workers.stop_all()
    workers.delete_queue()
    connection.close()


def wait_until(predicate, timeout, workers, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    pytest.fail(f"Timed out waiting for {what}.\n{workers.logs()}")


def tasks_succeeded(workers, name) -> int:
    """How many `name` tasks the workers have finished with success so far (their log
    line per task, core.logs): a positive signal that a task ran, where a pause could
    only hope it had."""
    logs = "\n".join(path.read_text() for path in workers.tmp_path.glob("*.log"))
    return len(re.findall(rf"\btask {re.escape(name)} \S+ SUCCESS\b", logs))
