"""Reminders in batches (issue 15): few queries, one render per event and language, one SMTP
connection per batch, each row published once, and no second copy after a slow end of DATA."""

import asyncio
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events import reminders
from events.models import Event, Kind, Registration, ReminderDelivery
from sjuharad.celery import app
from tests.events.conftest import make_event
from tests.factories import UserFactory
from tests.smtp_sink import SmtpSink

pytestmark = pytest.mark.django_db
Status = ReminderDelivery.Status


def _concert_with_rows(schools, count, **user_fields):
    """A concert in 5 hours with one due reminder row per registered person."""
    event = make_event([schools["boras"]], title="Konsert", kind=Kind.CONCERT,
                       audience=Event.Audience.PUBLIC, registration_required=True,
                       starts_at=timezone.now() + timedelta(hours=5))
    people = [UserFactory(verified=False, **user_fields) for _ in range(count)]
    Registration.objects.bulk_create(
        Registration(event=event, user=p, registered_at=timezone.now() - timedelta(days=2))
        for p in people)
    reminders.create_due_deliveries()
    return event, list(event.deliveries.order_by("pk").values_list("pk", flat=True))


@pytest.mark.parametrize("count", [5, 40])
def test_batch_send_costs_a_constant_plus_one_update_per_reminder(
        schools, django_assert_max_num_queries, count):
    event, pks = _concert_with_rows(schools, count)
    # Claim 2, skip facts 3 (kind settings, opt-outs, withdrawals), the .ics's alarms 1
    # per render; then exactly one UPDATE per row right after its own send, which must
    # not wait for the rest of the batch (the duplicate window, events/reminders.py).
    with django_assert_max_num_queries(6 + count), CaptureQueriesContext(connection) as queries:
        outcome = reminders.deliver_batch(pks)
    assert outcome.counts == {"sent": count}
    marks = [q for q in queries.captured_queries
             if q["sql"].startswith("UPDATE") and "sent_at" in q["sql"]]
    assert len(marks) == count and len(queries) - count == 6
    assert len(mail.outbox) == count


def test_renders_once_per_event_message_and_language_with_each_name(schools, monkeypatch):
    event, pks = _concert_with_rows(schools, 6, language="sv")
    for person in event.registrations.order_by("pk")[:2]:
        person.user.language = "en"
        person.user.save(update_fields=["language"])
    first = event.registrations.order_by("pk").first().user
    first.first_name = "Åsa & <Per>"
    first.save(update_fields=["first_name"])
    calls = []
    original = reminders._render
    monkeypatch.setattr(reminders, "_render",
                        lambda row, language, children=(): (
                            calls.append(language) or original(row, language, children)))
    reminders.deliver_batch(pks)
    assert sorted(calls) == ["en", "sv"]
    by_address = {m.to[0]: m for m in mail.outbox}
    message = by_address[first.email]
    assert message.body.startswith("Hello Åsa & <Per>!")
    assert "Hello Åsa &amp; &lt;Per&gt;!" in message.alternatives[0][0]
    assert message.attachments[0][0] == "evenemang.ics"
    other = [m for address, m in by_address.items() if address != first.email]
    assert all(reminders.NAME_SLOT not in m.body + m.alternatives[0][0] for m in other)
    assert sum("Hej " in m.body for m in mail.outbox) == 4
    ids = {m.extra_headers["Message-ID"] for m in mail.outbox}
    assert ids == {row.message_id for row in ReminderDelivery.objects.filter(pk__in=pks)}


def _smtp(settings, sink, timeout=20):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", sink.port
    settings.EMAIL_TIMEOUT = timeout


def test_one_smtp_connection_per_batch(schools, settings, monkeypatch):
    event, pks = _concert_with_rows(schools, 12)
    connects = []
    original = reminders.PatientSMTP.connect
    monkeypatch.setattr(reminders.PatientSMTP, "connect",
                        lambda self, *a, **k: connects.append(1) or original(self, *a, **k))
    with SmtpSink() as sink:
        _smtp(settings, sink)
        assert reminders.deliver_batch(pks).counts == {"sent": 12}
        assert len(sink.handler.recipients()) == 12
    assert len(connects) == 1


class SlowDataSink(SmtpSink):
    """Accepts the message, then takes `delay` seconds to answer the end of DATA."""

    def __init__(self, delay):
        super().__init__()
        handle = self.handler.handle_DATA

        async def slow(server, session, envelope):
            answer = await handle(server, session, envelope)
            await asyncio.sleep(delay)
            return answer
        self.handler.handle_DATA = slow


