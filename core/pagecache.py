"""Versions of what the public pages show, and a cache of anonymous pages keyed by them.

The catalogue, the course pages and the school list show courses, seat counts,
fees (agreements), schools, subjects and municipalities. A page (or a part of one) is
only served from the cache while the versions it was made under are the current ones,
so the next request after a change renders anew: nobody sees a stale page. There are
several versions, so that a change invalidates what shows it and not everything:

- `VERSION_KEY`, the reference version: schools, subjects, municipalities, agreements,
  events, and every bulk update (`VersionedQuerySet`). Everything depends on it.
- `LIST_KEY`: which courses exist and where they are listed. Any change to any course
  bumps it; the catalogue and the school pages depend on it.
- `course_key(pk)`: one course's own version. Its page depends on it (and on the
  reference version), so an edit of one course re-renders that course's page only.
- Seats are not in any of them. A page holds a marker where a seat count goes
  (`seat_mark`), filled on every response from per-course seat values kept in the cache
  (`seat_values`); a seat change replaces the course's value after commit
  (`seats_changed`) and bumps `SEAT_ORDER_KEY`, which only the pages that filter or sort
  on seats depend on. So 10 applications a second re-render no page of the catalogue.

The apps connect their models with `watch()` / `watch_course()` (saves, deletes,
many-to-many changes) and give them a `VersionedQuerySet` (bulk updates). Every bump
happens twice: at once, and again when the transaction commits. The first makes the
change visible at once inside the transaction (and in tests, which never commit); the
second closes the window in which a request that read the data before the commit could
store the old page under the new version.

Anonymous pages are cached whole; signed-in visitors always get a fresh render (their
name, role menu and choices are on the page), made cheap by the course cards each being
rendered once per course version and language (`courses/templatetags/course_cards.py`).
See docs/developers/performance.md and docs/decisions/0010-per-object-cache-versions.md.
"""

import hashlib
import logging
import re
import time
import uuid
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone

logger = logging.getLogger(__name__)

VERSION_KEY = "public-pages:version"
LIST_KEY = "public-pages:list"
SEAT_ORDER_KEY = "public-pages:seat-order"
COURSE_KEY_PREFIX = "public-pages:course:"
SEATS_KEY_PREFIX = "public-pages:seats:"
PAGE_KEY_PREFIX = "public-pages:page:"
# A cached page lives at most this long (seconds), even if nothing changes: it bounds
# the memory that rarely visited query strings take.
PAGE_TIMEOUT = 600
# Seat values and rendered course cards: longer, they are few and small.
PART_TIMEOUT = 3600
# After an invalidation one request renders a page while the others wait for it, at
# most RENDER_WAIT seconds (then they render too); the lock frees itself after
# RENDER_LOCK_TIMEOUT should its holder die.
RENDER_WAIT = 2.0
RENDER_LOCK_TIMEOUT = 10
# Rendered where {% csrf_token %} puts the token, replaced per response.
CSRF_PLACEHOLDER = "csrf-token-placeholder-6d1f0b"


def course_key(pk) -> str:
    return f"{COURSE_KEY_PREFIX}{pk}"


# --- versions -------------------------------------------------------------------------

def _new_versions(*keys) -> None:
    cache.set_many({key: uuid.uuid4().hex for key in keys}, timeout=None)


def bump(*keys) -> None:
    """Mark what depends on these version keys (default: everything) as changed, at
    once and again after commit."""
    keys = keys or (VERSION_KEY,)
    _new_versions(*keys)
    transaction.on_commit(lambda: _new_versions(*keys), robust=True)


def bump_course(pk) -> None:
    """One course changed: its own page, and the lists that may show it."""
    bump(course_key(pk), LIST_KEY)


def versions(keys, found=None) -> tuple:
    """The current value of each version key (`found`: what a get_many already read)."""
    found = dict(found or cache.get_many(keys))
    missing = [key for key in keys if found.get(key) is None]
    for key in missing:
        # First use, or the cache was emptied: any new value invalidates what was there.
        cache.add(key, uuid.uuid4().hex, timeout=None)
    if missing:
        found.update(cache.get_many(missing))
    return tuple(found[key] for key in keys)


def current_version() -> str:
    return versions([VERSION_KEY])[0]


def version_for(request) -> str:
    """The reference version, read once per request."""
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


