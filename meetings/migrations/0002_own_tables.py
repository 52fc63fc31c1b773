# The tables taken over from events get the app's own names, and the content
# types follow, so admin permissions and history given before the move still apply
# (as initiatives/0002 did when initiatives left events).

from django.db import migrations

MODELS = ['agendaitem', 'decision', 'actionitem']


def _move_content_types(apps, from_label, to_label):
    ContentType = apps.get_model('contenttypes', 'ContentType')
    taken = ContentType.objects.filter(app_label=to_label, model__in=MODELS)
    (ContentType.objects.filter(app_label=from_label, model__in=MODELS)
     .exclude(model__in=taken.values('model')).update(app_label=to_label))


def forwards(apps, schema_editor):
    _move_content_types(apps, 'events', 'meetings')


def backwards(apps, schema_editor):
    _move_content_types(apps, 'meetings', 'events')


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('events', '0009_meetings_and_programme_moved'),
        ('meetings', '0001_initial'),
    ]

    operations = [
        migrations.AlterModelTable(name='agendaitem', table=None),
        migrations.AlterModelTable(name='decision', table=None),
        migrations.AlterModelTable(name='actionitem', table=None),
        migrations.RunPython(forwards, backwards),
    ]
