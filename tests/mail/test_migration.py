"""An existing database moves to the one outbox with nothing lost (issue 20): the old
outbox's rows keep their state, every ReminderDelivery becomes an outbox row with its
Message-ID and key, the pending ones still go out, and a sent one is never made again."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from core import mail_outbox
from core.models import OutgoingMail
from events import reminders

BEFORE = [("core", "0002_outgoing_mail"), ("events", "0008_heads_meetings_in_heads_network")]
Status = OutgoingMail.Status


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


@pytest.mark.django_db(transaction=True)
def test_old_outbox_and_reminder_rows_survive_the_move_to_one_outbox(settings):
    settings.SITE_URL = "https://kulturskola.example.se"
    executor = migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps  # today's schema, before the move
    now = timezone.now()
    user = old.get_model("accounts", "User")
    sent_to, waiting, failed_to = (
        user.objects.create(email=f"{name}@example.se", first_name=name.title(), password="!")
        for name in ("skickad", "vantar", "misslyckad"))
    event = old.get_model("events", "Event").objects.create(
        title="Konsert", kind="concert", audience="public", registration_required=True,
        starts_at=now + timedelta(hours=1), ends_at=now + timedelta(hours=3),
        reminder_hours="2")
    registration = old.get_model("events", "Registration")
    for person in (sent_to, waiting, failed_to):
        registration.objects.create(event=event, user=person,
                                    registered_at=now - timedelta(days=2))
    due = now - timedelta(hours=1)
    delivery = old.get_model("events", "ReminderDelivery")
    sent = delivery.objects.create(event=event, user=sent_to, offset_hours=2, due_at=due,
                                   status="sent", attempts=1, sent_at=due)
    pending = delivery.objects.create(event=event, user=waiting, offset_hours=2, due_at=due,
                                      status="retrying", attempts=2, last_error="451")
    gave_up = delivery.objects.create(event=event, user=failed_to, offset_hours=2, due_at=due,
                                      status="failed", attempts=5, last_error="550",
                                      claimed_at=due)
    outbox = old.get_model("core", "OutgoingMail")
    mails = {state: outbox.objects.create(
        message_id=f"<{state}@kulturskola.example.se>", template="invitation",
        to=f"{state}@example.se", subject="Inbjudan", body_text="Välkommen", **fields)
        for state, fields in [("unsent", {}), ("sent", {"sent_at": now}),
                              ("gaveup", {"failed_at": now, "attempts": 25})]}

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    # The old outbox: the same rows, in the matching state.
    for state, expected in [("unsent", Status.QUEUED), ("sent", Status.SENT),
                            ("gaveup", Status.FAILED)]:
        row = OutgoingMail.objects.get(pk=mails[state].pk)
        assert (row.message_id, row.status, row.body_text) == (
            f"<{state}@kulturskola.example.se>", expected, "Välkommen")
    # The reminders: one row each, their Message-ID and state kept.
    rows = {row.to: row for row in reminders.mails_about(event)}
    assert set(rows) == {"skickad@example.se", "vantar@example.se", "misslyckad@example.se"}
    for old_row, person, status in [(sent, sent_to, Status.SENT),
                                    (pending, waiting, Status.QUEUED),
                                    (gave_up, failed_to, Status.FAILED)]:
        row = rows[person.email]
        assert row.status == status and row.attempts == old_row.attempts
        assert row.message_id == (
            f"<delivery-{old_row.pk}-{old_row.due_at:%Y%m%d%H%M}@kulturskola.example.se>")
        assert row.data["user"] == person.pk and row.data["offset_hours"] == 2
    assert rows["misslyckad@example.se"].last_error == "550"

    # The sweep makes none of them again (the keys match), and the pending one goes out.
    assert reminders.create_due_deliveries() == 0
    assert dict(mail_outbox.send_due_mail()[0]) == {"sent": 2}  # the old outbox's too
    assert sorted(m.to[0] for m in mail.outbox) == ["unsent@example.se", "vantar@example.se"]
    assert {m.extra_headers["Message-ID"] for m in mail.outbox} == {
        rows["vantar@example.se"].message_id, mails["unsent"].message_id}
