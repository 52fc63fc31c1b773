"""Real Celery workers, a real SMTP server (aiosmtpd) and the real database: mail survives
an SMTP outage with no duplicates, and a refused mailbox never re-mails the others.

Runs on both configurations: SQLite + filesystem broker (default) and PostgreSQL + Redis
(DATABASE_URL / CELERY_BROKER_URL / CACHE_URL in the environment).
"""

import time
from collections import Counter
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from kombu import Connection

from accounts.models import Staffing
from core import mail_outbox
from core.models import OutgoingMail
from sjuharad.celery import app
from tests.courses.conftest import make_application
from tests.factories import staff
from tests.smtp_sink import SmtpSink
from tests.worker_support import wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def web_publishes_to_workers(workers, monkeypatch):
    """Requests in this test publish their tasks to the workers' queue, as in production."""
    eager, send_task = app.conf.task_always_eager, app.send_task

    def publish(name, args=None, kwargs=None, **options):
        with Connection(workers.broker_url, transport_options=workers.transport_options) as conn:
            return send_task(name, args=args, queue=workers.queue, connection=conn)

    app.conf.task_always_eager = False
    monkeypatch.setattr(app, "send_task", publish)
    workers.env.update(MAIL_RETRY_BASE_SECONDS="1", EMAIL_TIMEOUT="3")
    yield workers
    app.conf.task_always_eager = eager


def unsent():
    return OutgoingMail.objects.filter(sent_at__isnull=True)


def assert_each_got_exactly_one(sink, addresses):
    by_recipient = Counter(sink.handler.recipients())
    assert by_recipient == Counter(addresses), by_recipient
    by_message_id = Counter(sink.handler.message_ids())
    assert max(by_message_id.values()) == 1, by_message_id.most_common(3)
    stored = set(OutgoingMail.objects.filter(to__in=addresses)
                 .values_list("message_id", flat=True))
    assert set(by_message_id) == stored  # sent with the row's own Message-ID


def test_mail_survives_an_smtp_outage_with_no_duplicates(
        client, schools, head_boras, harp_boras, child_mark, guardian_mark,
        web_publishes_to_workers):
    workers = web_publishes_to_workers
    second_head = staff(schools["boras"], Staffing.Role.HEAD, email="chef2.boras@example.se")
    application = make_application(harp_boras, child_mark)
    sink = SmtpSink()  # not started yet: the mail server is down
    workers.mail_to(sink)
    workers.start("mail", concurrency=2)

    client.force_login(head_boras)
    response = client.post(reverse("accounts:invitations"), {
        "email": "ny.larare@example.se", "school": schools["boras"].pk, "role": "teacher"},
        follow=True)
    assert response.status_code == 200  # the normal success page, not a 500
    client.force_login(guardian_mark)
    response = client.post(reverse("courses:respond", args=[application.pk]),
                           {"action": "withdraw"}, follow=True)
    assert response.status_code == 200  # the heads' notice waits for the mail server
    addresses = ["ny.larare@example.se", head_boras.email, second_head.email]
    assert sorted(unsent().values_list("to", flat=True)) == sorted(addresses)

    # Each mail meets the outage at least once and is kept for a later try.
    wait_until(lambda: unsent().filter(attempts__gte=2).count() == 3, 60, workers,
               "every mail tried twice while the server was down")
    assert not OutgoingMail.objects.filter(sent_at__isnull=False).exists()
    with sink:  # the mail server comes back
        wait_until(lambda: not unsent().exists(), 90, workers, "every mail sent")
        time.sleep(1.5)  # nothing more should arrive
    assert_each_got_exactly_one(sink, addresses)


def test_a_refused_mailbox_never_re_mails_the_others(
        client, schools, head_boras, harp_boras, child_mark, guardian_mark,
        web_publishes_to_workers):
    workers = web_publishes_to_workers
    heads = [head_boras] + [staff(schools["boras"], Staffing.Role.HEAD,
                                  email=f"chef{n}.boras@example.se") for n in (2, 3)]
    application = make_application(harp_boras, child_mark)
    gone = heads[1].email
    with SmtpSink(refuse=[gone]) as sink:
        workers.mail_to(sink)
        workers.start("mail", concurrency=2)
        client.force_login(guardian_mark)
        response = client.post(reverse("courses:respond", args=[application.pk]),
                               {"action": "withdraw"}, follow=True)
        assert response.status_code == 200
        others = [heads[0].email, heads[2].email]
        wait_until(lambda: not unsent().exclude(to=gone).exists(), 60, workers,
                   "the others' mail sent")
        # The refused one is retried on its own, with growing delays.
        wait_until(lambda: len(sink.handler.refused) >= 3, 60, workers, "three refusals")
        time.sleep(1)
    assert_each_got_exactly_one(sink, others)
    refused = OutgoingMail.objects.get(to=gone)
    assert refused.sent_at is None and "SMTPRecipientsRefused" in refused.last_error


def test_a_mail_whose_task_the_broker_lost_is_sent_once_by_the_sweep(
        schools, web_publishes_to_workers):
    workers = web_publishes_to_workers
    long_ago = timezone.now() - timedelta(minutes=10)
    # A row whose task vanished with the broker (written, never published).
    row = OutgoingMail.objects.create(message_id=mail_outbox.new_message_id(),
                                      template="invitation", to="ny@example.se",
                                      subject="Inbjudan", body_text="Välkommen",
                                      due_at=long_ago)
    with SmtpSink() as sink:
        workers.mail_to(sink)
        workers.start("mail", concurrency=1)
        assert mail_outbox.sweep() == 1  # what beat runs every minute
        wait_until(lambda: not unsent().exists(), 40, workers, "the lost mail sent")
        assert mail_outbox.sweep() == 0
        time.sleep(1)
    assert sink.handler.message_ids() == [row.message_id]
