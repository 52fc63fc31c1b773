"""Helpers for tests that start real Celery worker processes against the test database."""

import os
import signal
import socket
import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings
from django.db import connection


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
               "processed_folder": str(queue / "processed"), "store_processed": False,
               "control_folder": str(queue / "control")}
    return url, options, {"CELERY_FILESYSTEM_DIR": str(queue)}


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
        # Other test runs may share this Redis db, so instead of
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


def wait_until(predicate, timeout, workers, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    pytest.fail(f"Timed out waiting for {what}.\n{workers.logs()}")
