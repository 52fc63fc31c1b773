"""This test run's share of the cache (see the KEY_PREFIX in sjuharad/test_settings.py)."""

from django.conf import settings
from django.core.cache import cache


def clear_this_runs_cache():
    """Forget this run's cache keys only; other runs and a portal on the same Redis keep theirs."""
    config = settings.CACHES["default"]
    if config["BACKEND"].endswith("RedisCache"):
        client = cache._cache.get_client(write=True)
        keys = list(client.scan_iter(f"{config['KEY_PREFIX']}:*", count=1000))
        if keys:
            client.delete(*keys)
    else:
        # The file cache's folder and the local-memory cache belong to this run alone.
        cache.clear()
