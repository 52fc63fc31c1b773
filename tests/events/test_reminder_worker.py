"""Reminders with real workers (issues 15 and 20): sweeps side by side, the broker losing its
queue, a worker killed mid-batch, an event cancelled and planned again, an offset over 60
days; every reminder reaches the SMTP server exactly once.

Runs on SQLite + filesystem broker (default) and on PostgreSQL + Redis (DATABASE_URL /
CELERY_BROKER_URL in the environment). Before each final count the workers are stopped
(a warm shutdown finishes what they send), so nothing can arrive later unseen.
"""

import subprocess
import sys
from collections import Counter
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from core import mail_outbox
from core.models import OutgoingMail
from events import reminders, services
from events.models import Event, Kind, Registration
from tests.events.conftest import make_event
from tests.factories import UserFactory
from tests.smtp_sink import SmtpSink
from tests.worker_support import wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
Status = OutgoingMail.Status


def _concert(schools, count, prefix, **fields):
    """A concert starting in an hour with a 2-hour reminder: due now, for `count` people."""
    fields.setdefault("starts_at", timezone.now() + timedelta(hours=1))
    fields.setdefault("reminder_hours", "2")
    event = make_event([schools["boras"]], title="Konsert", kind=Kind.CONCERT,
                       audience=Event.Audience.PUBLIC, registration_required=True, **fields)
    people = [UserFactory(email=f"{prefix}{i}@example.se", verified=False) for i in range(count)]
    Registration.objects.bulk_create(
        Registration(event=event, user=p, registered_at=timezone.now() - timedelta(days=2))
        for p in people)
    return event, {p.email for p in people}


def _rows(*events):
    return OutgoingMail.objects.filter(topic__in=[reminders.topic(e.pk) for e in events])


def _sent(*events):
    return _rows(*events).filter(status=Status.SENT).count()


def _assert_each_once(sink, emails):
    delivered = Counter(sink.handler.recipients())
    assert set(delivered) == emails
    assert max(delivered.values()) == 1, delivered.most_common(3)


def test_two_workers_and_two_sweeps_deliver_each_reminder_once(schools, workers):
    event, emails = _concert(schools, 30, "mottagare")
    with SmtpSink(rcpt_delay=0.02) as sink:
        workers.mail_to(sink)
        workers.start("w1")
        workers.start("w2")
        # Two sweeps at once, as when beat fires while someone runs the command.
        sweeps = [subprocess.Popen([sys.executable, "manage.py", "sweep_reminders"],
                                   cwd=settings.BASE_DIR, env=workers.env) for _ in range(2)]
        assert all(p.wait(timeout=60) == 0 for p in sweeps)
        wait_until(lambda: _sent(event) == len(emails), 50, workers, "all sent")
        assert "created=0" in workers.sweep()  # a later sweep finds nothing new
        workers.stop_all()
    assert _rows(event).count() == len(emails)
    _assert_each_once(sink, emails)


def test_broker_losing_its_queue_still_delivers_every_reminder_within_a_sweep(schools,
                                                                              workers):
    event, emails = _concert(schools, 120, "tapp")
    with SmtpSink() as sink:
        workers.mail_to(sink)
        workers.sweep()  # writes the rows and publishes send tasks; no worker runs yet
        assert _rows(event).filter(status=Status.QUEUED).count() == len(emails)
        workers.delete_queue()  # the broker restarts without its queue
        workers.start("w1")
        workers.start("w2")
        workers.wait_ready("w1")
        workers.wait_ready("w2")
        assert _sent(event) == 0  # the queue is gone: nothing was there to take
        # The next minute's beat publishes send tasks for the due rows: all go out
        # within that minute's work, well inside five minutes of their time.
        workers.beat()
        wait_until(lambda: _sent(event) == len(emails), 60, workers, "all sent")
        workers.beat()
        workers.stop_all()
    _assert_each_once(sink, emails)


