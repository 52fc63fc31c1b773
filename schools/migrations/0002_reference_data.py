from django.db import migrations

from schools.reference import load_reference_data


def load(apps, schema_editor):
    load_reference_data(apps.get_model("schools", "Municipality"),
                        apps.get_model("schools", "Subject"),
                        apps.get_model("schools", "School"))


class Migration(migrations.Migration):
    dependencies = [("schools", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
