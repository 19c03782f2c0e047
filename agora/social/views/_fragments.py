"""Post cards and community tiles, rendered once and cached per post, content version and
language.

A card looks the same to every viewer but for a few small parts, so it is rendered once and kept
in the default cache, whole, split where those parts go. The key holds a digest
of everything the fragment shows (text, author name and picture, media and their thumbnails,
each tagged product's title, price, availability and cover), read from the rows the page loads
anyway (model instances, or plain rows for cards that sign themselves: `_row_cards.RowCard`): an edit, a price or stock change, a new avatar or finished thumbnails give a new key at
once, with no invalidation to forget. What differs per viewer or by the minute (liked,
reposted, may edit, counts, "5 minutes ago", badges, polls) is filled in per page without
rendering the card again: the like and repost forms are rendered once per page and variant with
stand-in ids and counts, then copied per card. One `get_many` and at most one `set_many` per
page.
"""

from __future__ import annotations

import re
from functools import lru_cache
from types import SimpleNamespace

from django.template.loader import get_template
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString

from agora.core import content_cache, fragments
from agora.core.digest import digest
from agora.social.models import Post

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


def _fill(cards, *, kind: str, signature, render) -> None:
    """Sets `author_html` and `body_html` on each card from the cache, rendering the misses."""
    if not cards:
        return
    language = translation.get_language() or ""
    keys = {}
    for card in cards:
        keys[id(card)] = (
            f"agora:{kind}:{VERSION}:{language}:{card.post.pk}:{digest(signature(card))}"
        )
    found = content_cache.get_many(set(keys.values()))
    fresh: dict[str, tuple[str, str]] = {}
    for card in cards:
        key = keys[id(card)]
        pair = found.get(key) or fresh.get(key)
        if pair is None:
            pair = render(card)
            fresh[key] = pair
        card.author_html, card.body_html = SafeString(pair[0]), SafeString(pair[1])
    if fresh:
        content_cache.set_many(fresh, timeout=TIMEOUT)


def _post_signature(card) -> tuple:
    post = card.post
    return (
        post.text,
        post.created_at,
        post.edited_at,
        post.visibility,
        _actor(post.author),
        tuple(_asset(m) for m in card.media),
        tuple(_product(t) for t in card.products),
    )


# --- Whole post cards -------------------------------------------------------------------------
# A card is cached whole, split at the places where per-viewer or per-minute bits go: the
# template writes `<!--@name-->` there (user content is escaped, so it can't forge one). The
# cached value is (literal, slot, literal, slot, ..., literal); a page joins them with the
# slots filled: the viewer's like and repost forms, counts, "5 minutes ago", badges, polls.
SLOTS = ("repost", "badges", "ago", "edit", "disclosure", "poll", "actions", "comments")
MARKS = {name: SafeString(f"<!--@{name}-->") for name in SLOTS}
# Ids and counts in the once-per-page renders of the live parts, replaced per card.
PK, LIKES, COMMENTS, REPOSTS, SHARES = (str(8273645546372810 + n) for n in range(5))
_STAND_INS = re.compile(f"({PK}|{LIKES}|{COMMENTS}|{REPOSTS}|{SHARES})")
CARD_VERSION = "5"  # bump when post_card.html changes


def _split(html: str) -> tuple[str, ...]:
    first, *rest = html.split("<!--@")
    parts = [first]
    for chunk in rest:
        name, _, literal = chunk.partition("-->")
        parts += [name, literal]
    return tuple(parts)


def _signature(card) -> tuple:
    """A card read from rows (`_row_cards.RowCard`) signs itself."""
    signature = getattr(card, "signature", None)
    return signature() if signature is not None else _post_signature(card)


def _render_skeleton(card) -> tuple[str, ...]:
    context = {"card": card, "post": card.post, "marks": MARKS}
    return _split(str(get_template("social/post_card.html").render(context)))


def _skeletons(cards) -> list[tuple[str, ...]]:
    """Each card's cached skeleton (one get_many, at most one set_many)."""
    language = translation.get_language() or ""
    keys = [
        f"agora:card:{CARD_VERSION}:{language}:{c.post.pk}:{digest(_signature(c))}" for c in cards
    ]
    found = content_cache.get_many(set(keys))
    fresh: dict[str, tuple[str, ...]] = {}
    out = []
    for card, key in zip(cards, keys, strict=True):
        parts = found.get(key) or fresh.get(key)
        if parts is None:
            parts = fresh[key] = _render_skeleton(card)
        out.append(parts)
    if fresh:
        content_cache.set_many(fresh, timeout=TIMEOUT)
    return out


