# Initiatives moved out of events with their rows: this migration only takes the
# models over in Django's state, on the tables events/0001 created
# (events_initiative, events_commitment); events/0002 drops them from the events
# state, and 0002 here renames the tables to initiatives_*.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('events', '0001_initial'),
        ('schools', '0002_reference_data'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Initiative',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=200, verbose_name='namn')),
                        ('description', models.TextField(blank=True, verbose_name='beskrivning')),
                        ('year', models.PositiveSmallIntegerField(verbose_name='år')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='skapad')),
                    ],
                    options={
                        'verbose_name': 'gemensam satsning',
                        'verbose_name_plural': 'gemensamma satsningar',
                        'ordering': ['-year', 'title'],
                        'db_table': 'events_initiative',
                    },
                ),
                migrations.CreateModel(
                    name='Commitment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('takes_part', models.BooleanField(default=False, verbose_name='deltar')),
                        ('people', models.PositiveIntegerField(default=0, verbose_name='personer')),
                        ('hours', models.PositiveIntegerField(default=0, verbose_name='timmar')),
                        ('money_sek', models.PositiveIntegerField(default=0, verbose_name='pengar (kr)')),
                        ('note', models.CharField(blank=True, max_length=300, verbose_name='kommentar')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='ändrad')),
                        ('initiative', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='commitments', to='initiatives.initiative', verbose_name='satsning')),
                        ('school', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='schools.school', verbose_name='skola')),
                    ],
                    options={
                        'verbose_name': 'åtagande',
                        'verbose_name_plural': 'åtaganden',
                        'db_table': 'events_commitment',
                        'constraints': [models.UniqueConstraint(fields=('initiative', 'school'), name='one_commitment_per_school')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
