"""Backup and restore: the database and the uploaded files in one archive.

The archive (`.tar.gz`) holds `manifest.json` (format, time, the migrations applied,
counts), `database.json` (Django's `dumpdata` with natural foreign keys, so it loads
into SQLite or PostgreSQL alike and into a fresh database whose content types are
numbered differently) and `files/<name>` for every file a FileField points at, read
from whichever storage is configured (local disk or S3) and written back the same way.

Restore migrates an empty database to the state of the archive, loads the data,
writes the files, then migrates to the current code: an archive from an older
version comes back and is upgraded like a running portal would be.
"""

import io
import json
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import FileField
from django.utils import timezone

FORMAT = 1
# Rebuilt by migrate (content types, permissions) or worthless after a restore (sessions).
EXCLUDE = ["contenttypes", "auth.permission", "sessions"]


class BackupError(Exception):
    pass


def stored_file_names() -> list[str]:
    """Every file name a FileField of any model points at."""
    names = set()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, FileField):
                values = (model._default_manager.exclude(**{field.name: ""})
                          .exclude(**{f"{field.name}__isnull": True})
                          .values_list(field.name, flat=True))
                names.update(values)
    return sorted(names)


def applied_migrations() -> dict[str, list[str]]:
    applied = MigrationRecorder(connections[DEFAULT_DB_ALIAS]).applied_migrations()
    result: dict[str, list[str]] = {}
    for app_label, name in sorted(applied):
        result.setdefault(app_label, []).append(name)
    return result


def _add_bytes(archive, name, data: bytes):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def create_backup(path: Path) -> dict:
    path = Path(path)
    names = stored_file_names()
    missing = []
    with tempfile.TemporaryDirectory() as folder:
        dump = Path(folder) / "database.json"
        # use_base_manager: every row, also those a default manager leaves out (events
        # dated outside core.bounds), so the rows pointing at them restore too.
        call_command("dumpdata", natural_foreign=True, exclude=EXCLUDE, output=str(dump),
                     use_base_manager=True, verbosity=0)
        # Personal data and password hashes: readable by the owner only.
        path.touch(mode=0o600, exist_ok=True)
        with tarfile.open(path, "w:gz") as archive:
            archive.add(dump, arcname="database.json")
            for name in names:
                try:
                    with default_storage.open(name, "rb") as handle:
                        _add_bytes(archive, f"files/{name}", handle.read())
                except FileNotFoundError:
                    missing.append(name)
            manifest = {
                "format": FORMAT,
                "created_at": timezone.now().isoformat(),
                "database_vendor": connections[DEFAULT_DB_ALIAS].vendor,
                "migrations": applied_migrations(),
                "files": len(names) - len(missing),
                "missing_files": missing,
            }
            _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=2).encode())
    return manifest


def _safe_file_name(member_name: str) -> str:
    name = member_name.removeprefix("files/")
    parts = PurePosixPath(name).parts
    if not parts or name.startswith("/") or ".." in parts:
        raise BackupError(f"Refusing a file outside the storage: {member_name!r}")
    return name


def _migrate_to_archive_state(migrations: dict[str, list[str]]) -> None:
    """Bring an empty database to the schema the archive was taken from."""
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    for app_label, names in migrations.items():
        unknown = [name for name in names if (app_label, name) not in known]
        if unknown:
            raise BackupError(f"The archive comes from a newer version of the portal "
                              f"({app_label}: {', '.join(unknown)}); install that version first.")
    for app_label, names in migrations.items():
        call_command("migrate", app_label, max(names), interactive=False, verbosity=0)


def restore_backup(path: Path) -> dict:
    with tarfile.open(path, "r:gz") as archive:
        manifest = json.load(archive.extractfile("manifest.json"))
        if manifest.get("format") != FORMAT:
            raise BackupError(f"Unknown archive format {manifest.get('format')!r}.")
        _migrate_to_archive_state(manifest["migrations"])
        if get_user_model().objects.exists():
            raise BackupError("The database is not empty; restore only into a new, empty "
                              "database.")
        with tempfile.TemporaryDirectory() as folder:
            dump = Path(folder) / "backup.json"
            dump.write_bytes(archive.extractfile("database.json").read())
            with transaction.atomic():
                call_command("loaddata", str(dump), verbosity=0)
        restored = 0
        for member in archive.getmembers():
            if not (member.isfile() and member.name.startswith("files/")):
                continue
            name = _safe_file_name(member.name)
            if default_storage.exists(name):
                default_storage.delete(name)
            saved = default_storage.save(name, File(archive.extractfile(member), name=name))
            if saved != name:
                raise BackupError(f"The storage renamed {name!r} to {saved!r}.")
            restored += 1
    call_command("migrate", interactive=False, verbosity=0)
    return {**manifest, "restored_files": restored,
            "storage": settings.STORAGES["default"]["BACKEND"]}
