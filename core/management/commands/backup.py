"""`manage.py backup <archive>`: the database and the uploaded files in one archive."""

from pathlib import Path

from django.core.management.base import BaseCommand

from core.backup import create_backup


class Command(BaseCommand):
    help = ("Write the database (dumpdata, natural keys) and every uploaded file, from the "
            "configured storage, into one .tar.gz archive (created readable by you only).")

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)

    def handle(self, *args, archive, **options):
        manifest = create_backup(archive)
        self.stdout.write(f"Backup written to {archive}: the database and "
                          f"{manifest['files']} files.")
        for name in manifest["missing_files"]:
            self.stderr.write(f"Warning: {name} is in the database but not in the storage.")
