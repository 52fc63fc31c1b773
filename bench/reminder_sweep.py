"""Benchmark: N due reminders through real Celery workers, against a bare SMTP loop.

    .venv/bin/python bench/reminder_sweep.py [--recipients 10000] [--workers 1,2]
    .venv/bin/python bench/reminder_sweep.py --smoke   # seconds: still runs? (make bench-smoke)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sjuharad \\
    CELERY_BROKER_URL=redis://127.0.0.1:6379/3 .venv/bin/python bench/reminder_sweep.py

Creates a throwaway database (SQLite in a temp dir by default; with DATABASE_URL=postgres://…
a bench_reminders_<pid> database on that server) and an event with N registered people whose
reminder is due, and a local aiosmtpd sink (tests/smtp_sink.py). Then:

* the bare loop: the same N messages, rendered beforehand, sent one after the other over one
  reused SMTP connection: the mail server's own pace on this machine;
* for 1 and 2 worker processes (`celery worker -c 1` each, on the configured broker: the
  filesystem transport or Redis): one sweep (`manage.py sweep_reminders`) writes the N outbox
  rows and publishes send tasks, the workers lease and send them (core/mail_outbox.py);
  timed from the sweep's start to the sink's N-th message, checked exactly once.

Prints delivered/s for each, the ratio to the bare loop, and whether the goal of issue 15
(≥ 50 % of the bare loop) holds.
"""

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DATA_DIR"] = tempfile.mkdtemp(prefix="reminder-bench-")
os.environ["DJANGO_SETTINGS_MODULE"] = "sjuharad.test_settings"
os.environ.setdefault("CACHE_URL", "locmem://")
GOAL = 0.5


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--workers", default="1,2", help="worker process counts to run")
    parser.add_argument("--smoke", action="store_true",
                        help="a run of seconds that checks the benchmark still works (CI): "
                             "50 recipients, one worker; each still delivered exactly once")
    args = parser.parse_args()
    if args.smoke:
        args.recipients, args.workers = 50, "1"

    from tests.smtp_sink import SmtpSink

    with SmtpSink() as sink:
        os.environ["EMAIL_HOST"] = "127.0.0.1"
        os.environ["EMAIL_PORT"] = str(sink.port)
        import django

        django.setup()
        from django.db import connection

        # A database of its own, so the benchmark never touches a test run's test_<name>.
        connection.settings_dict["TEST"] = {
            **connection.settings_dict.get("TEST", {}),
            "NAME": (str(Path(os.environ["DATA_DIR"]) / "bench.sqlite3")
                     if connection.vendor == "sqlite" else f"bench_reminders_{os.getpid()}")}
        connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
        try:
            run(args.recipients, sink, [int(n) for n in args.workers.split(",")],
                judge=not args.smoke)
        finally:
            connection.close()
            connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)


def make_event(count):
    from django.utils import timezone

    from accounts.models import User
    from events.models import Event, Kind, Registration
    from schools.models import School

    event = Event.objects.create(
        title="Konsert", kind=Kind.CONCERT, audience=Event.Audience.PUBLIC,
        registration_required=True, starts_at=timezone.now() + timedelta(hours=5),
        ends_at=timezone.now() + timedelta(hours=7))
    event.host_schools.set(School.objects.all()[:1])
    User.objects.bulk_create(
        [User(email=f"bench{i}@example.se", first_name=f"Bench{i}", password="!")
         for i in range(count)], batch_size=2000)
    long_ago = timezone.now() - timedelta(days=2)
    Registration.objects.bulk_create(
        [Registration(event=event, user_id=pk, registered_at=long_ago)
         for pk in User.objects.filter(email__startswith="bench").values_list("pk", flat=True)],
        batch_size=2000)
    return event


