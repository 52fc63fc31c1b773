from django.db import migrations

from schools.reference import OFFICIAL_NAMES


def fill(apps, schema_editor):
    """Existing databases get the municipalities' official names ("Marks kommun", "Borås Stad");
    a name the coordinator already set in admin is kept."""
    Municipality = apps.get_model("schools", "Municipality")
    for code, official_name in OFFICIAL_NAMES.items():
        Municipality.objects.filter(scb_code=code, official_name="").update(
            official_name=official_name)


class Migration(migrations.Migration):
    dependencies = [("schools", "0004_municipality_official_name")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