# --- what bumps them ----------------------------------------------------------------------

def _changed(sender, **kwargs):
    action = kwargs.get("action")
    if action is None or action.startswith("post_"):
        bump()


def watch(*models_) -> None:
    """Bump the reference version on every save, delete and many-to-many change of these
    models (pass the `through` model of a many-to-many field for its changes)."""
    for model in models_:
        _connect(model, _changed)


def watch_course(model, course_id_of) -> None:
    """Saves, deletes and many-to-many changes of `model` change one course:
    `course_id_of(instance)` says which (None: not a course's, bump everything)."""

    def changed(sender, instance, **kwargs):
        action = kwargs.get("action")
        if action is not None and not action.startswith("post_"):
            return
        pk = course_id_of(instance)
        if pk is None:
            bump()
        else:
            bump_course(pk)

    _connect(model, changed)


def _connect(model, receiver) -> None:
    uid = f"pagecache:{model._meta.label}"
    if model._meta.auto_created:
        m2m_changed.connect(receiver, sender=model, dispatch_uid=uid, weak=False)
    else:
        post_save.connect(receiver, sender=model, dispatch_uid=uid, weak=False)
        post_delete.connect(receiver, sender=model, dispatch_uid=uid, weak=False)


class VersionedQuerySet(models.QuerySet):
    """Bulk writes send no signals; these bump the reference version themselves."""

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


# --- seat values --------------------------------------------------------------------------

SEAT_MARK = re.compile(r"<!--seats:(\w+):(\d+)-->")
_seats = {"load": None, "render": {}}


def register_seats(load, **renderers) -> None:
    """`load(ids)` -> {pk: value} reads the seat values of these courses in one query;
    each renderer(value) -> HTML fills the marks of its kind (`seat_mark(kind, pk)`)."""
    _seats["load"] = load
    _seats["render"].update(renderers)


def seat_mark(kind: str, pk) -> str:
    return f"<!--seats:{kind}:{int(pk)}-->"


def seats_changed(ids) -> None:
    """These courses' seats changed (the caller's transaction): their values are dropped
    at once and written anew after commit; pages that order by seats re-render.

    Written, not only dropped, after commit: a request that read the old seats before the
    commit stores them with `cache.add`, which never replaces this fresh value."""
    ids = list(ids)
    cache.delete_many([SEATS_KEY_PREFIX + str(pk) for pk in ids])
    bump(SEAT_ORDER_KEY)

    def store_fresh():
        version = current_version()
        cache.set_many({SEATS_KEY_PREFIX + str(pk): (version, value)
                        for pk, value in _seats["load"](ids).items()}, PART_TIMEOUT)

    transaction.on_commit(store_fresh, robust=True)


def seat_values(ids, version: str) -> dict:
    """{pk: value} for these courses: from the cache (one round trip), the missing ones
    from the database (one query)."""
    keys = {pk: SEATS_KEY_PREFIX + str(pk) for pk in ids}
    found = cache.get_many(keys.values())
    values, stale, missing = {}, [], []
    for pk, key in keys.items():
        entry = found.get(key)
        if entry is not None and entry[0] == version:
            values[pk] = entry[1]
        else:
            (stale if entry is not None else missing).append(pk)
    if stale or missing:
        loaded = _seats["load"](stale + missing)
        values.update(loaded)
        for pk in missing:
            cache.add(keys[pk], (version, loaded.get(pk)), PART_TIMEOUT)
        if stale:
            cache.set_many({keys[pk]: (version, loaded.get(pk)) for pk in stale},
                           PART_TIMEOUT)
    return values


def fill_seats(body: str, version: str) -> str:
    """Replace every seat mark in a page with the course's current seats."""
    marks = SEAT_MARK.findall(body)
    if not marks:
        return body
    values = seat_values({int(pk) for _kind, pk in marks}, version)

    def render(match):
        value = values.get(int(match.group(2)))
        return "" if value is None else _seats["render"][match.group(1)](value)

    return SEAT_MARK.sub(render, body)


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


def _finish(request, body: str, response: HttpResponse) -> HttpResponse:
    body = fill_seats(body, version_for(request))
    if CSRF_PLACEHOLDER in body:
        body = body.replace(CSRF_PLACEHOLDER, get_token(request))
    response.content = body
    return response


