"""The suite's one clock: every test runs at the same fixed moment, not today.

`tests/conftest.py` puts each test at TEST_NOW with time_machine (ticking, so time
still passes within a test). Tests and factories derive every date and birth year
from it (`today()`, `born_years_ago()`), never from literals such as 2015, so the
suite means the same thing in any year.

`TEST_TODAY=2029-06-15 make test` runs the whole suite on another day: a test that
hides a literal date, or reads the real clock, fails there. Worker and sweep
processes started by tests get the same clock through TEST_CLOCK_SHIFT_SECONDS
(read by `sjuharad/test_settings.py`).
"""

import datetime
import os
import time
import zoneinfo

import time_machine
from django.utils import timezone

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
# A Wednesday in the autumn term, well away from a DST change and a year's end.
DEFAULT_TODAY = "2026-10-07"
TEST_TODAY = datetime.date.fromisoformat(os.environ.get("TEST_TODAY") or DEFAULT_TODAY)
TEST_NOW = datetime.datetime.combine(TEST_TODAY, datetime.time(10), tzinfo=STOCKHOLM)

# Environment variable that carries the clock to processes a test starts.
SHIFT_VARIABLE = "TEST_CLOCK_SHIFT_SECONDS"


def travel(destination=TEST_NOW):
    """A ticking time_machine traveller: start()/stop() it or use it as a context manager."""
    return time_machine.travel(destination, tick=True)


def now() -> datetime.datetime:
    return timezone.now()


def today() -> datetime.date:
    return timezone.localdate()


def born_years_ago(age: int) -> int:
    """The birth year of someone who turns `age` this year on the test clock."""
    return today().year - age


def at(day: datetime.date, hour=0, minute=0) -> datetime.datetime:
    """An aware time in Europe/Stockholm on `day` (DST-correct)."""
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=STOCKHOLM)


def last_sunday(year: int, month: int) -> datetime.date:
    """Summer time starts on the last Sunday of March and ends on the last one of October."""
    day = datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)
    return day - datetime.timedelta(days=(day.weekday() + 1) % 7)


def shift_for_subprocesses() -> dict[str, str]:
    """Environment that puts a child process on this test's clock (see test_settings)."""
    real = time_machine.escape_hatch.time.time()
    return {SHIFT_VARIABLE: repr(time.time() - real)}
