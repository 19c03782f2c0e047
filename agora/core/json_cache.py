"""JSON parts that look the same to every viewer, built once and kept in the default cache.

A hot list (the API feed, the product list) reads its rows with values(), then asks here for
each row's viewer-independent JSON: the key holds a digest of everything that JSON is built
from, read from the rows the page loads anyway, so an edit, a new price or picture, a renamed
author give a new key at once, with no invalidation to forget. What differs per viewer or moves
all the time (liked by me, counts, stock) is set on top by the caller, live from the rows. One
`get_many` and at most one `set_many` per page.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import Any

from django.core.cache import cache

TIMEOUT = 24 * 3600


def digest(parts: Any) -> str:
    """A short digest of `parts` (tuples of plain values: str, int, datetime, dict, None)."""
    return hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()


def cached_parts[R](
    rows: Sequence[R], *, key: Callable[[R], str], build: Callable[[R], dict[str, Any]]
) -> list[dict[str, Any]]:
    """Each row's JSON part, from the cache or built (and cached) for the misses, in the rows'
    order. The parts returned are the caller's own copies: setting the live fields on them
    changes nothing in the cache."""
    if not rows:
        return []
    keys = [key(row) for row in rows]
    found: dict[str, dict[str, Any]] = cache.get_many(list(set(keys)))
    fresh: dict[str, dict[str, Any]] = {}
    for row, row_key in zip(rows, keys, strict=True):
        if row_key not in found and row_key not in fresh:
            fresh[row_key] = build(row)
    if fresh:
        cache.set_many(fresh, timeout=TIMEOUT)  # stored as they are now, before any live field
    return [found.get(k) or fresh[k] for k in keys]
