"""Rate limits for public forms, counted in the shared cache (Redis in production),
so every web process sees the same counts.

A rate is "N/unit" or "N/Munit" (units s, m, h, d): "10/h" is ten per hour,
"5/15m" five per quarter of an hour. Windows are fixed; addresses are hashed
before they become cache keys.
"""

import hashlib
import re
import time

from django.conf import settings
from django.core.cache import cache

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE = re.compile(r"^(\d+)/(\d*)([smhd])$")


def parse_rate(rate: str) -> tuple[int, int]:
    """"10/h" -> (10, 3600): how many per how many seconds."""
    match = _RATE.match(rate.strip())
    if not match:
        raise ValueError(f"A rate looks like 10/h or 5/15m, not {rate!r}")
    count, multiple, unit = match.groups()
    return int(count), int(multiple or 1) * _UNITS[unit]


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies the
    X-Forwarded-For entry that many places from the right (the ones further left
    were written by the client and prove nothing)."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in
                     request.headers.get("X-Forwarded-For", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def counter_key(scope: str, kind: str, value: str, period: int) -> str:
    """The cache key counting `value`'s uses in `scope` in the current window."""
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{kind}:{digest}:{int(time.time()) // period}"


def hit(scope: str, kind: str, value: str, rate: str) -> bool:
    """Count one use of `value` in `scope`; False once the rate is exceeded."""
    limit, period = parse_rate(rate)
    key = counter_key(scope, kind, value, period)
    if cache.add(key, 1, period):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, period)
        count = 1
    return count <= limit


def allow(request, scope: str, target: str | None = None) -> bool:
    """One more submission of the public form `scope` from this client (and to this
    target address)? The rates are settings.PUBLIC_FORM_RATE_LIMITS[scope]."""
    rates = settings.PUBLIC_FORM_RATE_LIMITS[scope]
    allowed = hit(scope, "client", client_address(request), rates["client"])
    if target and "target" in rates:
        allowed = hit(scope, "target", target, rates["target"]) and allowed
    return allowed
