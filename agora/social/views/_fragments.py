"""Rendered fragments of post cards, cached per post, content version and language.

A card's author line and body (text, media grid, shoppable product tags) look the same to
every viewer, so they are rendered once and kept in the default cache. The key holds a digest
of everything the fragment shows (text, author name and picture, media and their thumbnails,
each tagged product's title, price, availability and cover), read from the rows the page loads
anyway: an edit, a price or stock change, a new avatar or finished thumbnails give a new key at
once, with no invalidation to forget. What differs per viewer or by the minute (liked,
reposted, may edit, counts, "5 minutes ago") is rendered live around them. One `get_many` and
at most one `set_many` per page.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.template.loader import get_template
from django.utils import translation
from django.utils.safestring import SafeString

VERSION = "2"  # bump when the fragments' templates change
TIMEOUT = 24 * 3600


def _asset(asset) -> tuple | None:
    if asset is None:
        return None
    return (
        asset.pk,
        asset.kind,
        asset.status,
        asset.file.name,
        asset.poster.name if asset.poster else "",
        asset.alt,
        asset.width,
        asset.height,
        tuple(sorted((asset.thumbnails or {}).items())),
    )


def _actor(handle) -> tuple:
    if handle.kind == "shop":
        shop = handle.shop
        return (
            "shop",
            shop.pk,
            shop.handle,
            shop.name,
            _asset(shop.logo if shop.logo_id else None),
        )
    user = handle.user
    avatar = user.avatar if user.avatar_id else None
    return ("person", user.pk, user.username, user.display_name, _asset(avatar))


def _product(tag) -> tuple:
    product = tag.product
    return (
        product.pk,
        tag.url,
        product.title,
        product.shop.name,
        tag.price.amount,
        tag.price.currency,
        tag.state,
        tag.available,
        _asset(tag.image),
    )


def _digest(parts: tuple) -> str:
    return hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()


def _fill(cards, *, kind: str, signature, render) -> None:
    """Sets `author_html` and `body_html` on each card from the cache, rendering the misses."""
    if not cards:
        return
    language = translation.get_language() or ""
    keys = {}
    for card in cards:
        digest = _digest(signature(card))
        keys[id(card)] = f"agora:{kind}:{VERSION}:{language}:{card.post.pk}:{digest}"
    found = cache.get_many(list(set(keys.values())))
    fresh: dict[str, tuple[str, str]] = {}
    for card in cards:
        key = keys[id(card)]
        pair = found.get(key) or fresh.get(key)
        if pair is None:
            pair = render(card)
            fresh[key] = pair
        card.author_html, card.body_html = SafeString(pair[0]), SafeString(pair[1])
    if fresh:
        cache.set_many(fresh, timeout=TIMEOUT)


def _post_signature(card) -> tuple:
    post = card.post
    return (
        post.text,
        _actor(post.author),
        tuple(_asset(m) for m in card.media),
        tuple(_product(t) for t in card.products),
    )


def _render_post(card) -> tuple[str, str]:
    context = {"card": card, "post": card.post}
    author = get_template("social/post_card.html#author").render(context)
    body = get_template("social/post_card.html#body").render(context)
    return str(author), str(body)


def fill_post_cards(cards) -> list:
    """Post cards (feed, profile, tag and post pages) get their cached fragments."""
    _fill(cards, kind="post", signature=_post_signature, render=_render_post)
    return cards


def _tile_signature(card) -> tuple:
    post = card.post
    return (post.text, _actor(post.author), _asset(card.media[0]) if card.media else None)


def _render_tile(card) -> tuple[str, str]:
    context = {"card": card, "post": card.post}
    link = get_template("social/product_social.html#tile_link").render(context)
    author = get_template("social/product_social.html#tile_author").render(context)
    return str(author), str(link)


def fill_community_tiles(cards) -> list:
    """ "From the community" tiles on a product page: `author_html` is the author's picture and
    name, `body_html` the link (photo, text)."""
    _fill(cards, kind="tile", signature=_tile_signature, render=_render_tile)
    return cards
