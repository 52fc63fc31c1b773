from django.db import migrations

from schools.reference import load_partner_schools


def load(apps, schema_editor):
    load_partner_schools(apps.get_model("schools", "Municipality"),
                         apps.get_model("schools", "Subject"),
                         apps.get_model("schools", "School"))


def unload(apps, schema_editor):
    School = apps.get_model("schools", "School")
    School.objects.filter(slug__in=["vara", "essunga"], courses=None).delete()


class Migration(migrations.Migration):
    """Vara and Essunga's culture schools as partner schools outside Sjuhärad."""

    dependencies = [("schools", "0002_reference_data")]

    operations = [migrations.RunPython(load, unload)]
