"""Settings for the test suite: the development settings plus what tests need.

Worker processes started by tests use this module too, so they see the same
test database, cache key prefix and clock. The production settings module holds no test
branch.
"""

import os
import tempfile
import uuid
from pathlib import Path

# A test run is never production, whatever the shell exported.
os.environ["DJANGO_ENV"] = "development"

from sjuharad.settings import *  # noqa: E402,F403
from sjuharad.settings import CACHES, DATA_DIR, DATABASES, EMAIL_HOST  # noqa: E402

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Tests that start Celery workers need a file other processes can open.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / f"test-portal-{os.getpid()}.sqlite3")}
else:
    # One test database per test run, so runs side by side do not collide.
    DATABASES["default"]["TEST"] = {"NAME": f"test_sjuharad_{os.getpid()}"}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
if not EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run inline in tests unless a test starts real workers (those processes
# consume from the broker whatever this says).
CELERY_TASK_ALWAYS_EAGER = envbool("CELERY_TASK_ALWAYS_EAGER", True)  # noqa: F405
CELERY_TASK_EAGER_PROPAGATES = True

# One cache key prefix per test run, inherited by the processes the run starts.
# Tests clear only keys under it, so another test run or a development portal that
# shares the Redis db keeps its rate limits and sessions.
# Under pytest-xdist each worker is a run of its own: a worker inherits the controller's
# id, so it takes one of its own (its processes then inherit that, with the marker).
_xdist_worker = os.environ.get("PYTEST_XDIST_WORKER")
if _xdist_worker and os.environ.get("TEST_RUN_ID_WORKER") != _xdist_worker:
    os.environ["TEST_RUN_ID"] = f"test-{os.getpid()}-{_xdist_worker}-{uuid.uuid4().hex[:8]}"
    os.environ["TEST_RUN_ID_WORKER"] = _xdist_worker
TEST_RUN_ID = os.environ.setdefault("TEST_RUN_ID", f"test-{os.getpid()}-{uuid.uuid4().hex[:8]}")
CACHES["default"]["KEY_PREFIX"] = TEST_RUN_ID
if CACHES["default"]["BACKEND"].endswith("FileBasedCache"):
    # The file cache cannot clear by prefix: each run gets a folder of its own
    # instead of the development portal's var/cache.
    CACHES["default"]["LOCATION"] = str(Path(tempfile.gettempdir()) / f"sjuharad-{TEST_RUN_ID}")

# Browser tests run the server on the suite's fixed clock (tests/clock.py) while
# Chromium keeps the real one, so a cookie with an expiry date could be dead on
# arrival in the browser. Session and CSRF cookies last for the browser session.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_AGE = None

# A worker or sweep process started by a test runs on that test's clock: the
# test passes how far its clock is from the real one (tests/clock.py).
if _clock_shift := os.environ.get("TEST_CLOCK_SHIFT_SECONDS"):
    import time

    import time_machine

    time_machine.travel(time.time() + float(_clock_shift), tick=True).start()
