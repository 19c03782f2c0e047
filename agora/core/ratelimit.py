"""Rate limits counted in a store every process shares (Redis or the database cache).

`enforce(request, group=..., key=..., rate=...)` raises RateLimited (429 + Retry-After).
AGORA_RATE_LIMITS=off switches every limit off (load tests).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.conf import settings
from django_ratelimit.core import get_usage

from agora.core.errors import DomainError

if TYPE_CHECKING:
    from django.http import HttpRequest

# What a limit counts: "ip", "user", or a callable of the group and the request.
type RateKey = str | Callable[[str, HttpRequest], str]


class RateLimited(DomainError):
    status = 429
    code = "rate_limited"

    def __init__(self, retry_after: int) -> None:
        super().__init__("Too many requests; try again later.")
        self.retry_after = max(1, retry_after)


def _period(rate: str) -> int:
    _count, _, unit = rate.partition("/")
    seconds = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    digits = "".join(c for c in unit if c.isdigit())
    return int(digits or 1) * seconds[unit.strip("0123456789")[0]]


def enforce(request: HttpRequest, *, group: str, key: RateKey, rate: str) -> None:
    """Count one hit for `key` ("ip", "user" or a callable/string key) and refuse past `rate`."""
    if not settings.RATELIMIT_ENABLE:
        return
    usage = get_usage(request, group=group, key=key, rate=rate, increment=True)
    if usage and usage["should_limit"]:
        raise RateLimited(retry_after=usage.get("time_left") or _period(rate))


def enforce_value(request: HttpRequest, *, group: str, value: str, rate: str) -> None:
    """Limit on an arbitrary value (e.g. the account name a log-in tries)."""
    enforce(request, group=group, key=lambda _g, _r: value.lower(), rate=rate)
