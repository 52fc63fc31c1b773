"""Every ReminderDelivery row becomes a row of core's one outbox (issue 20).

Sent, failed and skipped rows too: a row is the "made once" mark that keeps the
sweep from reminding a person again. Each keeps its Message-ID (stable, so a
de-duplicating mail system still recognises a copy) and its key. A row a worker was
sending is queued again, as the old engine's timeout would have done.
"""

from datetime import timezone as dt_timezone

from django.db import migrations

from core.site import site_domain

TEMPLATES = {"reminder": "reminder_event", "follow_up": "event_follow_up",
             "cancellation": "event_cancelled"}
STATUS = {"queued": "queued", "retrying": "queued", "sending": "queued", "sent": "sent",
          "failed": "failed", "skipped": "skipped"}


def copy_deliveries(apps, schema_editor):
    delivery = apps.get_model("events", "ReminderDelivery")
    mail = apps.get_model("core", "OutgoingMail")
    domain = site_domain()
    rows = []
    for d in delivery.objects.select_related("user").order_by("pk").iterator(chunk_size=2000):
        status = STATUS[d.status]
        due = d.due_at.astimezone(dt_timezone.utc)
        next_try = max(d.due_at, d.enqueued_at) if d.status == "retrying" and d.enqueued_at \
            else d.due_at
        rows.append(mail(
            message_id=f"<delivery-{d.pk}-{d.due_at:%Y%m%d%H%M}@{domain}>",
            key=(f"event:{d.event_id}:{d.message}:{d.offset_hours}:"
                 f"{due:%Y%m%dT%H%M%SZ}:{d.user_id}"),
            template=TEMPLATES[d.message], topic=f"event:{d.event_id}",
            concern="events.reminder",
            data={"event": d.event_id, "user": d.user_id, "message": d.message,
                  "offset_hours": d.offset_hours, "due_at": d.due_at.isoformat()},
            to=d.user.email, created_at=d.created_at, status=status, due_at=next_try,
            attempts=d.attempts, last_error=d.last_error, sent_at=d.sent_at,
            failed_at=(d.claimed_at or d.created_at) if status in ("failed", "skipped")
            else None))
        if len(rows) >= 2000:
            mail.objects.bulk_create(rows)
            rows = []
    mail.objects.bulk_create(rows)


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0003_one_mail_engine"),
        ("events", "0008_heads_meetings_in_heads_network"),
    ]

    operations = [
        migrations.RunPython(copy_deliveries, migrations.RunPython.noop),
    ]
