"""Reminders through the one outbox (issues 15 and 20): one render per event and language,
one SMTP connection per task run, and no second copy after a slow end of DATA."""

import asyncio
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from core import mail_outbox
from core.models import OutgoingMail
from events import reminders
from events.models import Event, Kind, Registration
from sjuharad.celery import app
from tests.events.conftest import make_event
from tests.factories import UserFactory
from tests.smtp_sink import SmtpSink

pytestmark = pytest.mark.django_db
Status = OutgoingMail.Status


def send():
    return dict(mail_outbox.send_due_mail()[0])


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
    return event, list(reminders.mails_about(event).order_by("pk").values_list("pk", flat=True))


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
    monkeypatch.setattr(reminders, "_render", lambda *args: (
        calls.append(args[4]) or original(*args)))
    monkeypatch.setattr(mail_outbox, "CHUNK", 4)  # the renderings outlive a chunk
    assert send() == {"sent": 6}
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
    assert ids == {row.message_id for row in OutgoingMail.objects.filter(pk__in=pks)}


def _smtp(settings, sink, timeout=20):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", sink.port
    settings.EMAIL_TIMEOUT = timeout


def test_one_smtp_connection_per_task_run(schools, settings, monkeypatch):
    event, pks = _concert_with_rows(schools, 12)
    connects = []
    original = mail_outbox.PatientSMTP.connect
    monkeypatch.setattr(mail_outbox.PatientSMTP, "connect",
                        lambda self, *a, **k: connects.append(1) or original(self, *a, **k))
    monkeypatch.setattr(mail_outbox, "CHUNK", 5)
    with SmtpSink() as sink:
        _smtp(settings, sink)
        assert send() == {"sent": 12}
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
        assert send() == {"sent": 2}
        assert sorted(sink.handler.recipients()) == sorted(
            OutgoingMail.objects.filter(pk__in=pks).values_list("to", flat=True))
    assert set(OutgoingMail.objects.filter(pk__in=pks).values_list("status", flat=True)) == {
        Status.SENT}


def test_no_answer_after_data_is_in_doubt_and_never_sent_again(schools, settings, monkeypatch):
    event, pks = _concert_with_rows(schools, 1)
    monkeypatch.setattr(mail_outbox, "DATA_END_TIMEOUT", 0.5)
    with SlowDataSink(delay=2) as sink:
        _smtp(settings, sink, timeout=1)
        assert send() == {"in-doubt": 1}
        # A sweep later finds nothing due: the server may well have taken it.
        assert mail_outbox.sweep(timezone.now() + timedelta(hours=1)) == 0
        assert send() == {}
    # The sink's own record, once its answer (2 s late) was given: one copy.
    assert len(sink.handler.recipients()) == 1
    row = OutgoingMail.objects.get(pk=pks[0])
    assert row.status == Status.IN_DOUBT and "Okänt om e-postservern" in row.last_error


def test_beat_tasks_go_to_the_sweep_queue(settings):
    for task in ("events.tasks.sweep_reminders", "core.tasks.sweep_mail_outbox"):
        assert app.amqp.router.route({}, task)["queue"].name == settings.SWEEP_QUEUE
    assert app.amqp.router.route({}, "core.mail_outbox.send_due")["queue"].name == (
        settings.CELERY_TASK_DEFAULT_QUEUE)
    for entry in ("reminder-sweep", "mail-sweep"):
        assert settings.CELERY_BEAT_SCHEDULE[entry]["options"]["expires"] < 60


def test_send_queue_check_on_the_real_broker(settings, tmp_path):
    """Empty when the queue is gone or holds nothing; not empty with a task in it."""
    from tests.worker_support import Workers

    workers = Workers(tmp_path)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_TASK_DEFAULT_QUEUE = workers.queue
    app.conf.broker_url = workers.broker_url
    app.conf.broker_transport_options = workers.transport_options
    try:
        assert mail_outbox.send_queue_is_empty()
        workers.send_task("core.mail_outbox.send_due", [])
        assert not mail_outbox.send_queue_is_empty()
        workers.delete_queue()
        assert mail_outbox.send_queue_is_empty()
    finally:
        workers.delete_queue()
        app.conf.broker_url = settings.CELERY_BROKER_URL
        app.conf.broker_transport_options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
