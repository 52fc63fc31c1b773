"""The suite's own machinery: the fixed clock, the per-run cache, the async-unsafe switch."""

import asyncio
import datetime
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import SynchronousOnlyOperation
from django.utils import timezone

from accounts.models import User
from tests import clock
from tests.run_cache import clear_this_runs_cache


def test_every_test_starts_at_the_fixed_moment():
    assert timezone.localdate() == clock.TEST_TODAY
    assert abs(timezone.now() - clock.TEST_NOW) < datetime.timedelta(minutes=1)
    assert clock.born_years_ago(12) == clock.TEST_TODAY.year - 12


def test_summer_time_changes_on_the_last_sundays():
    assert clock.last_sunday(2027, 3) == datetime.date(2027, 3, 28)
    assert clock.last_sunday(2027, 10) == datetime.date(2027, 10, 31)
    assert clock.at(clock.last_sunday(2027, 3), 4).utcoffset() == datetime.timedelta(hours=2)


def test_a_process_started_by_a_test_runs_on_the_same_clock():
    code = ("import django; django.setup(); from django.utils import timezone; "
            "print(timezone.now().isoformat())")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "sjuharad.test_settings",
           **clock.shift_for_subprocesses()}
    output = subprocess.run([sys.executable, "-c", code], env=env, check=True, text=True,
                            capture_output=True, cwd=settings.BASE_DIR, timeout=60).stdout
    child_now = datetime.datetime.fromisoformat(output.strip())
    assert abs(child_now - timezone.now()) < datetime.timedelta(minutes=1)


def test_the_cache_is_this_runs_own():
    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    assert prefix == os.environ["TEST_RUN_ID"] and str(os.getpid()) in prefix
    if worker := os.environ.get("PYTEST_XDIST_WORKER"):  # pytest -n: each worker its own
        assert f"-{worker}-" in prefix
    if settings.CACHES["default"]["BACKEND"].endswith("FileBasedCache"):
        assert prefix in settings.CACHES["default"]["LOCATION"]  # not the portal's var/cache


@pytest.mark.skipif(not settings.CACHES["default"]["BACKEND"].endswith("RedisCache"),
                    reason="only Redis is shared with other test runs and a portal")
def test_clearing_the_cache_leaves_other_runs_keys_alone():
    client = cache._cache.get_client(write=True)
    client.set("another-run:1:ratelimit", "1", ex=60)
    cache.set("ratelimit", "1")
    try:
        clear_this_runs_cache()
        assert cache.get("ratelimit") is None
        assert client.get("another-run:1:ratelimit") == b"1"
    finally:
        client.delete("another-run:1:ratelimit")


@pytest.mark.django_db
def test_the_async_unsafe_switch_is_off_outside_browser_tests():
    assert "DJANGO_ALLOW_ASYNC_UNSAFE" not in os.environ

    async def query_from_async_code():
        return User.objects.count()

    # Django's guard is on: a synchronous query inside an event loop is refused.
    with pytest.raises(SynchronousOnlyOperation):
        asyncio.run(query_from_async_code())
