"""`manage.py health`: the /health/ checks for cron or a systemd timer."""

import json

from django.core.management.base import BaseCommand

from core.health import run_checks


class Command(BaseCommand):
    help = ("Check the database, cache, broker and heartbeats like /health/; print the JSON "
            "report and exit 0 when healthy, 1 otherwise.")

    def handle(self, *args, **options):
        healthy, report = run_checks()
        self.stdout.write(json.dumps(report, indent=2))
        if not healthy:
            raise SystemExit(1)
