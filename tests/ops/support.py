"""Run manage.py (or Python) in a subprocess with a chosen environment."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Variables that configure the portal: a subprocess gets none of the test run's.
CONFIG_VARIABLES = ("DJANGO_", "SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL", "DEFAULT_FROM_EMAIL",
                    "DATABASE_URL", "CACHE_URL", "CELERY_", "EMAIL_", "SENTRY_", "STORAGE_",
                    "DATA_DIR", "MEDIA_ROOT", "STATIC_ROOT", "LOG_")


def production_env(tmp_path) -> dict:
    """Everything production needs, pointing at nothing that must answer."""
    return {
        "DJANGO_ENV": "production",
        "SECRET_KEY": "k" * 40 + "-a-long-and-random-production-secret-Zq8",
        "ALLOWED_HOSTS": "kulturskola.example.se",
        "SITE_URL": "https://kulturskola.example.se",
        "DEFAULT_FROM_EMAIL": "Kulturskoleportalen <noreply@kulturskola.example.se>",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'production.sqlite3'}",
        "CACHE_URL": "redis://127.0.0.1:6379/14",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/13",
        "EMAIL_HOST": "smtp.example.se",
        "PERSONAL_NUMBER_HASH_KEY": "p" * 40 + "-another-long-random-production-key",
    }


def clean_env(tmp_path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(CONFIG_VARIABLES)}
    # Development unless the test says otherwise: unset means production.
    env.update({"DJANGO_SETTINGS_MODULE": "sjuharad.settings", "DJANGO_ENV": "development",
                "DATA_DIR": str(tmp_path / "var"),
                "PYTHONUNBUFFERED": "1"})
    env.update(extra)
    return env


def manage(args, env, timeout=120, input=None):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout, input=input)


def python(code, env, timeout=120):
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)
