"""Values cached under content-addressed keys, read through a small tier in each process.

A rendered card, a page part or a row's JSON is cached under a key that holds a digest of
everything it is built from (core.fragments, core.json_cache, the post cards): an edit gives a
new key, so the value under a key never changes. Each worker may therefore keep the values it
last used in its own memory without ever serving a stale one; the default cache (the shared
SQLite file, or Redis) still holds them for the other workers and across restarts, and is asked
only for what this process lacks. A page of 24 product cards saves the shared cache's query and
24 unpicklings on every request.

Only content-addressed keys belong here: a value that may change under the same key (a counter,
a stamp, a list by time) must keep using the cache directly. The tier is bounded by entries and
characters, least recently used first (core.bounded), so a worker's memory stays within bound.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.cache import cache

from agora.core.bounded import BoundedLRU

MAX_ENTRIES = 10_000
MAX_CHARACTERS = 24_000_000  # about 24 MB of mostly ASCII HTML and JSON per process


def _weight(value: Any) -> int:
    """About how many characters (or bytes) a cached value holds."""
    if isinstance(value, str | bytes):
        return len(value)
    if isinstance(value, tuple | list):
        return sum(_weight(item) for item in value)
    if isinstance(value, dict):
        return sum(_weight(item) for item in value.values())
    return 16


_LOCAL: BoundedLRU[str, Any] = BoundedLRU(MAX_ENTRIES, max_weight=MAX_CHARACTERS, weigh=_weight)


def get_many(keys: Iterable[str]) -> dict[str, Any]:
    """The values found under `keys`: this process's own first, the shared cache for the rest
    (and kept here from then on)."""
    found: dict[str, Any] = {}
    missing: list[str] = []
    for key in keys:
        value = _LOCAL.get(key)
        if value is None:
            missing.append(key)
        else:
            found[key] = value
    if missing:
        shared = cache.get_many(missing)
        for key, value in shared.items():
            _LOCAL.put(key, value)
        found.update(shared)
    return found


def get(key: str) -> Any:
    return get_many((key,)).get(key)


def set_many(values: Mapping[str, Any], *, timeout: int) -> None:
    """Stores `values` in the shared cache and keeps them here."""
    cache.set_many(dict(values), timeout=timeout)
    for key, value in values.items():
        _LOCAL.put(key, value)


def forget() -> None:
    """Drops this process's copies (tests that clear the cache to measure a cold page)."""
    _LOCAL.clear()
