"""JSON parts that look the same to every viewer, built once and kept in the default cache.

A hot list (the API feed, the product list) reads its rows with values(), then asks here for
each row's viewer-independent JSON: the key holds a digest of everything that JSON is built
from, read from the rows the page loads anyway, so an edit, a new price or picture, a renamed
author give a new key at once, with no invalidation to forget. What differs per viewer or moves
all the time (liked by me, counts, stock) is set on top by the caller, live from the rows. One
`get_many` and at most one `set_many` per page.

Parts are kept as the JSON they will be written as (`core.api.json_bytes`: datetimes already in
the API's ISO 8601 spelling), which reads back twice as fast as a pickled dict.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import orjson
from django.conf import settings

from agora.core import content_cache
from agora.core.api import json_bytes
from agora.core.digest import digest as content_digest

TIMEOUT = 24 * 3600


def digest(parts: Any) -> str:
    """A short digest of `parts` (tuples of plain values: str, int, datetime, dict, None), and
    of where the absolute URLs a part holds start (a shared cache outlives a deploy that
    moves the site)."""
    where = (settings.AGORA_BASE_URL, settings.MEDIA_URL)
    return content_digest((where, parts))


def cached_parts[R](
    rows: Sequence[R], *, key: Callable[[R], str], build: Callable[[R], dict[str, Any]]
) -> list[dict[str, Any]]:
    """Each row's JSON part, from the cache or built (and cached) for the misses, in the rows'
    order. The parts returned are the caller's own (rows with the same key share one): setting
    the live fields on them changes nothing in the cache."""
    if not rows:
        return []
    keys = [key(row) for row in rows]
    stored: dict[str, bytes] = content_cache.get_many(set(keys))
    parts = {k: orjson.loads(v) for k, v in stored.items()}
    fresh: dict[str, bytes] = {}
    for row, row_key in zip(rows, keys, strict=True):
        if row_key not in parts:
            parts[row_key] = build(row)
            fresh[row_key] = json_bytes(parts[row_key])  # as it is now, before any live field
    if fresh:
        content_cache.set_many(fresh, timeout=TIMEOUT)
    return [parts[k] for k in keys]
