# The festival programme moved out of events with its rows
# (docs/decisions/0002-events-split.md): this migration only takes Contribution over
# in Django's state, on the table events/0007 created (events_contribution);
# events/0009 drops it from the events state, and 0002 here renames the table to
# programme_contribution and moves the content type (so admin permissions follow).

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('events', '0008_heads_meetings_in_heads_network'),
        ('schools', '0003_partner_schools'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Contribution',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=200, verbose_name='titel')),
                        ('ensemble', models.CharField(max_length=200, verbose_name='grupp eller ensemble')),
                        ('performers', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(500)], verbose_name='antal medverkande')),
                        ('length_minutes', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(240)], verbose_name='längd (minuter)')),
                        ('technical_needs', models.TextField(blank=True, verbose_name='tekniska behov')),
                        ('status', models.CharField(choices=[('submitted', 'Inskickat'), ('accepted', 'Antaget'), ('declined', 'Inte antaget'), ('withdrawn', 'Tillbakadraget')], default='submitted', max_length=20, verbose_name='status')),
                        ('position', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='ordning i programmet')),
                        ('starts_at', models.DateTimeField(blank=True, null=True, verbose_name='tid i programmet')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='inskickat')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='ändrat')),
                        ('event', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='contributions', to='events.event', verbose_name='evenemang')),
                        ('school', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='schools.school', verbose_name='skola')),
                        ('submitted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='inskickat av')),
                    ],
                    options={
                        'db_table': 'events_contribution',
                        'verbose_name': 'programpunkt',
                        'verbose_name_plural': 'programpunkter',
                        'ordering': ['position', 'starts_at', 'pk'],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
