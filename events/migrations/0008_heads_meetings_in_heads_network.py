"""Heads' meetings belong to the heads' network (issue 10), so they show on its page.

Existing heads' meetings without a network get the heads' network, if there is one.
Going back leaves them as they are.
"""

from django.db import migrations


def attach_to_heads_network(apps, schema_editor):
    Event = apps.get_model("events", "Event")
    Network = apps.get_model("networks", "Network")
    heads = Network.objects.filter(kind="heads").order_by("pk").first()
    if heads is not None:
        Event.objects.filter(kind="heads_meeting", network=None).update(network=heads)


class Migration(migrations.Migration):

    dependencies = [
        ("events", "0007_festival_contributions"),
        ("networks", "0003_planningslot_iso_weekday"),
    ]

    operations = [
        migrations.RunPython(attach_to_heads_network, migrations.RunPython.noop),
    ]
