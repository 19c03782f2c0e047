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

Parts with slots (`cached`), for a part that holds per-request bits in its middle:

Cached page parts with slots: render once per content version, fill in per request.

A part of a page that looks the same to many viewers (a product's gallery and buy box, the
"From the community" tiles) is rendered once and kept in the default cache under a key that
holds a digest of everything it shows, so any change of what it shows gives a new key at once,
with nothing to invalidate. What differs per request (the CSRF token, the page's own address,
the viewer's like button) is left as a slot: the part is rendered with a marker in its place
and stored as static chunks between slot names; each request joins the chunks with its own
values (already escaped HTML). The CSRF token never enters the cache.

A marker carries a random nonce drawn for that one rendering, so text shown in the part (a
product description, a post) can never pose as a slot. Markers are letters, digits and dashes
only: they pass through HTML escaping and `urlencode` unchanged, so a slot may sit in an
attribute or in a query string.

    parts = fragments.cached(
        "product", (product.pk, digest_of_rows),
        lambda slots: {"body": render_to_string("...", {"csrf_token": slots["csrf"], ...})},
    )
    html = parts["body"].fill(csrf=escape(token))
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.middleware.csrf import get_token
from django.utils import translation
from django.utils.safestring import SafeString

from agora.core import content_cache
from agora.core.digest import digest as content_digest

TIMEOUT = 24 * 3600  # a day: entries of old versions age out on their own


def digest(*parts: object) -> str:
    """A short, stable digest of a fragment's inputs (`core.digest`: keep them to plain
    values, tuples, numbers, strings and datetimes, which read the same in every process)."""
    return content_digest(parts)


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


class CachedFragments[V](list[V]):
    """The fragments `cached_fragments` answers, in order, with the cache key of each
    (`cache_keys`): a key names what its fragment shows (a digest of its inputs, with the
    kind's version and the language), so a page that is kept whole can be keyed on the
    cards' keys rather than on their HTML (`frozen.page_key`)."""

    cache_keys: tuple[str, ...] = ()


def cached_fragments[T](
    items: Sequence[T],
    *,
    kind: str,
    ident: Callable[[T], Hashable],
    signature: Callable[[T], object],
    render: Callable[[T], Any],
    timeout: int = TIMEOUT,
) -> CachedFragments[Any]:
    """The rendered fragment of each item, in order: from the cache where its key is there,
    rendered (and stored) where not. One `get_many`, at most one `set_many`."""
    out: CachedFragments[Any] = CachedFragments()
    if not items:
        return out
    language = translation.get_language() or ""
    keys = [fragment_key(kind, ident(item), signature(item), language=language) for item in items]
    found = content_cache.get_many(dict.fromkeys(keys))
    fresh: dict[str, Any] = {}
    out.cache_keys = tuple(keys)
    for item, key in zip(items, keys, strict=True):
        value = found.get(key)
        if value is None:
            value = fresh.get(key)
            if value is None:
                value = fresh[key] = render(item)
        out.append(_safe(value))
    if fresh:
        content_cache.set_many(fresh, timeout=timeout)
    return out


# --- Parts with slots ---------------------------------------------------------------------
VERSION = "1"  # bump when a cached part's templates change


class Slots:
    """The markers of one rendering: `slots["csrf"]` stands where the CSRF token goes."""

    def __init__(self) -> None:
        self.nonce = secrets.token_hex(8)
        self._pattern = re.compile(f"agoraslot-{self.nonce}-([a-z_]+)-")

    def __getitem__(self, name: str) -> SafeString:
        return SafeString(f"agoraslot-{self.nonce}-{name}-")

    def split(self, html: str) -> Fragment:
        return Fragment(tuple(self._pattern.split(str(html))))


@dataclass(frozen=True)
class Fragment:
    """Static HTML chunks with slot names between them (even items: HTML; odd: slot names)."""

    parts: tuple[str, ...]

    @property
    def slot_names(self) -> set[str]:
        return set(self.parts[1::2])

    def fill(self, values: Mapping[str, str] | None = None, /, **more: str) -> SafeString:
        """The HTML with each slot replaced by its value (safe HTML, escaped by the caller);
        a slot without a value is an error."""
        given = {**(values or {}), **more}
        parts = list(self.parts)
        for index in range(1, len(parts), 2):
            parts[index] = str(given[parts[index]])
        return SafeString("".join(parts))


def csrf_token(request: Any) -> str:
    """The request's CSRF token for every slot and form of its page: masked once (each
    masking draws fresh random bytes), then reused."""
    token = request.__dict__.get("_agora_csrf_token")
    if token is None:
        token = request.__dict__["_agora_csrf_token"] = get_token(request)
    return token


def cached(
    kind: str,
    key: Any,
    render: Callable[[Slots], Mapping[str, str]],
    *,
    confirm: Callable[[], bool] | None = None,
    timeout: int = TIMEOUT,
) -> dict[str, Fragment]:
    """The named fragments of one part for `key` (plain values, digested with the active
    language and the site's address), rendered by `render(slots)` on a miss. `confirm`, when given, runs after a
    miss's rendering and must say the key still stands for what was rendered (the rows were
    read again and did not change); otherwise the rendering serves this request only."""
    # The site's address is in every absolute URL a fragment may hold (canonical, cards).
    parts = (settings.AGORA_BASE_URL, key)
    name = f"agora:frag:{kind}:{VERSION}:{translation.get_language() or ''}:{digest(*parts)}"
    found = content_cache.get(name)
    if found is not None:
        return {piece: Fragment(parts) for piece, parts in found.items()}
    slots = Slots()
    rendered = {piece: slots.split(html) for piece, html in render(slots).items()}
    if confirm is None or confirm():
        content_cache.set_many(
            {name: {piece: f.parts for piece, f in rendered.items()}}, timeout=timeout
        )
    return rendered
