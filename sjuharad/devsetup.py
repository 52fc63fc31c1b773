"""Local folders and the development secret key: made where they are needed, never
when the settings are imported (settings do no I/O).
"""

import secrets
from pathlib import Path

from django.conf import settings


def make_local_folders() -> None:
    """Development's data folder (SQLite, cache, mail files) and the filesystem queue.

    Called from SjuharadConfig.ready(). Production keeps its data in PostgreSQL,
    Redis and the configured storage, and collectstatic makes STATIC_ROOT.
    """
    if not settings.PRODUCTION:
        Path(settings.DATA_DIR).mkdir(parents=True, exist_ok=True)
        # WhiteNoise warns at start-up about a missing static root.
        Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    if settings.CELERY_BROKER_URL == "filesystem://":
        options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
        Path(options["processed_folder"]).mkdir(parents=True, exist_ok=True)


def dev_secret_key(data_dir: Path) -> str:
    """A random key made once per checkout and kept, so sessions survive restarts."""
    path = Path(data_dir) / "secret_key.txt"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()
