"""Real Celery workers on the configured broker, a real SMTP server, the real database.

Runs on both configurations: SQLite + filesystem broker (default) and
PostgreSQL + Redis (DATABASE_URL / CELERY_BROKER_URL in the environment).
Each reminder must reach the SMTP server exactly once.
"""

import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from events.models import Event, Kind, Registration, ReminderDelivery
from tests.events.conftest import make_event
from tests.factories import UserFactory
from tests.smtp_sink import SmtpSink
from tests.worker_support import wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _event_with_registrations(schools, count):
    """A concert starting in an hour with a 2-hour reminder: due now, for `count` people."""
    event = make_event([schools["boras"]], title="Konsert", kind=Kind.CONCERT,
                       audience=Event.Audience.PUBLIC, registration_required=True,
                       starts_at=timezone.now() + timedelta(hours=1), reminder_hours="2")
    long_ago = timezone.now() - timedelta(days=2)
    people = [UserFactory(email=f"mottagare{i}@example.se", verified=False)
              for i in range(count)]
    Registration.objects.bulk_create(
        Registration(event=event, user=person, registered_at=long_ago) for person in people)
    return event, {person.email for person in people}


def _sent_count(event):
    return ReminderDelivery.objects.filter(event=event,
                                           status=ReminderDelivery.Status.SENT).count()


def test_two_workers_and_two_sweeps_deliver_each_reminder_once(schools, workers):
    event, emails = _event_with_registrations(schools, 30)
    with SmtpSink(rcpt_delay=0.02) as sink:
        workers.mail_to(sink)
        workers.start("w1")
        workers.start("w2")
        # Two sweeps at once, as when beat fires while someone runs the command.
        sweeps = [subprocess.Popen([sys.executable, "manage.py", "sweep_reminders"],
                                   cwd=settings.BASE_DIR, env=workers.env) for _ in range(2)]
        assert all(p.wait(timeout=60) == 0 for p in sweeps)
        wait_until(lambda: _sent_count(event) == len(emails), 50, workers, "all sent")
        workers.sweep()  # a later sweep finds nothing new to send
        time.sleep(1)
        delivered = Counter(sink.handler.recipients())
    assert ReminderDelivery.objects.filter(event=event).count() == len(emails)
    assert set(delivered) == emails
    assert max(delivered.values()) == 1, delivered.most_common(3)


def test_worker_killed_mid_batch_and_restarted_delivers_each_reminder_once(schools, workers):
    event, emails = _event_with_registrations(schools, 12)
    with SmtpSink(rcpt_delay=0.3) as sink:
        workers.mail_to(sink)
        first = workers.start("w1", concurrency=1)
        workers.sweep()
        wait_until(lambda: _sent_count(event) >= 4, 40, workers, "a few sent")
        # Kill while the worker is inside an SMTP conversation for the next one.
        assert sink.handler.in_rcpt.wait(timeout=10)
        workers.kill(first)
        stuck = ReminderDelivery.objects.filter(event=event,
                                                status=ReminderDelivery.Status.SENDING)
        # The batch claimed its rows at once: the one in the SMTP conversation and
        # those after it stay "sending" until the timeout returns them.
        assert stuck.count() == len(emails) - _sent_count(event) >= 1
        workers.start("w2", concurrency=1)
        time.sleep(2.5)  # past EVENTS_SENDING_TIMEOUT_SECONDS=2
        workers.sweep()  # returns the stuck row to the queue (and re-queues lost tasks)
        wait_until(lambda: _sent_count(event) == len(emails), 40, workers, "all sent")
        time.sleep(1)
        delivered = Counter(sink.handler.recipients())
    assert set(delivered) == emails
    assert max(delivered.values()) == 1, delivered.most_common(3)
