"""Helpers for tests that start real Celery worker processes against the test database."""

import os
import socket

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
               "processed_folder": str(queue / "processed"), "store_processed": False}
    return url, options, {"CELERY_FILESYSTEM_DIR": str(queue)}
