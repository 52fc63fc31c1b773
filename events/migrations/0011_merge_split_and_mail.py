# Meetings and the programme moved out (0009_meetings_...) while reminders moved into the
# one outbox (0009_reminders_..., 0010); the two lines of history meet here.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0009_meetings_and_programme_moved"),
        ("events", "0010_reminder_delivery_moved_to_outbox"),
    ]

    operations = []
