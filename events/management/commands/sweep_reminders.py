"""Run the reminder sweep once (what beat does every minute); useful from cron or by hand."""

from django.core.management.base import BaseCommand

from events.tasks import sweep


class Command(BaseCommand):
    help = "Skapar påminnelser som är på tur och lägger dem i kön till Celery."

    def handle(self, *args, **options):
        result = sweep()
        self.stdout.write(f"created={result['created']} promoted={result['promoted']}")
