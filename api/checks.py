"""A malformed API_RATE_LIMIT is reported by `manage.py check` (and before migrate and
runserver), not by the first API request as a 500."""

from django.conf import settings
from django.core.checks import Error

from core.ratelimit import parse_rate


def check_rate_limit(app_configs=None, **kwargs):
    rate = settings.API_RATE_LIMIT
    if not rate:
        return []
    try:
        parse_rate(rate)
    except ValueError as error:
        return [Error(f"API_RATE_LIMIT: {error}", hint="For example 600/m; empty turns it off.",
                      id="api.E001")]
    return []
