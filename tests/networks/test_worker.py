"""A real Celery worker on the configured broker mails a new post through a real SMTP server.

Runs on both configurations: SQLite + filesystem broker, and PostgreSQL + Redis.
"""


import pytest

from core.mail_outbox import send_due
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
    monkeypatch.setattr(send_due, "delay", lambda: None)  # published below
    assert mail_post(post) == 2
    with SmtpSink() as sink:
        workers.mail_to(sink)
        workers.start("networks", concurrency=1)
        # A send task (it takes every due row), on the workers' own queue.
        workers.send_task("core.mail_outbox.send_due", args=[])
        wait_until(lambda: len(sink.handler.recipients()) >= 2, 40, workers, "two mails")
        workers.stop_all()  # a warm shutdown: all it sends arrives before we count
    assert sorted(sink.handler.recipients()) == sorted([member.email, other_staff.email]), \
        workers.logs()
