"""Rate limits counted in a store every process shares: Redis when REDIS_URL is set, else the
database, one atomic statement per hit either way.

`enforce(request, group=..., key=..., rate=...)` raises RateLimited (429 + Retry-After).
AGORA_RATE_LIMITS=off switches every limit off (load tests).

Windows are fixed (a rate "600/h" allows 600 hits per hour-long window), each key's windows
shifted by a hash of the key so that not every counter restarts at the same second. In the
database one `INSERT ... ON CONFLICT (key, window_start) DO UPDATE SET hits = hits + 1
RETURNING hits` counts a hit and reads the total, so simultaneous hits from any number of
processes are all counted (a get-then-set in a cache loses some); rows of ended windows are
deleted now and then by whichever hit opens a new window. In Redis, INCR and EXPIRE in one
MULTI.
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
import random
import re
import time
import zlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import caches
from django.db import connection

from agora.core.errors import DomainError
from agora.core.models import RateCounter

if TYPE_CHECKING:
    from django.http import HttpRequest

# What a limit counts: "ip", "user", or a callable of the group and the request.
type RateKey = str | Callable[[str, HttpRequest], str]

PURGE_CHANCE = 0.02  # of the hits that open a new window: delete the rows of ended windows
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")
_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_KEY_MAX = 120


class RateLimited(DomainError):
    status = 429
    code = "rate_limited"

    def __init__(self, retry_after: int) -> None:
        super().__init__("Too many requests; try again later.")
        self.retry_after = max(1, retry_after)


def parse_rate(rate: str) -> tuple[int, int]:
    """("600/h") → (600 hits, 3600 seconds); "10/5m" → (10, 300)."""
    match = _RATE.match(rate)
    if match is None:
        raise ValueError(f"Not a rate: {rate!r} (e.g. '30/m', '600/h', '10/5m')")
    count, multiple, unit = match.groups()
    return int(count), int(multiple or 1) * _SECONDS[unit]


def client_ip(request: HttpRequest) -> str:
    """The client address, IPv6 by its /64 (one host holds a whole /64)."""
    ip = request.META.get("REMOTE_ADDR") or "0.0.0.0"  # noqa: S104 (a key, not a bind address)
    try:
        mask = 64 if ":" in ip else 32
        return str(ipaddress.ip_network(f"{ip}/{mask}", strict=False).network_address)
    except ValueError:
        return ip


def _key_value(request: HttpRequest, group: str, key: RateKey) -> str:
    if callable(key):
        return "v:" + key(group, request)
    if key == "user":
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return f"u:{user.pk}"
        return "ip:" + client_ip(request)
    if key == "ip":
        return "ip:" + client_ip(request)
    return "v:" + key


def counter_key(group: str, value: str) -> str:
    """The stored key: readable when short, else hashed (account names can be long)."""
    key = f"{group}:{value}"
    if len(key) <= _KEY_MAX:
        return key
    return f"{group}:#" + hashlib.sha256(value.encode()).hexdigest()[:40]


def _window(key: str, period: int, now: float) -> int:
    offset = zlib.crc32(key.encode()) % period
    return int((now - offset) // period) * period + offset


def _db_hit(key: str, start: int, end: int) -> int:
    q = connection.ops.quote_name
    table, hits_col = q(RateCounter._meta.db_table), q("hits")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({q('key')}, {q('window_start')}, {q('expires_at')}, "  # noqa: S608
            f"{hits_col}) VALUES (%s, %s, %s, 1) "
            f"ON CONFLICT ({q('key')}, {q('window_start')}) "
            f"DO UPDATE SET {hits_col} = {table}.{hits_col} + 1 RETURNING {hits_col}",
            [key, start, end],
        )
        hits = int(cursor.fetchone()[0])
    if hits == 1 and random.random() < PURGE_CHANCE:
        ratecounters_purge(now=time.time())
    return hits


def _redis_hit(key: str, start: int, end: int) -> int:
    # The "ratelimit" cache is Redis when REDIS_URL is set: its client, so that clearing that
    # cache (tests) clears the counters too.
    store = caches["ratelimit"]
    name = store.make_and_validate_key(f"rate:{key}:{start}")
    pipe = store._cache.get_client(name, write=True).pipeline(transaction=True)  # type: ignore[attr-defined]
    pipe.incr(name)
    pipe.expireat(name, end + 5)
    hits, _expiry = pipe.execute()
    return int(hits)


def hit(key: str, *, period: int, now: float | None = None) -> tuple[int, int]:
    """Counts one hit for `key` in its current window of `period` seconds. Returns (hits in
    the window so far, this one included; seconds until the window ends). One atomic
    statement: exact under any concurrency."""
    now = time.time() if now is None else now
    start = _window(key, period, now)
    end = start + period
    hits = _redis_hit(key, start, end) if settings.REDIS_URL else _db_hit(key, start, end)
    return hits, max(1, math.ceil(end - now))


def ratecounters_purge(*, now: float | None = None) -> int:
    """Deletes the counters of ended windows (by the expiry index); returns how many."""
    now = time.time() if now is None else now
    deleted, _ = RateCounter.objects.filter(expires_at__lt=int(now)).delete()
    return deleted


def enforce(request: HttpRequest, *, group: str, key: RateKey, rate: str) -> None:
    """Count one hit for `key` ("ip", "user" or a callable/string key) and refuse past `rate`."""
    if not settings.RATELIMIT_ENABLE:
        return
    limit, period = parse_rate(rate)
    hits, left = hit(counter_key(group, _key_value(request, group, key)), period=period)
    if hits > limit:
        raise RateLimited(retry_after=left)


def enforce_value(request: HttpRequest, *, group: str, value: str, rate: str) -> None:
    """Limit on an arbitrary value (e.g. the account name a log-in tries)."""
    enforce(request, group=group, key=lambda _g, _r: value.lower(), rate=rate)
