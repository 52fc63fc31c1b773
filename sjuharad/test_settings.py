"""Settings for the test suite: the development settings plus what tests need.

Worker processes started by tests use this module too, so they see the same
test database. The production settings module holds no test branch.
"""

import os

# A test run is never production, whatever the shell exported.
os.environ["DJANGO_ENV"] = "development"

from sjuharad.settings import *  # noqa: E402,F403
from sjuharad.settings import EMAIL_HOST  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
if not EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run inline in tests unless a test starts real workers (those processes
# consume from the broker whatever this says).
CELERY_TASK_ALWAYS_EAGER = envbool("CELERY_TASK_ALWAYS_EAGER", True)  # noqa: F405
CELERY_TASK_EAGER_PROPAGATES = True
