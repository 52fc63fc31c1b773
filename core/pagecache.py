"""One version for everything the public pages show, and a cache of anonymous pages keyed by it.

The catalogue, the course pages and the school list show courses, seat counts
(applications), fees (agreements), schools, subjects and municipalities. Every change
to any of those bumps one version in the shared cache (`bump()`): the apps connect
their models with `watch()` (saves, deletes, many-to-many changes) and give them a
`VersionedQuerySet` (bulk updates). A page served from the cache is only served while
its version is the current one, so the next request after a change renders anew:
nobody sees a stale seat count.

The bump happens twice: at once, and again when the transaction commits. The first
makes the change visible at once inside the transaction (and in tests, which never
commit); the second closes the window in which a request that read the data before the
commit could store the old page under the new version.

Anonymous pages are cached whole, with a placeholder where the CSRF token goes; each
response gets the visitor's own token. Signed-in visitors always get a fresh render
(their name, role menu and choices are on the page).
"""

import hashlib
import logging
import uuid
from functools import wraps

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone

logger = logging.getLogger(__name__)

VERSION_KEY = "public-pages:version"
PAGE_KEY_PREFIX = "public-pages:page:"
# A cached page lives at most this long (seconds), even if nothing changes: it bounds
# the memory that rarely visited query strings take.
PAGE_TIMEOUT = 600
# Rendered where {% csrf_token %} puts the token, replaced per response.
CSRF_PLACEHOLDER = "csrf-token-placeholder-6d1f0b"


# --- the version ----------------------------------------------------------------------

def _set_new_version() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def bump() -> None:
    """Mark everything the public pages show as changed: at once and after commit."""
    _set_new_version()
    transaction.on_commit(_set_new_version, robust=True)


def current_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        # First use, or the cache was emptied: any new value invalidates what was there.
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def version_for(request) -> str:
    """The version, read once per request."""
    version = getattr(request, "_public_pages_version", None)
    if version is None:
        version = request._public_pages_version = current_version()
    return version


_memo: dict[str, tuple[str, object]] = {}


def memo(name: str, version: str, compute):
    """`compute()` once per process and version: reference lists the pages render
    (subjects, municipalities) cost no query while nothing changed."""
    hit = _memo.get(name)
    if hit is not None and hit[0] == version:
        return hit[1]
    value = compute()
    _memo[name] = (version, value)
    return value


# --- what bumps it ----------------------------------------------------------------------

def _changed(sender, **kwargs):
    action = kwargs.get("action")
    if action is None or action.startswith("post_"):
        bump()


def watch(*models_) -> None:
    """Bump the version on every save, delete and many-to-many change of these models
    (pass the `through` model of a many-to-many field for its changes)."""
    for model in models_:
        uid = f"pagecache:{model._meta.label}"
        if model._meta.auto_created:
            m2m_changed.connect(_changed, sender=model, dispatch_uid=uid, weak=False)
        else:
            post_save.connect(_changed, sender=model, dispatch_uid=uid, weak=False)
            post_delete.connect(_changed, sender=model, dispatch_uid=uid, weak=False)


class VersionedQuerySet(models.QuerySet):
    """Bulk writes send no signals; these bump the version themselves."""

    def update(self, **kwargs):
        rows = super().update(**kwargs)
        if rows:
            bump()
        return rows

    def bulk_create(self, *args, **kwargs):
        created = super().bulk_create(*args, **kwargs)
        bump()
        return created

    def bulk_update(self, *args, **kwargs):
        rows = super().bulk_update(*args, **kwargs)
        bump()
        return rows


# --- the anonymous page cache -------------------------------------------------------------

def csrf_placeholder(request):
    """Context processor: while a page for the cache renders, {% csrf_token %} writes the
    placeholder instead of this visitor's token."""
    if getattr(request, "_public_page_for_cache", False):
        return {"csrf_token": CSRF_PLACEHOLDER}
    return {}


def _page_key(request) -> str:
    # The language and the day are part of the page (translations; "deadline passed").
    raw = "|".join([request.LANGUAGE_CODE, timezone.localdate().isoformat(),
                    request.get_full_path()])
    return PAGE_KEY_PREFIX + hashlib.sha256(raw.encode()).hexdigest()[:40]


def _cacheable_request(request) -> bool:
    return (request.method in ("GET", "HEAD") and not request.user.is_authenticated
            # A message waiting to be shown belongs to this visitor only.
            and not len(get_messages(request)))


def _with_token(request, body: str, content_type: str) -> HttpResponse:
    return HttpResponse(body.replace(CSRF_PLACEHOLDER, get_token(request)),
                        content_type=content_type)


def cache_anonymous_page(view):
    """Serve the view's page to anonymous visitors from the shared cache while the
    version is unchanged. One cache round trip per hit (version and page together)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable_request(request):
            return view(request, *args, **kwargs)
        key = _page_key(request)
        found = cache.get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY) or current_version()
        request._public_pages_version = version
        entry = found.get(key)
        if entry is not None and entry[0] == version:
            return _with_token(request, entry[1], entry[2])
        request._public_page_for_cache = True
        try:
            response = view(request, *args, **kwargs)
        finally:
            request._public_page_for_cache = False
        if response.streaming:
            return response
        body = response.content.decode(response.charset)
        # Only a plain page is shared: not an error, nor one that sets cookies of its own.
        if response.status_code == 200 and not response.cookies:
            cache.set(key, (version, body, response["Content-Type"]), PAGE_TIMEOUT)
        if CSRF_PLACEHOLDER in body:
            response.content = body.replace(CSRF_PLACEHOLDER, get_token(request))
        return response

    return wrapper
