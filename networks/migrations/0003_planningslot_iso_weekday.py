"""Planning windows count weekdays like courses do: ISO 8601, 1 = Monday … 7 = Sunday.

They counted from 0 (Monday); every stored window moves up by one.
"""

from django.db import migrations, models
from django.db.models import F


def to_iso(apps, schema_editor):
    PlanningSlot = apps.get_model("networks", "PlanningSlot")
    PlanningSlot.objects.update(weekday=F("weekday") + 1)


def from_iso(apps, schema_editor):
    PlanningSlot = apps.get_model("networks", "PlanningSlot")
    PlanningSlot.objects.update(weekday=F("weekday") - 1)


class Migration(migrations.Migration):

    dependencies = [
        ("networks", "0002_proposals_resources_planning_discussion"),
    ]

    operations = [
        migrations.RunPython(to_iso, from_iso),
        migrations.AlterField(
            model_name="planningslot",
            name="weekday",
            field=models.PositiveSmallIntegerField(
                choices=[(1, "måndag"), (2, "tisdag"), (3, "onsdag"), (4, "torsdag"),
                         (5, "fredag"), (6, "lördag"), (7, "söndag")],
                verbose_name="veckodag"),
        ),
    ]
