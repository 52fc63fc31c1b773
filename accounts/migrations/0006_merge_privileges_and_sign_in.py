# Coordinators became staff in the Samordnare group (0005_coordinators_...) while the
# sign-in services came (0005_sign_in_services); the two lines of history meet here.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_coordinators_are_staff_not_superusers"),
        ("accounts", "0005_sign_in_services"),
    ]

    operations = []
