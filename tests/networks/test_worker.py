"""A real Celery worker on the configured broker mails a new post through a real SMTP server.

Runs on both configurations: SQLite + filesystem broker, and PostgreSQL + Redis.
"""

import time

import pytest

from core.mail_outbox import send_outgoing_mail
from core.models import OutgoingMail
from networks.mails import mail_post
from networks.models import Membership, Post, Thread
from tests import clock
from tests.smtp_sink import SmtpSink
from tests.worker_support import wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True),
              # send_task always goes to the broker, which is the point here.
              pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored")]


def test_a_real_worker_mails_the_members_who_opted_in(schools, guitar, convenor, member,
                                                      other_staff, workers, monkeypatch):
    Membership.objects.filter(user=member).update(notify_posts=True)
    Membership.objects.create(network=guitar, user=other_staff, notify_posts=True)
    thread = Thread.objects.create(network=guitar, title="Speldagen", started_by=convenor,
                                   last_post_at=clock.now())
    post = Post.objects.create(thread=thread, author=convenor, body="Vi ses i Tranemo!")
    monkeypatch.setattr(send_outgoing_mail, "delay", lambda pk: None)  # published below
    assert mail_post(post) == 2
    with SmtpSink() as sink:
        workers.mail_to(sink)
        workers.start("networks", concurrency=1)
        # One send task per outbox row, on the workers' own queue.
        for pk in OutgoingMail.objects.values_list("pk", flat=True):
            workers.send_task("core.mail_outbox.send_outgoing_mail", args=[pk])
        wait_until(lambda: len(sink.handler.recipients()) >= 2, 40, workers, "two mails")
        time.sleep(0.5)  # nothing more should arrive
    assert sorted(sink.handler.recipients()) == sorted([member.email, other_staff.email]), \
        workers.logs()
