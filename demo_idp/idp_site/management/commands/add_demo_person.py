from django.core.management.base import BaseCommand

from idp_site import demo


class Command(BaseCommand):
    help = "Add or change one demo person (the portal's browser tests use it)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--first-name", default="Demo")
        parser.add_argument("--last-name", default="Person")
        parser.add_argument("--amr", default="pwd", help="comma-separated")
        parser.add_argument("--acr", default="")
        parser.add_argument("--personal-number", default="")
        parser.add_argument("--tamper", default="", choices=["", "nonce", "signature"])

    def handle(self, *args, email, first_name, last_name, amr, acr, personal_number, tamper,
               **options):
        demo.add_person(email, first_name, last_name, [a for a in amr.split(",") if a], acr,
                        personal_number, tamper)
