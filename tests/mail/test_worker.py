"""Real Celery workers, a real SMTP server (aiosmtpd) and the real database: the one mail
engine's policy under faults. A mail server outage is retried as rows until it is back,
with no duplicates; a 5xx is not retried; a connection dropped after DATA is in doubt
and only the coordinator sends it again; a broker that lost its queue or restarted
while a retry was pending neither loses the mail nor stops the worker.

Runs on both configurations: SQLite + filesystem broker (default) and PostgreSQL + Redis
(DATABASE_URL / CELERY_BROKER_URL / CACHE_URL in the environment). Before each final
count the workers are stopped (a warm shutdown finishes what they send), so nothing
can arrive later unseen.
"""

import shutil
import subprocess
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
from tests.smtp_sink import SmtpSink, free_port
from tests.worker_support import wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
Status = OutgoingMail.Status


@pytest.fixture
def web_publishes_to_workers(workers, monkeypatch):
    """Requests in this test publish their tasks to the workers' queue, as in production."""
    eager, send_task = app.conf.task_always_eager, app.send_task

    def publish(name, args=None, kwargs=None, **options):
        with Connection(workers.broker_url, transport_options=workers.transport_options) as conn:
            return send_task(name, args=args, queue=workers.queue, connection=conn)

    app.conf.task_always_eager = False
    monkeypatch.setattr(app, "send_task", publish)
    workers.env.update(EMAIL_TIMEOUT="3")
    yield workers
    app.conf.task_always_eager = eager


def unsent():
    return OutgoingMail.objects.unsent()


def sweeping(workers, condition):
    """A wait_until predicate that also runs beat's mail sweep, at most once a second."""
    last = [0.0]

    def check():
        if time.monotonic() - last[0] > 1:
            last[0] = time.monotonic()
            workers.mail_sweep()
        return condition()
    return check


def row(to="ny@example.se", **fields):
    return OutgoingMail.objects.create(message_id=mail_outbox.new_message_id(),
                                       template="invitation", to=to, subject="Inbjudan",
                                       body_text="Välkommen", **fields)


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

    # Each mail meets the outage at least twice and is kept for a later try: its next
    # try is a due time that beat's sweep publishes, not a task held by the broker.
    wait_until(sweeping(workers, lambda: unsent().filter(attempts__gte=2).count() == 3), 60,
               workers, "every mail tried twice while the server was down")
    assert not OutgoingMail.objects.filter(status=Status.SENT).exists()
    with sink:  # the mail server comes back
        wait_until(sweeping(workers, lambda: not unsent().exists()), 90, workers,
                   "every mail sent")
        workers.stop_all()
    assert_each_got_exactly_one(sink, addresses)


def test_a_refused_mailbox_fails_once_and_never_re_mails_the_others(
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
        wait_until(sweeping(workers, lambda: not unsent().exists()), 60, workers,
                   "every mail sent or failed")
        workers.mail_sweep()  # a later sweep: nothing is due
        workers.stop_all()
    assert_each_got_exactly_one(sink, [heads[0].email, heads[2].email])
    refused = OutgoingMail.objects.get(to=gone)
    assert refused.status == Status.FAILED and "SMTPRecipientsRefused" in refused.last_error
    assert sink.handler.refused == [gone] and refused.attempts == 1  # a 5xx: not retried


def test_no_answer_after_data_is_not_resent_until_the_coordinator_sends_it_again(
        schools, coordinator, client, web_publishes_to_workers):
    workers = web_publishes_to_workers
    mail = row()
    with SmtpSink(drop_after_data=1) as sink:
        workers.mail_to(sink)
        workers.start("mail", concurrency=1)
        workers.send_task("core.mail_outbox.send_due", [])
        wait_until(lambda: OutgoingMail.objects.get().status == Status.IN_DOUBT, 40, workers,
                   "the mail in doubt")
        # Sweeps find nothing to send: the server may well have it (here it does).
        workers.mail_sweep()
        workers.mail_sweep()
        client.force_login(coordinator)
        response = client.post(reverse("admin:core_outgoingmail_changelist"), {
            "action": "send_again", "_selected_action": [mail.pk]}, follow=True)
        assert "1 e-post skickas igen." in response.content.decode()
        wait_until(lambda: OutgoingMail.objects.get().status == Status.SENT, 40, workers,
                   "sent again")
        workers.stop_all()
    # The dropped copy and the one the coordinator asked for: never a third.
    assert sink.handler.message_ids() == [mail.message_id] * 2


def test_a_mail_whose_task_the_broker_lost_is_sent_once_by_the_sweep(
        schools, web_publishes_to_workers):
    workers = web_publishes_to_workers
    # A row whose task vanished with the broker (written, never published).
    lost = row(due_at=timezone.now() - timedelta(minutes=10))
    with SmtpSink() as sink:
        workers.mail_to(sink)
        workers.start("mail", concurrency=1)
        workers.mail_sweep()  # what beat runs every minute
        wait_until(lambda: not unsent().exists(), 40, workers, "the lost mail sent")
        workers.mail_sweep()
        workers.stop_all()
    assert sink.handler.message_ids() == [lost.message_id]


@pytest.fixture
def own_redis(tmp_path):
    """A redis-server of this test's own on a free port (never the machine's shared one)."""
    binary = shutil.which("redis-server")
    if not binary:
        pytest.skip("redis-server is not installed")
    port = free_port()

    def start():
        process = subprocess.Popen(
            [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(tmp_path)],
            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with Connection(f"redis://127.0.0.1:{port}/0") as conn:
                    conn.ensure_connection(max_retries=1)
                return process
            except Exception:
                time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    servers = [start()]
    yield port, servers, start
    for process in servers:
        process.terminate()
        process.wait(timeout=10)


def test_a_redis_restart_while_a_retry_is_pending_keeps_the_worker_and_sends_the_mail(
        schools, workers, own_redis):
    port, servers, start_redis = own_redis
    original = workers.broker_url, workers.transport_options
    workers.broker_url = f"redis://127.0.0.1:{port}/0"
    workers.transport_options = {}
    workers.env["CELERY_BROKER_URL"] = workers.broker_url
    try:
        _restart_redis_while_a_retry_waits(workers, servers, start_redis)
    finally:
        workers.stop_all()
        workers.broker_url, workers.transport_options = original  # its cleanup: not ours


def _restart_redis_while_a_retry_waits(workers, servers, start_redis):
    mail = row()
    with SmtpSink(busy=1) as sink:  # the first try gets "451 try again later"
        workers.mail_to(sink)
        worker = workers.start("mail", concurrency=2)
        workers.send_task("core.mail_outbox.send_due", [])
        wait_until(lambda: OutgoingMail.objects.get().attempts == 1
                   and OutgoingMail.objects.get().status == Status.QUEUED, 40, workers,
                   "a retry pending")
        # Redis restarts without its data while the retry waits (as a row, not a task).
        servers[0].terminate()
        servers[0].wait(timeout=10)
        servers.append(start_redis())
        wait_until(sweeping(workers, lambda: OutgoingMail.objects.get().status == Status.SENT),
                   90, workers, "the retry sent after the restart")
        assert worker.poll() is None, workers.logs()  # the worker kept running
        workers.stop_all()
    assert sink.handler.message_ids() == [mail.message_id]
    assert "Unrecoverable error" not in workers.logs()