def test_a_worker_killed_mid_batch_leaves_only_the_row_in_flight_waiting(schools, workers):
    event, emails = _concert(schools, 12, "dodad")
    with SmtpSink(rcpt_delay=0.3) as sink:
        workers.mail_to(sink)
        first = workers.start("w1", concurrency=1)
        workers.sweep()
        wait_until(lambda: _sent(event) >= 4, 40, workers, "a few sent")
        # Kill while the worker is inside an SMTP conversation (before DATA) for the next.
        assert sink.handler.in_rcpt.wait(timeout=10)
        workers.kill(first)
        killed_at = timezone.now()
        leased = _rows(event).filter(status=Status.SENDING)
        [in_flight] = leased.filter(claimed_until__gt=killed_at + timedelta(minutes=5))
        untried = leased.exclude(pk=in_flight.pk)
        assert untried.exists()
        # The untried rows' lease ends within the five minutes (not at 15 as before);
        # the row in flight keeps its lease past the send task's hard limit.
        assert all(row.claimed_until <= killed_at + mail_outbox.claim_lease()
                   for row in untried)
        assert in_flight.claimed_until >= killed_at + timedelta(
            seconds=mail_outbox.SEND_TIME_LIMIT)
        untried_emails = set(untried.values_list("to", flat=True))
        already = len(sink.handler.recipients())

        # A worker started on a clock five minutes on (due-time arithmetic, no waiting):
        # the beat it runs sends every untried row; the one in flight still waits.
        workers.shift_clock(5 * 60)
        workers.start("w2", concurrency=1)
        workers.mail_sweep()
        wait_until(lambda: _sent(event) == len(emails) - 1, 40, workers, "untried ones sent")
        workers.stop_all()
        late = set(sink.handler.recipients()[already:])
        assert untried_emails <= late and in_flight.to not in late
        assert _rows(event).get(status=Status.SENDING).pk == in_flight.pk

        # Past its lease (the worker is surely gone), it is sent: once, since the kill
        # came before the server could take it.
        workers.shift_clock(mail_outbox.in_flight_lease().total_seconds() + 60)
        workers.start("w3", concurrency=1)
        workers.mail_sweep()
        wait_until(lambda: _sent(event) == len(emails), 40, workers, "all sent")
        workers.stop_all()
    _assert_each_once(sink, emails)


def test_reinstated_event_and_long_offset_are_reminded_once(schools, workers):
    reinstated, first = _concert(schools, 10, "aterupptaget")
    services.cancel_event(reinstated)  # the notices' rows (not sent: no worker runs yet)
    _rows(reinstated).delete()  # a clean slate for counting
    services.reinstate_event(reinstated)
    # 100 days ahead, reminded 2,401 hours (just over 100 days) before: due an hour ago.
    far, second = _concert(schools, 10, "langt", starts_at=timezone.now() + timedelta(days=100),
                           reminder_hours=str(100 * 24 + 1))
    with SmtpSink() as sink:
        workers.mail_to(sink)
        workers.start("w1")
        workers.start("w2")
        workers.beat()
        workers.beat()
        wait_until(lambda: _sent(reinstated, far) == 20, 60, workers, "all sent")
        workers.stop_all()
    _assert_each_once(sink, first | second)
    assert _rows(far).get(to="langt0@example.se").data["offset_hours"] == 2401


def test_two_workers_many_chunks_and_side_by_side_sweeps_send_each_once(schools, workers):
    event, emails = _concert(schools, 230, "manga")  # five chunks
    with SmtpSink() as sink:
        workers.mail_to(sink)
        workers.start("w1")
        workers.start("w2")
        sweeps = [subprocess.Popen([sys.executable, "manage.py", "sweep_reminders"],
                                   cwd=settings.BASE_DIR, env=workers.env) for _ in range(2)]
        workers.beat()
        assert all(p.wait(timeout=60) == 0 for p in sweeps)
        wait_until(lambda: _sent(event) == len(emails), 90, workers, "all sent")
        workers.beat()
        workers.stop_all()
    _assert_each_once(sink, emails)
    # Each row was leased once and tried once.
    assert set(_rows(event).values_list("attempts", flat=True)) == {1}