def bare_loop(sink):
    """The same messages, rendered beforehand, over one reused SMTP connection."""
    from django.core.mail import get_connection
    from django.utils import timezone

    from core import mail_outbox
    from core.mail_outbox import as_message
    from core.models import OutgoingMail
    from events import reminders

    publish, mail_outbox.publish_on_commit = mail_outbox.publish_on_commit, lambda rows: None
    try:
        reminders.create_due_deliveries()  # the rows only: nothing is sent here
    finally:
        mail_outbox.publish_on_commit = publish
    rows = list(OutgoingMail.objects.order_by("pk"))
    chunk = reminders.ReminderChunk(rows, timezone.now(), {})
    messages = [as_message(row, chunk.render(row)) for row in rows]
    OutgoingMail.objects.all().delete()
    connection = get_connection("django.core.mail.backends.smtp.EmailBackend")
    connection.open()
    started = time.perf_counter()
    for message in messages:
        connection.send_messages([message])
    seconds = time.perf_counter() - started
    connection.close()
    assert len(sink.handler.recipients()) == len(messages)
    return len(messages) / seconds, seconds


def with_workers(processes, count, sink, tmp):
    from core.models import OutgoingMail
    from tests import clock
    from tests.worker_support import Workers

    clock.shift_for_subprocesses = dict  # the benchmark runs on the real clock, no shift
    OutgoingMail.objects.all().delete()
    with sink.handler.lock:
        sink.handler.messages.clear()
    workers = Workers(tmp / f"w{processes}")
    (tmp / f"w{processes}").mkdir(exist_ok=True)
    workers.mail_to(sink)
    try:
        started = [workers.start(f"bench{n}", concurrency=1) for n in range(processes)]
        wait_ready(workers, len(started))
        begin = time.perf_counter()
        workers.sweep()
        swept = time.perf_counter() - begin
        deadline = time.monotonic() + 1800
        first = None
        while (arrived := len(sink.handler.messages)) < count and time.monotonic() < deadline:
            if first is None and arrived:
                first = time.perf_counter()
            time.sleep(0.05)
        end = time.perf_counter()
        seconds = end - begin
        time.sleep(1)  # a late duplicate would show up now
    finally:
        workers.stop_all()
        workers.delete_queue()
    delivered = Counter(sink.handler.recipients())
    assert len(delivered) == count and max(delivered.values()) == 1, "each reminder exactly once"
    sent = OutgoingMail.objects.filter(status=OutgoingMail.Status.SENT).count()
    assert sent == count, f"{sent} rows marked sent of {count}"
    return count / seconds, seconds, swept, count / (end - (first or begin))


def wait_ready(workers, expected):
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        logs = [path.read_text() for path in workers.tmp_path.glob("*.log")]
        if sum("ready." in log for log in logs) >= expected:
            return
        time.sleep(0.2)
    raise RuntimeError("workers did not start:\n" + workers.logs())


def run(count, sink, worker_counts, judge=True):
    import logging

    from django.conf import settings
    from django.db import connection

    logging.disable(logging.INFO)
    print(f"Database: {connection.vendor}; broker: {settings.CELERY_BROKER_URL.split(':')[0]}; "
          f"recipients: {count}")
    make_event(count)
    tmp = Path(tempfile.mkdtemp(prefix="reminder-bench-workers-"))
    # Interleaved (bare, workers, bare, workers…): on a shared machine the load drifts, so
    # each worker run is compared with the bare loop measured just before it.
    for processes in worker_counts:
        with sink.handler.lock:
            sink.handler.messages.clear()
        bare_rate, bare_seconds = bare_loop(sink)
        print(f"Bare loop, one reused SMTP connection: {bare_rate:,.0f}/s ({bare_seconds:.1f} s)")
        rate, seconds, swept, steady = with_workers(processes, count, sink, tmp)
        ratio = rate / bare_rate
        verdict = ("holds" if ratio >= GOAL else "does not hold") if judge else \
            "not judged in a smoke run"
        print(f"{processes} worker process(es): {rate:,.0f} delivered/s ({seconds:.1f} s from the "
              f"sweep's start; the sweep {swept:.1f} s; {steady:,.0f}/s from the first mail to "
              f"the last), {ratio:.0%} of the bare loop; goal ≥ {GOAL:.0%}: {verdict}")


if __name__ == "__main__":
    main()
