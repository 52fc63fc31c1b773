"""Coordinators leave the superusers for staff in the Samordnare group.

Until now every coordinator account was made a superuser. From here on a coordinator
is staff with exactly the model permissions of the group (filled after the migrate by
accounts.services.sync_coordinator_group); superusers are the operators'
(`manage.py createsuperuser`). Accounts made by createsuperuser were coordinator
accounts too and cannot be told apart: they become coordinators like the rest, and an
operator makes a superuser of their own afterwards (docs/operators/roles-and-privileges.md).
"""

from django.db import migrations

GROUP = "Samordnare"


def coordinators_to_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    User = apps.get_model("accounts", "User")
    group, _created = Group.objects.get_or_create(name=GROUP)
    coordinators = User.objects.filter(account_type="coordinator")
    coordinators.update(is_superuser=False, is_staff=True)
    group.user_set.add(*coordinators)


def coordinators_to_superusers(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    User.objects.filter(account_type="coordinator").update(is_superuser=True, is_staff=True)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_child_school"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(coordinators_to_group, coordinators_to_superusers)]
