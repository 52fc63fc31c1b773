"""Settings for the test suite: the real settings with DJANGO_ENV=test.

Worker processes started by tests use this module too, so they see the same
test database.
"""

import os

os.environ["DJANGO_ENV"] = "test"

from sjuharad.settings import *  # noqa: E402,F403
