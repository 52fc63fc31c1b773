"""Benchmark: the reminder sweep and the send step for 10,000 recipients.

    .venv/bin/python bench/reminder_sweep.py [--recipients 10000]

Creates a throwaway database (SQLite in a temp dir by default; with
DATABASE_URL=postgres://… a bench_reminders_<pid> database on that server), an event
with N registered people whose 1-day reminder is due, then measures

* the sweep (creating N delivery rows and queueing N send tasks): seconds,
  rows per second, and SQL queries per batch of 1,000;
* the send step, one delivery after the other as one worker process runs them
  (claim, render Swedish text+HTML with the .ics attached, SMTP to a local
  aiosmtpd sink, mark sent): reminders per second and queries per reminder.

The broker is left out (tasks are collected instead of published) so the
figures are the database and SMTP work per reminder; multiply the send rate
by the number of worker processes for a rough capacity figure.
"""

import argparse
import os
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DATA_DIR"] = tempfile.mkdtemp(prefix="reminder-bench-")
os.environ["DJANGO_SETTINGS_MODULE"] = "sjuharad.test_settings"
os.environ.setdefault("CACHE_URL", "locmem://")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--recipients", type=int, default=10_000)
    args = parser.parse_args()

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
            run(args.recipients, sink)
        finally:
            connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)


class QueryCounter:
    """Counts SQL statements without keeping them (CaptureQueriesContext caps at 9,000)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)

    def __len__(self):
        return self.count


def counting():
    from contextlib import contextmanager

    from django.db import connection

    @contextmanager
    def wrapper():
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            yield counter
    return wrapper()


def run(count, sink):
    import logging

    from django.db import connection
    from django.utils import timezone

    from accounts.models import User
    from events import reminders
    from events.models import Event, Kind, Registration, ReminderDelivery
    from schools.models import School

    print(f"Database: {connection.vendor}; recipients: {count}")
    event = Event.objects.create(
        title="Konsert", kind=Kind.CONCERT, audience=Event.Audience.PUBLIC,
        registration_required=True, starts_at=timezone.now() + timedelta(hours=5),
        ends_at=timezone.now() + timedelta(hours=7))
    event.host_schools.set(School.objects.all()[:1])
    User.objects.bulk_create(
        [User(email=f"bench{i}@example.se", first_name="Bench", password="!")
         for i in range(count)], batch_size=2000)
    long_ago = timezone.now() - timedelta(days=2)
    Registration.objects.bulk_create(
        [Registration(event=event, user_id=pk, registered_at=long_ago)
         for pk in User.objects.filter(email__startswith="bench").values_list("pk", flat=True)],
        batch_size=2000)

    logging.disable(logging.INFO)  # one log line per mail would dominate the timing
    queued = []
    reminders.send_delivery.delay = queued.append  # collect instead of publishing
    with counting() as sweep_queries:
        started = time.perf_counter()
        result = reminders.sweep()
        sweep_seconds = time.perf_counter() - started
    batches = max(1, -(-count // reminders.BATCH_SIZE))
    print(f"Sweep: {result}; {sweep_seconds:.2f} s, "
          f"{result['created'] / sweep_seconds:,.0f} rows/s, "
          f"{len(sweep_queries)} queries = {len(sweep_queries) / batches:.1f} per batch of "
          f"{reminders.BATCH_SIZE}")

    with counting() as again:
        second = reminders.sweep()
    print(f"Second sweep (nothing new): {second}; {len(again)} queries")

    with counting() as send_queries:
        started = time.perf_counter()
        for pk in queued:
            reminders.deliver(pk)
        send_seconds = time.perf_counter() - started
    sent = ReminderDelivery.objects.filter(status=ReminderDelivery.Status.SENT).count()
    delivered = len(sink.handler.recipients())
    print(f"Send: {sent} sent, {delivered} accepted by the SMTP sink, {send_seconds:.1f} s, "
          f"{sent / send_seconds:,.0f} reminders/s in one process, "
          f"{len(send_queries) / max(sent, 1):.1f} queries per reminder")
    assert sent == delivered == count, "every reminder exactly once"


if __name__ == "__main__":
    main()
