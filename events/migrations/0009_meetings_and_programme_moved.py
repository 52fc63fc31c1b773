# AgendaItem, Decision and ActionItem now belong to the meetings app, Contribution to
# the programme app; each took its model over on the same table (meetings/0001,
# programme/0001). Only Django's state changes here; no table is dropped and no row
# is lost (tests/meetings/test_migration.py).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0008_heads_meetings_in_heads_network'),
        ('meetings', '0001_initial'),
        ('programme', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='ActionItem'),
                migrations.DeleteModel(name='AgendaItem'),
                migrations.DeleteModel(name='Decision'),
                migrations.DeleteModel(name='Contribution'),
            ],
            database_operations=[],
        ),
    ]
