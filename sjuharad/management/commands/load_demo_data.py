import importlib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.demo import DEMO_PASSWORD, LOGINS

# Order matters: later apps build on the people and schools of earlier ones.
DEMO_MODULES = ["accounts.demo", "networks.demo", "courses.demo", "events.demo",
                "initiatives.demo"]


class Command(BaseCommand):
    help = "Load demo people, networks, courses, events and initiatives. Safe to run again."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            # The demo people share one published password, and a coordinator among
            # them would own the whole portal.
            raise CommandError("load_demo_data refuses to run in production "
                               "(DJANGO_ENV=production): the demo accounts have a public "
                               "password.")
        for name in DEMO_MODULES:
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError as exc:
                if exc.name != name:
                    raise
                continue
            with transaction.atomic():
                module.load()
            self.stdout.write(f"  demo data: {name}")
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {DEMO_PASSWORD}):"))
        for role, email in LOGINS:
            self.stdout.write(f"  {role:<28} {email}")
