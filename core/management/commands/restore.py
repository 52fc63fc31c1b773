"""`manage.py restore <archive>`: a backup into a new, empty database and storage."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = ("Restore an archive made by `manage.py backup` into an empty database: migrate to "
            "the archive's version, load the data, write the files to the configured "
            "storage, then migrate to this version.")

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)

    def handle(self, *args, archive, **options):
        if not archive.is_file():
            raise CommandError(f"No archive at {archive}.")
        try:
            result = restore_backup(archive)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Restored the database of {result['created_at']} and "
                          f"{result['restored_files']} files.")
