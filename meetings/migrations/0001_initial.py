# Meetings moved out of events with their rows (docs/decisions/0002-events-split.md):
# this migration only takes the models over in Django's state, on the tables
# events/0001 created (events_agendaitem, events_decision, events_actionitem);
# events/0009 drops them from the events state, and 0002 here renames the tables to
# meetings_* and moves the content types (so admin permissions follow).

import core.bounds
import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('events', '0008_heads_meetings_in_heads_network'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ActionItem',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('text', models.CharField(max_length=300, verbose_name='åtgärd')),
                        ('due_date', models.DateField(blank=True, null=True, validators=[core.bounds.validate_date_in_range], verbose_name='klart senast')),
                        ('done_at', models.DateTimeField(blank=True, null=True, verbose_name='klart')),
                        ('event', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='action_items', to='events.event', verbose_name='möte')),
                        ('owner', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='ansvarig')),
                    ],
                    options={
                        'db_table': 'events_actionitem',
                        'verbose_name': 'åtgärdspunkt',
                        'verbose_name_plural': 'åtgärdspunkter',
                        'ordering': ['pk'],
                    },
                ),
                migrations.CreateModel(
                    name='AgendaItem',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('position', models.PositiveSmallIntegerField(default=0, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(32767)], verbose_name='ordning')),
                        ('title', models.CharField(max_length=200, verbose_name='punkt')),
                        ('description', models.TextField(blank=True, verbose_name='beskrivning')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='föreslagen')),
                        ('event', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='agenda_items', to='events.event', verbose_name='möte')),
                        ('proposed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='föreslagen av')),
                    ],
                    options={
                        'db_table': 'events_agendaitem',
                        'verbose_name': 'dagordningspunkt',
                        'verbose_name_plural': 'dagordning',
                        'ordering': ['position', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='Decision',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('text', models.TextField(verbose_name='beslut')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='skapat')),
                        ('event', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='decisions', to='events.event', verbose_name='möte')),
                    ],
                    options={
                        'db_table': 'events_decision',
                        'verbose_name': 'beslut',
                        'verbose_name_plural': 'beslut',
                        'ordering': ['pk'],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
