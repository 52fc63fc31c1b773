"""Backup and restore: data with files is backed up, restored into a fresh database and
storage (another process, like an operator would), and every row and file is there."""

import json
import os
import tarfile
import uuid

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection

from accounts.models import Invitation, Staffing
from events.models import Event, EventFile
from networks.models import Membership, Network, Resource
from schools.models import Subject
from sjuharad.models import AccessibilityReport
from tests.events.conftest import make_event
from tests.factories import ChildFactory, UserFactory, staff
from tests.ops.support import clean_env, manage

# Subprocesses that dump, restore and migrate whole databases: CI runs them once, on PostgreSQL.
pytestmark = pytest.mark.slow

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
DUMP = ["dumpdata", "--natural-foreign", "-e", "contenttypes", "-e", "auth.permission",
        "-e", "sessions"]


@pytest.fixture
def portal_data(schools, municipalities, coordinator, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    head = staff(schools["boras"], Staffing.Role.HEAD, email="chef@example.se")
    teacher = staff(schools["mark"], Staffing.Role.TEACHER, email="larare@example.se")
    guardian = UserFactory(email="vh@example.se")
    ChildFactory(guardian=guardian, home_municipality=municipalities["Mark"])
    network = Network.objects.create(name="Gitarr", slug="gitarr",
                                     subject=Subject.objects.get(slug="gitarr"))
    Membership.objects.create(network=network, user=teacher)
    piece = Resource(network=network, title="Greensleeves", added_by=teacher,
                     level=Resource.Level.BEGINNER, file_name="Stämma.pdf")
    piece.file.save("stamma.pdf", ContentFile(PDF), save=True)
    event = make_event([schools["boras"]], title="Chefsmöte", audience=Event.Audience.HEADS)
    event_file = EventFile(event=event, title="Budget", uploaded_by=head)
    event_file.file.save("budget.txt", ContentFile(b"siffror"), save=True)
    Invitation.objects.create(email="ny@example.se", school=schools["mark"], role="teacher",
                              invited_by=head)
    AccessibilityReport.objects.create(description="Kontrasten är låg")
    return {piece.file.name: PDF, event_file.file.name: b"siffror"}


def _rows(json_text):
    return sorted(json.dumps(row, sort_keys=True) for row in json.loads(json_text))


@pytest.fixture
def fresh_database(tmp_path):
    """The URL of a new, empty database of the kind the suite runs on; dropped afterwards."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg

    name = f"restore_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    settings_dict = connection.settings_dict
    server = (f"postgres://{settings_dict['USER']}"
              f"{':' + settings_dict['PASSWORD'] if settings_dict['PASSWORD'] else ''}"
              f"@{settings_dict['HOST'] or '127.0.0.1'}:{settings_dict['PORT'] or 5432}")
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server}/{name}"
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db
def test_backup_and_restore_bring_back_every_row_and_file(portal_data, fresh_database,
                                                          tmp_path, capsys):
    archive = tmp_path / "kulturskola.tar.gz"
    call_command("backup", str(archive))
    assert archive.stat().st_mode & 0o077 == 0  # personal data: the owner only
    call_command(*DUMP, output=str(tmp_path / "before.json"), verbosity=0)
    with tarfile.open(archive) as tar:
        stored = {m.name for m in tar.getmembers()}
    assert {f"files/{name}" for name in portal_data} <= stored

    media = tmp_path / "restored-media"
    env = clean_env(tmp_path, DATABASE_URL=fresh_database, MEDIA_ROOT=str(media),
                    CACHE_URL="locmem://")
    result = manage(["restore", str(archive)], env, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "2 files" in result.stdout

    after = manage(DUMP, env, timeout=300)
    assert after.returncode == 0, after.stderr
    assert _rows(after.stdout) == _rows((tmp_path / "before.json").read_text())
    for name, content in portal_data.items():
        assert (media / name).read_bytes() == content

    again = manage(["restore", str(archive)], env, timeout=300)
    assert again.returncode != 0
    assert "The database is not empty" in again.stderr


@pytest.mark.django_db
def test_backup_and_restore_with_files_on_s3(portal_data, fresh_database, tmp_path,
                                             s3_server, settings):
    # Files uploaded to the bucket; the backup reads them from there, the restore
    # writes them into another storage (local disk here).
    from django.core.files.storage import default_storage

    local = {name: (settings.MEDIA_ROOT / name).read_bytes() for name in portal_data}
    settings.STORAGES = {**settings.STORAGES, "default": s3_server.storage_setting()}
    for name, content in local.items():
        assert default_storage.save(name, ContentFile(content)) == name
    archive = tmp_path / "kulturskola.tar.gz"
    call_command("backup", str(archive))

    media = tmp_path / "restored-media"
    env = clean_env(tmp_path, DATABASE_URL=fresh_database, MEDIA_ROOT=str(media),
                    CACHE_URL="locmem://")
    assert manage(["restore", str(archive)], env, timeout=300).returncode == 0
    for name, content in local.items():
        assert (media / name).read_bytes() == content
