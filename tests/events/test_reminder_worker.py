"""Reminders with real workers (issue 15): the broker losing its queue, an event cancelled and
planned again, an offset over 60 days; every reminder reaches the SMTP server exactly once.

Runs on SQLite + filesystem broker (default) and on PostgreSQL + Redis (DATABASE_URL /
CELERY_BROKER_URL in the environment). The worker fixture sets EVENTS_REQUEUE_AFTER_SECONDS=2.
"""

import re
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from events import services
from events.models import Event, Kind, Registration, ReminderDelivery
from tests.events.conftest import make_event
from tests.factories import UserFactory
from tests.smtp_sink import SmtpSink
from tests.worker_support import wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
SENT = ReminderDelivery.Status.SENT
# A task name no worker knows: a worker that takes it logs it and drops it.
PROBE = "tests.probe_the_queue"


def _concert(schools, count, prefix, **fields):
    fields.setdefault("starts_at", timezone.now() + timedelta(hours=1))
    fields.setdefault("reminder_hours", "2")
    event = make_event([schools["boras"]], title="Konsert", kind=Kind.CONCERT,
                       audience=Event.Audience.PUBLIC, registration_required=True, **fields)
    people = [UserFactory(email=f"{prefix}{i}@example.se", verified=False) for i in range(count)]
    Registration.objects.bulk_create(
        Registration(event=event, user=p, registered_at=timezone.now() - timedelta(days=2))
        for p in people)
    return event, {p.email for p in people}


def _sent(*events):
    return ReminderDelivery.objects.filter(event__in=events, status=SENT).count()


def _wait_for_the_queue_to_be_read(workers):
    """A probe published behind anything left in the send queue: once a worker has taken
    it, the workers are up and have read the queue up to it (a positive signal, not a
    pause that passes however slowly the workers start)."""
    workers.send_task(PROBE, [])
    wait_until(lambda: PROBE in workers.logs(), 60, workers, "a worker to take the probe")


def test_broker_losing_its_queue_still_delivers_every_reminder_once(schools, workers):
    event, emails = _concert(schools, 120, "tapp")
    with SmtpSink() as sink:
        workers.mail_to(sink)
        workers.sweep()  # publishes the send tasks; no worker is running yet
        assert ReminderDelivery.objects.filter(event=event, enqueued_at__isnull=False).count() \
            == len(emails)
        workers.delete_queue()  # the broker restarts without its queue
        workers.start("w1")
        workers.start("w2")
        # (That a sweep too soon publishes nothing again is a unit test with a fixed clock,
        # test_each_row_is_published_once_and_again_only_when_lost: here, under load, the
        # workers' start alone can outlast the short re-queue time.)
        _wait_for_the_queue_to_be_read(workers)
        # The queue is gone: no send task ran or claimed a row, nothing arrives by itself.
        assert not re.search(r"task events\.\S+ \S+ SUCCESS", workers.logs())
        assert not ReminderDelivery.objects.filter(event=event, claimed_at__isnull=False).exists()
        assert _sent(event) == 0 and sink.handler.recipients() == []
        workers.beat()  # through the sweep queue: re-publishes what was lost
        wait_until(lambda: _sent(event) == len(emails), 60, workers, "all sent")
        workers.beat()
        time.sleep(2)
        delivered = Counter(sink.handler.recipients())
    assert set(delivered) == emails
    assert max(delivered.values()) == 1, delivered.most_common(3)


def test_reinstated_event_and_long_offset_are_reminded_once(schools, workers):
    reinstated, first = _concert(schools, 10, "aterupptaget")
    services.cancel_event(reinstated)  # no notices go out: the test runs tasks eagerly
    ReminderDelivery.objects.filter(event=reinstated).delete()  # a clean slate for counting
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
        time.sleep(1)
        delivered = Counter(sink.handler.recipients())
    assert set(delivered) == first | second
    assert max(delivered.values()) == 1, delivered.most_common(3)
    assert ReminderDelivery.objects.get(event=far, user__email="langt0@example.se").offset_hours \
        == 2401


def test_two_workers_many_batches_and_side_by_side_sweeps_send_each_once(schools, workers):
    event, emails = _concert(schools, 230, "manga")  # five send batches
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
        time.sleep(2)
        delivered = Counter(sink.handler.recipients())
    assert set(delivered) == emails
    assert max(delivered.values()) == 1, delivered.most_common(3)
    # Each row was claimed by one task in one attempt (publishing once: test_reminder_batches).
    assert set(ReminderDelivery.objects.filter(event=event).values_list("attempts", flat=True)) \
        == {1}