def test_slow_end_of_data_answer_is_waited_for_not_retried(schools, settings):
    event, pks = _concert_with_rows(schools, 2)
    with SlowDataSink(delay=2.5) as sink:
        _smtp(settings, sink, timeout=1)  # EMAIL_TIMEOUT shorter than the server's answer
        outcome = reminders.deliver_batch(pks)
        assert outcome.counts == {"sent": 2} and outcome.retry == []
        assert sorted(sink.handler.recipients()) == sorted(
            ReminderDelivery.objects.filter(pk__in=pks).values_list("user__email", flat=True))
    assert set(ReminderDelivery.objects.filter(pk__in=pks).values_list("status", flat=True)) == {
        Status.SENT}


def test_no_answer_after_data_is_in_doubt_and_never_sent_again(schools, settings, monkeypatch):
    event, pks = _concert_with_rows(schools, 1)
    monkeypatch.setattr(reminders, "DATA_END_TIMEOUT", 0.5)
    with SlowDataSink(delay=2) as sink:
        _smtp(settings, sink, timeout=1)
        outcome = reminders.deliver_batch(pks)
        assert outcome.counts == {"in-doubt": 1} and outcome.retry == []
        # A sweep later does not publish it again: the server did take it.
        assert reminders.queue_pending_deliveries(timezone.now() + timedelta(hours=1)) == 0
        asyncio.run(asyncio.sleep(2))
        assert len(sink.handler.recipients()) == 1
    row = ReminderDelivery.objects.get(pk=pks[0])
    assert row.status == Status.FAILED and "Okänt om e-postservern" in row.last_error


def test_refused_rows_come_back_in_a_task_of_their_own_later(schools, settings):
    event, pks = _concert_with_rows(schools, 3)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 1
    outcome = reminders.deliver_batch(pks)
    assert sorted(outcome.retry) == pks and outcome.retry_countdown == 60, outcome.counts
    rows = ReminderDelivery.objects.filter(pk__in=pks)
    assert {r.status for r in rows} == {Status.RETRYING}
    # Stamped for its retry: the sweep does not publish it meanwhile.
    assert reminders.queue_pending_deliveries() == 0


def test_each_row_is_published_once_and_again_only_when_lost(
        schools, monkeypatch, django_capture_on_commit_callbacks):
    event, pks = _concert_with_rows(schools, 3)
    published = []
    monkeypatch.setattr(reminders, "queue_sends", lambda rows: published.extend(rows))
    queue_empty = [False]
    monkeypatch.setattr(reminders, "send_queue_is_empty", lambda: queue_empty[0])

    def publish(now):
        with django_capture_on_commit_callbacks(execute=True):
            return reminders.queue_pending_deliveries(now)

    now = timezone.now()
    assert publish(now) == 3
    assert publish(now) == 0  # a second sweep side by side
    assert sorted(published) == pks
    later = now + timedelta(minutes=3)
    # Tasks still wait in the broker (a backlog): nothing is published twice.
    assert publish(later) == 0
    # The broker lost its queue: what was published 2+ minutes ago and never claimed goes again.
    queue_empty[0] = True
    assert publish(now + timedelta(minutes=1)) == 0  # not yet 2 minutes
    assert publish(later) == 3
    assert publish(later) == 0
    assert sorted(published) == sorted(pks * 2)


def test_beat_tasks_go_to_the_sweep_queue(settings):
    route = app.amqp.router.route({}, "events.tasks.sweep_reminders")
    assert route["queue"].name == settings.SWEEP_QUEUE
    assert app.amqp.router.route({}, "events.reminders.send_batch")["queue"].name == (
        settings.CELERY_TASK_DEFAULT_QUEUE)
    assert settings.CELERY_BEAT_SCHEDULE["reminder-sweep"]["options"]["expires"] < 60


def test_send_queue_check_on_the_real_broker(settings, tmp_path):
    """Empty when the queue is gone or holds nothing; not empty with a task in it."""
    from tests.worker_support import Workers

    workers = Workers(tmp_path)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_TASK_DEFAULT_QUEUE = workers.queue
    app.conf.broker_url = workers.broker_url
    app.conf.broker_transport_options = workers.transport_options
    try:
        assert reminders.send_queue_is_empty()
        workers.send_task("events.reminders.send_batch", [[0]])
        assert not reminders.send_queue_is_empty()
        workers.delete_queue()
        assert reminders.send_queue_is_empty()
    finally:
        workers.delete_queue()
        app.conf.broker_url = settings.CELERY_BROKER_URL
        app.conf.broker_transport_options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
