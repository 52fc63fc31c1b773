from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts import demo as accounts_demo
from accounts.demo import DEMO_IDP_LOGINS, DEMO_IDP_PASSWORD, DEMO_IDP_URL, DEMO_PASSWORD, LOGINS
from courses import demo as courses_demo
from events import demo as events_demo
from initiatives import demo as initiatives_demo
from meetings import demo as meetings_demo
from networks import demo as networks_demo

# Order matters: later apps build on the people and schools of earlier ones.
DEMO_MODULES = [accounts_demo, networks_demo, courses_demo, events_demo, meetings_demo,
                initiatives_demo]


class Command(BaseCommand):
    help = "Load demo people, networks, courses, events and initiatives. Safe to run again."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            # The demo people share one published password, and a coordinator among
            # them would own the whole portal.
            raise CommandError("load_demo_data refuses to run in production "
                               "(DJANGO_ENV=production): the demo accounts have a public "
                               "password.")
        for module in DEMO_MODULES:
            with transaction.atomic():
                module.load()
            self.stdout.write(f"  demo data: {module.__name__}")
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {DEMO_PASSWORD}):"))
        for role, email in LOGINS:
            self.stdout.write(f"  {role:<28} {email}")
        self.stdout.write(self.style.SUCCESS(
            f"Demo sign-in with the municipal account or e-legitimation at {DEMO_IDP_URL} "
            f"(password for all: {DEMO_IDP_PASSWORD}):"))
        for role, email in DEMO_IDP_LOGINS:
            self.stdout.write(f"  {role:<32} {email}")
