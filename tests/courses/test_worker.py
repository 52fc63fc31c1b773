"""A real Celery worker on the configured broker sends an application email over SMTP.

Runs on both configurations: SQLite + filesystem broker, and PostgreSQL + Redis.
"""

import datetime

import pytest

from core.mail_outbox import send_due
from core.models import OutgoingMail
from courses.mails import mail_applicant
from courses.models import Application
from tests.clock import today
from tests.courses.conftest import make_application
from tests.smtp_sink import SmtpSink
from tests.worker_support import tasks_succeeded, wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True),
              pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored")]


def test_a_real_worker_mails_the_offer(schools, harp_boras, guardian_mark, child_mark,
                                       workers, monkeypatch):
    application = make_application(harp_boras, child_mark, status=Application.Status.OFFERED)
    monkeypatch.setattr(send_due, "delay", lambda: None)  # published below
    mail_applicant(application.pk, "offered")
    row = OutgoingMail.objects.get()
    with SmtpSink() as sink:
        workers.mail_to(sink)
        workers.start("courses", concurrency=1)
        workers.send_task("core.mail_outbox.send_due", args=[])
        wait_until(lambda: sink.handler.recipients(), 40, workers, "the offer email")
    assert sink.handler.recipients() == [guardian_mark.email], workers.logs()
    assert sink.handler.message_ids() == [row.message_id]


def test_the_offer_sweep_on_two_workers_expires_and_mails_once(
        schools, harp_boras, head_boras, guardian_mark, child_mark, workers):
    """Two sweeps on two workers at once, then a third after them: one expiry, one mail
    to the family, one offer to the next on the waiting list."""
    late = make_application(harp_boras, child_mark, status=Application.Status.OFFERED)
    Application.objects.filter(pk=late.pk).update(reply_by=today() - datetime.timedelta(days=1))
    make_application(harp_boras, status=Application.Status.ACCEPTED)
    next_in_line = make_application(harp_boras, status=Application.Status.WAITING)
    with SmtpSink() as sink:
        workers.mail_to(sink)
        workers.start("sweep-a", concurrency=2)
        workers.start("sweep-b", concurrency=2)
        workers.send_task("courses.tasks.expire_offers", args=[])
        workers.send_task("courses.tasks.expire_offers", args=[])
        # guardian (expired), next family (promoted), head twice (expired, promoted)
        wait_until(lambda: len(sink.handler.recipients()) >= 4, 60, workers, "four mails")
        workers.send_task("courses.tasks.expire_offers", args=[])
        wait_until(lambda: tasks_succeeded(workers, "courses.tasks.expire_offers") == 3, 60,
                   workers, "the third sweep")
        # The third sweep is done: a duplicate mail would be a fifth outbox row (a row,
        # once sent, is never sent again).
        assert OutgoingMail.objects.count() == 4
        wait_until(lambda: not OutgoingMail.objects.filter(sent_at__isnull=True).exists(), 60,
                   workers, "every outbox row sent")
    recipients = sorted(sink.handler.recipients())
    assert recipients == sorted([guardian_mark.email, next_in_line.applicant.email,
                                 head_boras.email, head_boras.email]), workers.logs()
    statuses = dict(Application.objects.values_list("pk", "status"))
    assert statuses[late.pk] == Application.Status.OFFER_EXPIRED
    assert statuses[next_in_line.pk] == Application.Status.OFFERED
