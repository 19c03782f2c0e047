"""The post JSON (`schemas.PostOut`) of the API's feed, built from rows (`selectors.feed_rows`)
rather than model instances, each post's viewer-independent part cached (`core.json_cache`).

The cached part is everything `schemas.post_out` writes that looks the same to everyone: the
URL, author, text and its HTML, media, and the tagged products' cards (title, price formatted
in the request's language, picture, links). Its key is a digest of the rows it is built from,
so an edit, a new avatar, finished thumbnails or a new price show at once. Set live on top, for
each request: the counts, liked and reposted by me, the products' availability, the poll as the
viewer sees it and the paid-partnership disclosure.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils import translation

from agora.core.json_cache import cached_parts, digest
from agora.core.money import Money, format_money
from agora.core.urls_util import absolute_url
from agora.media.schemas import media_out_row
from agora.media.storage_urls import file_url
from agora.social import text as post_text
from agora.social.selectors.posts import DisclosureCandidate, disclosures_of, post_polls

if TYPE_CHECKING:
    from agora.accounts.models import User
    from agora.social.selectors.feed_rows import ActorRow, FeedRowsPage, PostRow, TagRow

VERSION = "1"  # bump when the shape of the cached part changes


def actor_json(actor: ActorRow | None) -> dict[str, Any] | None:
    """`schemas.actor_out` of an author or reposter read as a row."""
    if actor is None:
        return None
    return {
        "handle": actor.handle,
        "name": actor.name,
        "kind": actor.kind,
        "url": absolute_url(reverse("shops:handle", args=[actor.handle])),
        "avatar_url": absolute_url(file_url(actor.avatar)) if actor.avatar else None,
    }


def _on_sale(post: PostRow) -> list[TagRow]:
    return [tag for tag in post.products if tag.status == "active"]


def _product_card(tag: TagRow, language: str | None) -> dict[str, Any]:
    """`schemas.product_card` of a tag row."""
    price = Money(tag.price_amount, tag.currency)
    return {
        "id": tag.product_id,
        "url": absolute_url(reverse("catalog:product", args=[tag.shop_handle, tag.slug])),
        "title": tag.title,
        "shop": {
            "handle": tag.shop_handle,
            "name": tag.shop_name,
            "kind": "shop",
            "url": absolute_url(reverse("shops:handle", args=[tag.shop_handle])),
            "avatar_url": None,
        },
        "price": {
            "amount": price.amount,
            "currency": price.currency,
            "formatted": format_money(price, language),
        },
        "image": media_out_row(tag.first_media) if tag.first_media is not None else None,
        "available": tag.available,
        "in_stock": tag.available > 0,
        "buy_url": absolute_url(reverse("commerce_web:buy", args=[tag.product_id])),
        "add_to_cart_url": absolute_url(reverse("commerce_web:cart-add", args=[tag.product_id])),
    }


def _build(post: PostRow) -> dict[str, Any]:
    """The post's JSON with the live fields at their zero values."""
    language = translation.get_language()
    return {
        "id": post.id,
        "url": absolute_url(reverse("social_web:post", args=[post.id])),
        "author": actor_json(post.author),
        "text": post.text,
        "html": post_text.render(post.text),
        "visibility": post.visibility,
        "created_at": post.created_at,
        "edited_at": post.edited_at,
        "media": [media_out_row(m) for m in post.media],
        "products": [_product_card(tag, language) for tag in _on_sale(post)],
        "like_count": 0,
        "comment_count": 0,
        "repost_count": 0,
        "share_count": 0,
        "liked_by_me": False,
        "reposted_by_me": False,
        "comment_to_buy": (
            {"keyword": post.comment_to_buy_keyword} if post.comment_to_buy_keyword else None
        ),
        "poll": None,
        "disclosure": None,
    }


def _key(post: PostRow) -> str:
    on_sale = _on_sale(post)
    parts = (
        post.text,
        post.visibility,
        post.created_at,
        post.edited_at,
        post.comment_to_buy_keyword,
        post.author.key(),
        post.media,
        [(t.product_id, t.title, t.slug, t.price_amount, t.currency) for t in on_sale],
        [(t.shop_handle, t.shop_name, t.first_media) for t in on_sale],
    )
    # Only a price's formatting depends on the language.
    language = (translation.get_language() or "") if on_sale else ""
    return f"agora:post-json:{VERSION}:{language}:{post.id}:{digest(parts)}"


def disclosure_candidates(posts: list[PostRow]) -> list[DisclosureCandidate]:
    """The posts of a page (rows) that may be a creator's paid partnership."""
    return [
        DisclosureCandidate(
            post_id=p.id,
            creator_id=p.author.user_id,
            created_at=p.created_at,
            shop_ids=frozenset(t.shop_id for t in p.products),
        )
        for p in posts
        if p.author.is_creator and p.author.user_id is not None and p.products
    ]


def posts_json(posts: list[PostRow], *, viewer: User | None, liked: set[int], reposted: set[int]):
    """`PostOut`s of a page's posts: cached parts with the live fields set (one cache
    round trip; one query for the polls when a post has one, one for disclosures when a post is
    a verified creator's with products)."""
    polls = post_polls(posts=posts, viewer=viewer)
    disclosures = disclosures_of(disclosure_candidates(posts))
    out = cached_parts(posts, key=_key, build=_build)
    for post, data in zip(posts, out, strict=True):
        data["like_count"] = post.like_count
        data["comment_count"] = post.comment_count
        data["repost_count"] = post.repost_count
        data["share_count"] = post.share_count
        data["liked_by_me"] = post.id in liked
        data["reposted_by_me"] = post.id in reposted
        data["poll"] = polls.get(post.id)
        data["disclosure"] = disclosures.get(post.id)
        for card, tag in zip(data["products"], _on_sale(post), strict=True):
            card["available"] = tag.available
            card["in_stock"] = tag.available > 0
    return out


def feed_json(page: FeedRowsPage, *, viewer: User) -> list[dict[str, Any]]:
    """`FeedItemOut`s of a page of `feed_rows`."""
    posts = posts_json(
        [item.post for item in page.items],
        viewer=viewer,
        liked=page.facts.liked,
        reposted=page.facts.reposted,
    )
    return [
        {"post": post, "reposted_by": actor_json(item.reposted_by)}
        for item, post in zip(page.items, posts, strict=True)
    ]
