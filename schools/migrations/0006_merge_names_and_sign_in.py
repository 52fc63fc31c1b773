# Official municipality names (0004, 0005) and the municipalities' sign-in domains
# (0004_sign_in_services) came side by side; the two lines of history meet here.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("schools", "0004_sign_in_services"),
        ("schools", "0005_official_municipality_names"),
    ]

    operations = []
