"""Give the Samordnare group exactly the coordinators' admin permissions.

`migrate` does this by itself; run it after changing accounts.permissions without a
migration, or to undo a hand edit of the group."""

from django.core.management.base import BaseCommand

from accounts.services import sync_coordinator_group


class Command(BaseCommand):
    help = "Give the Samordnare group exactly the coordinators' admin permissions."

    def handle(self, *args, **options):
        group = sync_coordinator_group()
        self.stdout.write(f"{group.name}: {group.permissions.count()} permissions, "
                          f"{group.user_set.count()} members.")
