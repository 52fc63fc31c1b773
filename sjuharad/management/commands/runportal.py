"""Run web server, Celery worker, Celery beat and the demo identity provider together;
Ctrl-C stops them all."""

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
        parser.add_argument(
            "--idp-addr", default=os.environ.get("DEMO_IDP_ADDR", "127.0.0.1:8001"),
            help="Where the demo identity provider (demo_idp/) listens; 'off' to skip it.")

    def handle(self, *args, addr, idp_addr, **options):
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
        if idp_addr != "off":
            procs["demo-idp"] = self._start_demo_idp(python, addr, idp_addr)
        self.stdout.write(self.style.SUCCESS(
            f"Portal at http://{addr}/  (admin: http://{addr}/admin/) – Ctrl-C stops it."))
        if idp_addr != "off":
            self.stdout.write(f"Demo identity provider (municipal account, e-legitimation) at "
                              f"http://{idp_addr}/")
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

    @staticmethod
    def _start_demo_idp(python, addr, idp_addr):
        """The demo identity provider: a Django project of its own (demo_idp/) with its own
        SQLite database in the data folder; its clients send people back to this portal."""
        idp_dir = settings.BASE_DIR / "demo_idp"
        env = {key: value for key, value in os.environ.items()
               if key not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "SECRET_KEY")}
        env["DEMO_IDP_DATA_DIR"] = str(settings.DATA_DIR / "demo-idp")
        for command in (["migrate", "--noinput", "-v0"],
                        ["load_demo_idp", "--portal-url", f"http://{addr}"]):
            subprocess.run([python, "manage.py", *command], cwd=idp_dir, env=env, check=True)
        return subprocess.Popen([python, "manage.py", "runserver", idp_addr, "--noreload"],
                                cwd=idp_dir, env=env)
