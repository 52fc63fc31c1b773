"""What every answer of the API, the public calendar feeds and the embeds gets.

* The same cache version as the public pages (core.pagecache): an answer is rendered once
  per version and query, kept in the shared cache and served from there until anything it
  shows changes, so nobody gets a stale answer and a hit costs one cache round trip.
* `ETag` (a hash of the body) and `Last-Modified` (when it was rendered), and a conditional
  GET answered with 304 without rendering.
* CORS for GET: `Access-Control-Allow-Origin: *` and no cookies. The API has no
  authentication, so it never reads a session or sets a CSRF cookie.
* A rate limit per client address (core.ratelimit, settings.API_RATE_LIMIT), as for the
  public forms; over it the answer is 429 with Retry-After.
"""

import hashlib
import json
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from core import pagecache, ratelimit

KEY_PREFIX = "public-api:"
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "ETag, Last-Modified, Retry-After",
}


def _key(request) -> str:
    # The day is part of the answer ("upcoming" events); the language for the embeds.
    raw = "|".join([getattr(request, "LANGUAGE_CODE", ""), timezone.localdate().isoformat(),
                    request.get_full_path()])
    return KEY_PREFIX + hashlib.sha256(raw.encode()).hexdigest()[:40]


def too_many_requests() -> HttpResponse:
    limit, period = ratelimit.parse_rate(settings.API_RATE_LIMIT)
    response = HttpResponse(
        json.dumps({"detail": "För många förfrågningar. Försök igen om en stund.",
                    "limit": f"{limit} per {period} s"}, ensure_ascii=False),
        status=429, content_type="application/json")
    response["Retry-After"] = str(period - int(time.time()) % period)
    return response


def _finish(request, response: HttpResponse, etag: str | None, rendered_at: float | None):
    # Shared caches may keep it, but must ask again each time: the version may have moved.
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    if etag:
        response["ETag"] = etag
        response["Last-Modified"] = http_date(rendered_at)
        # A 304 copies only the caching headers; the CORS ones are set on it below.
        response = get_conditional_response(request, etag=etag, last_modified=int(rendered_at),
                                            response=response)
    for name, value in CORS_HEADERS.items():
        response[name] = value
    return response


# An answer may show any course and its seats: it follows the region's version, every
# course change (the lists' version) and every seat change (the seat order's version).
VERSION_KEYS = [pagecache.VERSION_KEY, pagecache.LIST_KEY, pagecache.SEAT_ORDER_KEY]


def _count_and_read(request, key) -> tuple[bool, dict]:
    """Count this request against the client's rate limit (core.ratelimit's counter) and
    read the version and the cached answer: within the rate, and what was found.

    On Redis this is one round trip (a pipeline), not four: under load each round trip is
    most of what a cached answer costs. Other caches take core.ratelimit.hit's way."""
    rate = settings.API_RATE_LIMIT
    keys = [*VERSION_KEYS, key]
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        allowed = not rate or ratelimit.hit("api", "client", ratelimit.client_address(request),
                                            rate)
        return allowed, cache.get_many(keys)
    pipe = backend._cache.get_client(write=True).pipeline(transaction=False)
    if rate:
        limit, period = ratelimit.parse_rate(rate)
        counter = backend.make_and_validate_key(ratelimit.counter_key(
            "api", "client", ratelimit.client_address(request), period))
        # As cache.add(key, 1) then incr(): the first use in a window sets the expiry.
        pipe.set(counter, 0, ex=period, nx=True)
        pipe.incr(counter)
    pipe.mget([backend.make_and_validate_key(k) for k in keys])
    results = pipe.execute()
    allowed = not rate or results[1] <= limit
    loads = backend._cache._serializer.loads
    return allowed, {k: loads(v) for k, v in zip(keys, results[-1], strict=True)
                     if v is not None}


def public_answer(view):
    """Serve `view`'s answer from the shared cache while the public pages' version is
    unchanged; conditional GET, CORS and the rate limit for all of them."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        key = _key(request)
        allowed, found = _count_and_read(request, key)
        if not allowed:
            return _finish(request, too_many_requests(), None, None)
        if request.method not in ("GET", "HEAD"):
            return _finish(request, view(request, *args, **kwargs), None, None)
        version = "|".join(pagecache.versions(VERSION_KEYS, found))
        request._public_pages_version = version
        entry = found.get(key)
        if entry is not None and entry[0] == version:
            _version, body, content_type, etag, rendered_at = entry
            response = HttpResponse(body, content_type=content_type)
            return _finish(request, response, etag, rendered_at)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render"):
            response.render()
        if response.status_code != 200 or response.streaming:
            return _finish(request, response, None, None)
        body = response.content
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        rendered_at = int(time.time())
        cache.set(key, (version, body, response["Content-Type"], etag, rendered_at),
                  pagecache.PAGE_TIMEOUT)
        return _finish(request, response, etag, rendered_at)

    return wrapper
