from django.core.management.base import BaseCommand

from idp_site import demo


class Command(BaseCommand):
    help = "Create the demo people and the portal's two clients. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--portal-url", default="http://127.0.0.1:8000")

    def handle(self, *args, portal_url, **options):
        demo.load(portal_url)
        self.stdout.write(f"Demo identity provider ready for {portal_url}.")
