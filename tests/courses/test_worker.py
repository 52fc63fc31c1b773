"""A real Celery worker on the configured broker sends an application email over SMTP.

Runs on both configurations: SQLite + filesystem broker, and PostgreSQL + Redis.
"""

import pytest

from core.mail_outbox import send_outgoing_mail
from core.models import OutgoingMail
from courses.mails import mail_applicant
from courses.models import Application
from tests.courses.conftest import make_application
from tests.smtp_sink import SmtpSink
from tests.worker_support import wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True),
              pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored")]


def test_a_real_worker_mails_the_offer(schools, harp_boras, guardian_mark, child_mark,
                                       workers, monkeypatch):
    application = make_application(harp_boras, child_mark, status=Application.Status.OFFERED)
    monkeypatch.setattr(send_outgoing_mail, "delay", lambda pk: None)  # published below
    mail_applicant(application.pk, "offered")
    row = OutgoingMail.objects.get()
    with SmtpSink() as sink:
        workers.mail_to(sink)
        workers.start("courses", concurrency=1)
        workers.send_task("core.mail_outbox.send_outgoing_mail", args=[row.pk])
        wait_until(lambda: sink.handler.recipients(), 40, workers, "the offer email")
    assert sink.handler.recipients() == [guardian_mark.email], workers.logs()
    assert sink.handler.message_ids() == [row.message_id]
