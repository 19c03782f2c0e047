"""Rendered fragments cached whole, keyed by what they show: no invalidation to forget.

A fragment that looks the same to every viewer (a product card, a post card's body) is
rendered once per (object, content version, language) and kept in the default cache. Its key
holds a digest of everything it shows, read from the rows the page loads anyway: an edit, a
new price, finished thumbnails give a new key at once, and the stale entry simply ages out.
What differs per viewer is rendered live around the fragment, never inside it (no CSRF token,
no "liked by me").

    html = cached_fragments(
        cards,
        kind="product-card:1",          # bump the version when the template changes
        ident=lambda card: card.pk,
        signature=lambda card: (card.title, card.price_amount, ...),
        render=lambda card: render_to_string("catalog/product_card.html", {"card": card}),
    )

One `get_many` for the page and at most one `set_many` for what it had to render; a fragment
shown twice on a page is rendered once. `render` may return a string or a tuple of strings
(several fragments of one object under one key); strings come back marked safe.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable, Sequence
from typing import Any

from django.core.cache import cache
from django.utils import translation
from django.utils.safestring import SafeString

TIMEOUT = 24 * 3600  # a day: entries of old versions age out on their own


def digest(parts: object) -> str:
    """A short, stable digest of a fragment's inputs (their `repr`: keep them to plain values,
    tuples, numbers and strings, whose `repr` does not change between processes)."""
    return hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()


def fragment_key(kind: str, ident: Hashable, parts: object, *, language: str | None = None) -> str:
    """The cache key of one fragment: its kind (with a version), the interface language, the
    object's identity and the digest of what it shows."""
    if language is None:
        language = translation.get_language() or ""
    return f"agora:{kind}:{language}:{ident}:{digest(parts)}"


def _safe(value: Any) -> Any:
    if isinstance(value, str):
        return SafeString(value)
    if isinstance(value, tuple):
        return tuple(SafeString(v) if isinstance(v, str) else v for v in value)
    return value


def cached_fragments[T](
    items: Sequence[T],
    *,
    kind: str,
    ident: Callable[[T], Hashable],
    signature: Callable[[T], object],
    render: Callable[[T], Any],
    timeout: int = TIMEOUT,
) -> list[Any]:
    """The rendered fragment of each item, in order: from the cache where its key is there,
    rendered (and stored) where not. One `get_many`, at most one `set_many`."""
    if not items:
        return []
    language = translation.get_language() or ""
    keys = [fragment_key(kind, ident(item), signature(item), language=language) for item in items]
    found = cache.get_many(list(dict.fromkeys(keys)))
    fresh: dict[str, Any] = {}
    out = []
    for item, key in zip(items, keys, strict=True):
        value = found.get(key)
        if value is None:
            value = fresh.get(key)
            if value is None:
                value = fresh[key] = render(item)
        out.append(_safe(value))
    if fresh:
        cache.set_many(fresh, timeout=timeout)
    return out
