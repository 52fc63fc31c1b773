"""Two workers on one due outbox row at the same moment: the lease lets exactly one send
it. PostgreSQL only (tests/concurrency.py)."""

import threading
import time
from unittest import mock

import pytest
from django.utils import timezone

from core import mail_outbox
from core.models import OutgoingMail
from tests.concurrency import breaks_in_some_attempt, run_concurrently

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]


def _race_one_row():
    """Returns (outcomes, how many times the mail server got the message)."""
    row = OutgoingMail.objects.create(message_id=mail_outbox.new_message_id(),
                                      template="invitation", to="ny@example.se",
                                      subject="Inbjudan", body_text="Välkommen")
    sends, lock = [], threading.Lock()

    def slow_send(backend, messages):
        time.sleep(0.2)  # the SMTP conversation: both workers are inside it at once
        with lock:
            sends.extend(message.extra_headers["Message-ID"] for message in messages)
        return len(messages)

    with mock.patch("django.core.mail.backends.locmem.EmailBackend.send_messages", slow_send):
        race = run_concurrently([lambda: dict(mail_outbox.send_due_mail()[0])] * 2)
    assert not race.errors, race.errors
    assert row.message_id in sends
    return sorted(str(result) for result in race.results), sends


def test_two_workers_send_a_row_once():
    outcomes, sends = _race_one_row()
    assert outcomes == ["{'sent': 1}", "{}"]
    assert len(sends) == 1
    assert OutgoingMail.objects.get().status == OutgoingMail.Status.SENT


def test_without_the_claim_the_row_is_sent_twice(monkeypatch):
    def claim_without_condition(limit, now=None):  # no lease: both take the row
        rows = list(mail_outbox.due_rows(timezone.now()))
        OutgoingMail.objects.filter(pk__in=[r.pk for r in rows]).update(status="sending")
        for row in rows:
            row.status = "sending"
        return rows

    def send_without_lease(row, hooks, connection):
        connection.open()
        connection.send_messages([mail_outbox.as_message(row)])
        return "sent"

    monkeypatch.setattr(mail_outbox, "claim", claim_without_condition)
    monkeypatch.setattr(mail_outbox, "_send_one", send_without_lease)

    def race_once():
        _outcomes, sends = _race_one_row()
        return len(sends) == 2

    assert breaks_in_some_attempt(race_once)
