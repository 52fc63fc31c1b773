"""The one runner for concurrency tests, and the switch that proves they can fail.

`run_concurrently` starts one thread per call, holds them at a barrier and lets
them go at once; each thread talks to the database over a connection of its own
and closes it at the end. Tests using it carry `@pytest.mark.concurrency`: they
run on PostgreSQL only (tests/conftest.py skips them on SQLite, which runs one
writing transaction at a time, so no race can happen there).

`without_row_locks` turns every `select_for_update()` into a plain read. Each
concurrency test has a twin that runs the same race under it and asserts that the
rule then breaks, so the test is known to catch a missing lock.
"""

import threading
from dataclasses import dataclass, field

import pytest
from django.db import connection
from django.db.models import QuerySet

BARRIER_TIMEOUT = 30


@dataclass
class Race:
    results: list = field(default_factory=list)  # what the calls returned
    refused: list = field(default_factory=list)  # the rule's own "no" (expected)
    errors: list = field(default_factory=list)  # anything else: a failure


def run_concurrently(calls, refusals=()) -> Race:
    """Run each zero-argument call in its own thread, all at the same moment.

    Exceptions of the types in `refusals` (a full course, a closed registration)
    are the expected answer for the losers and are collected in `refused`.
    """
    race = Race()
    lock = threading.Lock()
    barrier = threading.Barrier(len(calls), timeout=BARRIER_TIMEOUT)

    def worker(call):
        try:
            barrier.wait()
            result = call()
            with lock:
                race.results.append(result)
        except refusals as refusal:
            with lock:
                race.refused.append(refusal)
        except Exception as error:  # shown by the test's assertion
            with lock:
                race.errors.append(error)
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=worker, args=[call]) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=BARRIER_TIMEOUT * 2)
    assert not any(thread.is_alive() for thread in threads), "a racing thread hung"
    return race


@pytest.fixture
def without_row_locks(monkeypatch):
    """Every select_for_update() becomes a plain SELECT, as if the services forgot the lock."""
    monkeypatch.setattr(QuerySet, "select_for_update", lambda self, *args, **kwargs: self)


def breaks_in_some_attempt(race_once, attempts=5) -> bool:
    """Run a race up to `attempts` times; True as soon as one attempt breaks the rule.

    Without the lock a race is likely, not certain, to interleave badly in one
    attempt; a few attempts make the proof reliable without slowing the suite
    when the first attempt already shows it.
    """
    return any(race_once() for _ in range(attempts))
