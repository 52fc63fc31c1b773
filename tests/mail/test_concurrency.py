"""Two workers on one outbox row at the same moment (a redelivered task, a re-queued row):
the claim lets exactly one send it. PostgreSQL only (tests/concurrency.py)."""

import threading
import time
from unittest import mock

import pytest
from django.core.mail import EmailMessage

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

    def slow_send(message, *args, **kwargs):
        time.sleep(0.2)  # the SMTP conversation: both workers are inside it at once
        with lock:
            sends.append(message.extra_headers["Message-ID"])
        return 1

    with mock.patch.object(EmailMessage, "send", slow_send):
        race = run_concurrently([lambda: mail_outbox.deliver(row.pk)] * 2)
    assert not race.errors, race.errors
    return sorted(race.results), sends


def test_two_workers_send_a_row_once():
    outcomes, sends = _race_one_row()
    assert outcomes == ["sent", "skipped"]
    assert len(sends) == 1
    assert OutgoingMail.objects.get().sent_at is not None


def test_without_the_claim_the_row_is_sent_twice(monkeypatch):
    monkeypatch.setattr(mail_outbox, "claim", lambda pk, now: True)  # no lock on the row

    def race_once():
        _outcomes, sends = _race_one_row()
        return len(sends) == 2

    assert breaks_in_some_attempt(race_once)