_CSRF_STAND_IN = "card-csrf-token-stand-in"


@lru_cache(maxsize=256)
def _copyable(
    partial: str, key: tuple, *, language: str, signed_in: bool, path: str, next_url: str | None
) -> str:
    """A live part with sentinel ids and counts and a stand-in CSRF token, rendered once per
    process for its variant, language, sign-in state and page address (what it reads of the
    request): the same on every page of the feed, for everyone."""
    liked, reposted, repostable = key or (False, False, True)
    post = Post(
        pk=int(PK),
        like_count=int(LIKES),
        comment_count=int(COMMENTS),
        repost_count=int(REPOSTS),
        share_count=int(SHARES),
    )
    context = {
        "card": SimpleNamespace(post=post, liked=liked, reposted=reposted, repostable=repostable),
        "user": SimpleNamespace(is_authenticated=signed_in),
        "request": SimpleNamespace(get_full_path=lambda: path),
        "next": next_url,
        "oob": False,
        "csrf_token": _CSRF_STAND_IN,
    }
    with translation.override(language):
        return str(get_template(f"social/post_card.html#{partial}").render(context))


@lru_cache(maxsize=2048)
def static_part(partial: str, language: str, values: tuple[tuple[str, str], ...]) -> str:
    """A live part that shows nothing but `values` and words (the repost line, a paid
    partnership's disclosure): rendered once per process for them and the language."""
    with translation.override(language):
        return str(get_template(f"social/post_card.html#{partial}").render(dict(values)))


class _Live:
    """The live parts of the cards of one page that differ by card: each variant rendered
    once per process with sentinel ids and counts (`_copyable`), given the request's CSRF
    token, then copied per card."""

    def __init__(self, request, *, next_url) -> None:
        self.csrf_token = fragments.csrf_token(request) if request is not None else ""
        self.split: dict[tuple, list[str]] = {}  # copied parts: literals and stand-ins in turn
        user = getattr(request, "user", None)
        self.shared = {
            "language": translation.get_language() or "",
            "signed_in": bool(getattr(user, "is_authenticated", False)),
            "path": request.get_full_path() if request is not None else "",
            "next_url": next_url,
        }

    def copy(self, partial: str, card) -> str:
        """The partial for this card: rendered once per page for each variant (the actions
        differ by liked, reposted and repostable; the rest not at all) and split at its
        stand-in ids and counts, then joined with this card's."""
        key = (card.liked, card.reposted, card.repostable) if partial == "actions" else ()
        parts = self.split.get((partial, *key))
        if parts is None:
            html = _copyable(partial, key, **self.shared)
            html = html.replace(_CSRF_STAND_IN, self.csrf_token)
            parts = self.split[(partial, *key)] = _STAND_INS.split(html)
        if len(parts) == 1:
            return parts[0]
        post = card.post
        values = {
            PK: str(post.pk),
            LIKES: str(post.like_count),
            COMMENTS: str(post.comment_count),
            REPOSTS: str(post.repost_count),
            SHARES: str(post.share_count),
        }
        out = [parts[0]]
        for i in range(1, len(parts), 2):
            out += (values[parts[i]], parts[i + 1])
        return "".join(out)


def render_cards(cards, *, request, quick_comments: bool = False, next_url=None) -> SafeString:
    """The page's post cards as HTML: cached skeletons with the viewer's parts filled in."""
    from agora.social.templatetags.social_tags import actor, ago  # noqa: PLC0415 (they import us)

    if not cards:
        return SafeString("")
    live = _Live(request, next_url=next_url)
    language = translation.get_language() or ""
    out = []
    for card, parts in zip(cards, _skeletons(cards), strict=True):
        post = card.post
        slots = {
            "badges": card.badges_html,
            "ago": escape(ago(post.created_at)),
            "poll": card.poll_html,
            "actions": live.copy("actions", card),
        }
        by = actor(card.reposted_by)  # None but for a repost
        if by is not None:
            shown = (("repost_name", by["name"]), ("repost_url", by["url"]))
            slots["repost"] = static_part("repost", language, shown)
        if card.can_edit:
            slots["edit"] = live.copy("edit", card)
        if card.disclosure:
            paid = card.disclosure
            shown = (("disclosure_shop", paid["shop"]), ("disclosure_url", paid["url"]))
            slots["disclosure"] = static_part("disclosure", language, shown)
        if quick_comments:
            slots["comments"] = live.copy("quick_comments", card)
        out.append(parts[0])
        for i in range(1, len(parts), 2):
            out.append(slots.get(parts[i], ""))
            out.append(parts[i + 1])
    return SafeString("".join(out))


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