def _all_lists(request, *args, **kwargs):
    return [LIST_KEY]


def cache_anonymous_page(view=None, *, depends=_all_lists):
    """Serve the view's page to anonymous visitors from the shared cache while the
    versions it depends on are unchanged: the reference version and
    `depends(request, *args, **kwargs)` (default: the course lists). One cache round trip
    for the page and its versions, one for its seats. Seat marks are filled on every
    response, signed-in ones too."""
    if view is None:
        return lambda view: cache_anonymous_page(view, depends=depends)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable_request(request):
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming:
                _finish(request, response.content.decode(response.charset), response)
            return response
        keys = [VERSION_KEY, *depends(request, *args, **kwargs)]
        page_key = _page_key(request)
        found = cache.get_many([*keys, page_key])
        current = versions(keys, found)
        request._public_pages_version = current[0]
        entry, owns_lock = found.get(page_key), False
        if entry is None or entry[0] != current:
            entry, owns_lock = _rendered_by_another(page_key, current)
        if entry is not None:
            return _shareable(_finish(request, entry[1], HttpResponse(content_type=entry[2])))
        try:
            request._public_page_for_cache = True
            response = view(request, *args, **kwargs)
            if response.streaming:
                return response
            body = response.content.decode(response.charset)
            # Only a plain page is shared: not an error, nor one that sets cookies of its own.
            if response.status_code == 200 and not response.cookies:
                cache.set(page_key, (current, body, response["Content-Type"]), PAGE_TIMEOUT)
        finally:
            request._public_page_for_cache = False
            if owns_lock:
                cache.delete(page_key + ":rendering")
        response = _finish(request, body, response)
        return _shareable(response) if response.status_code == 200 else response

    return wrapper


# --- shared HTTP caches ----------------------------------------------------------------------

def _shareable(response: HttpResponse) -> HttpResponse:
    """The page is the same for every anonymous visitor (in one language): a shared HTTP
    cache in front of the portal may hold it (PublicCacheHeadersMiddleware)."""
    if not response.cookies:
        response._public_page = True
    return response


class PublicCacheHeadersMiddleware:
    """Lets a shared cache (nginx, Varnish, a CDN) hold anonymous public pages.

    An anonymous GET of a page from `cache_anonymous_page` that carries no session and no
    waiting message gets `Cache-Control: public, max-age=0, s-maxage=N`
    (settings.PUBLIC_PAGE_MAX_AGE: short, so seat counts are at most N seconds old in the
    shared cache; browsers ask again every time, so a person who just signed in never
    sees the anonymous page from their own cache) and no `Vary: Cookie`. The page sets
    no cookie: it has no CSRF token (the language switch is the only form, and it needs
    none for anonymous visitors). The shared cache must key on the language cookie and
    pass requests with a session or messages cookie through (deploy/nginx.conf).

    Sits before SessionMiddleware and the locale middleware, which add `Vary: Cookie`
    on the way out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (getattr(response, "_public_page", False) and not response.cookies
                and request.method in ("GET", "HEAD")
                and settings.SESSION_COOKIE_NAME not in request.COOKIES
                and "messages" not in request.COOKIES):
            vary = [v.strip() for v in response.get("Vary", "").split(",")
                    if v.strip() and v.strip().lower() != "cookie"]
            if vary:
                response["Vary"] = ", ".join(vary)
            elif "Vary" in response:
                del response["Vary"]
            response["Cache-Control"] = (
                f"public, max-age=0, s-maxage={settings.PUBLIC_PAGE_MAX_AGE}")
        return response


def _wait_a_moment() -> None:
    time.sleep(0.02)


def _rendered_by_another(page_key: str, current: tuple):
    """No stampede: the first request after an invalidation takes the page's render lock
    and renders (None: go ahead); the others wait for its page and serve it. If the
    holder stores nothing (an error page) or takes too long, they render themselves."""
    lock = page_key + ":rendering"
    if cache.add(lock, current, RENDER_LOCK_TIMEOUT):
        return None, True
    deadline = time.monotonic() + RENDER_WAIT
    # Waiting pays only while the holder renders under the versions this request needs.
    while cache.get(lock) == current and time.monotonic() < deadline:
        _wait_a_moment()
        entry = cache.get(page_key)
        if entry is not None and entry[0] == current:
            return entry, False
    return None, False
