"""Settings for the catalogue benchmark's gunicorn: the portal's own settings, with
the benchmark's comparison views mounted in front of the site's URLs.

Used only by bench/catalogue.py (gunicorn with --pythonpath bench); the portal
never loads this module, so the comparison views do not exist in any deployment.
"""

from sjuharad.settings import *  # noqa: F403

ROOT_URLCONF = "bench_urls"
