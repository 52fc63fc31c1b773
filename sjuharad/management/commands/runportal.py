"""Run web server, Celery worker and Celery beat together; Ctrl-C stops all three."""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sjuharad.devsetup import dev_secret_key


class Command(BaseCommand):
    help = "Start the web server, a Celery worker and Celery beat (development)."

    def add_arguments(self, parser):
        parser.add_argument("--addr", default=os.environ.get("PORTAL_ADDR", "127.0.0.1:8000"))

    def handle(self, *args, addr, **options):
        if settings.PRODUCTION:
            raise CommandError("runportal is for development; production runs gunicorn, a "
                               "worker and beat as services (docs/operators/deploy.md).")
        python = sys.executable
        # A random key kept in the data folder, unless SECRET_KEY is set: all three
        # processes sign with the same key, and sessions survive restarts.
        env = {**os.environ, "DJANGO_ENV": "development"}
        env.setdefault("SECRET_KEY", dev_secret_key(settings.DATA_DIR))
        commands = {
            "web": [python, "manage.py", "runserver", addr],
            # Both queues: the sends and beat's sweeps (settings.CELERY_TASK_ROUTES).
            "worker": [python, "-m", "celery", "-A", "sjuharad", "worker", "-l", "info",
                       "--concurrency", "2", "-Q",
                       f"{settings.CELERY_TASK_DEFAULT_QUEUE},{settings.SWEEP_QUEUE}"],
            "beat": [python, "-m", "celery", "-A", "sjuharad", "beat", "-l", "info",
                     "--schedule", settings.CELERY_BEAT_SCHEDULE_FILENAME],
        }
        procs = {name: subprocess.Popen(cmd, cwd=settings.BASE_DIR, env=env)
                 for name, cmd in commands.items()}
        self.stdout.write(self.style.SUCCESS(
            f"Portal at http://{addr}/  (admin: http://{addr}/admin/) – Ctrl-C stops it."))
        if not getattr(settings, "EMAIL_HOST", ""):
            self.stdout.write(f"Outgoing mail is written to {settings.EMAIL_FILE_PATH}")
        try:
            while True:
                for name, proc in procs.items():
                    if proc.poll() is not None:
                        self.stderr.write(f"{name} stopped (exit {proc.returncode}); stopping all.")
                        raise KeyboardInterrupt
                time.sleep(1)
        except KeyboardInterrupt:
            pass
        finally:
            for proc in procs.values():
                if proc.poll() is None:
                    proc.send_signal(signal.SIGTERM)
            deadline = time.monotonic() + 15
            for proc in procs.values():
                try:
                    proc.wait(max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    proc.kill()
