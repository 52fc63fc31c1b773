# Initiative and Commitment now belong to the initiatives app, which took them
# over on the same tables (initiatives/0001). Only Django's state changes here;
# no table is dropped and no row is lost.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0001_initial'),
        ('initiatives', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='Commitment'),
                migrations.DeleteModel(name='Initiative'),
            ],
            database_operations=[],
        ),
    ]
