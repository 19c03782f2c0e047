"""One shape for a post wherever it appears (post, feed, tag lists, notifications)."""

from __future__ import annotations

from datetime import datetime

from django.urls import reverse
from django.utils import translation
from pydantic import Field

from agora.catalog.schemas import MoneySchema
from agora.core.money import Money, format_money
from agora.core.schemas import Id, LongText, MoneyOut, Schema
from agora.core.urls_util import absolute_url
from agora.media.schemas import MediaOut, media_out
from agora.social import text as post_text
from agora.social.selectors.posts import product_first_media


class CommentToBuyIn(Schema):
    keyword: str = Field("SOLD", max_length=200)


class PollProposedIn(Schema):
    """A product the shop would make if this option wins: its option values and price."""

    title: str | None = Field(None, max_length=150)
    options: dict[str, str] = Field({}, max_length=10)
    price: MoneySchema


class PollOptionIn(Schema):
    label: str = Field(max_length=80)
    image_media_id: Id | None = None
    variant_id: Id | None = None  # an existing variant of the posting shop
    proposed: PollProposedIn | None = None


class PollIn(Schema):
    """A poll on a post: 2 to 6 options, a deadline with a UTC offset, and who sees results
    before it: "after_vote" (whoever voted, the default) or "after_close" (nobody)."""

    options: list[PollOptionIn] = Field(min_length=2, max_length=6)
    closes_at: datetime
    results_visibility: str = "after_vote"
    # A shop's promise: those who vote for the winner get this percent off when it goes on sale.
    early_access_percent: int = Field(0, ge=0, le=50)


class PostIn(Schema):
    text: LongText = Field("", max_length=20000)
    product_ids: list[Id] = []
    media_ids: list[Id] = []
    as_shop: str | None = None
    visibility: str = "public"
    # true (keyword SOLD) or {"keyword": "..."}: comments like "SOLD M" hold the item.
    comment_to_buy: bool | CommentToBuyIn | None = None
    poll: PollIn | None = None


class PostPatch(Schema):
    text: LongText | None = Field(None, max_length=20000)
    product_ids: list[Id] | None = None
    visibility: str | None = None
    comment_to_buy: bool | CommentToBuyIn | None = None


class ActorOut(Schema):
    handle: str
    name: str
    kind: str
    url: str
    avatar_url: str | None


class ProductCardOut(Schema):
    id: int
    url: str
    title: str
    shop: ActorOut
    price: MoneyOut
    image: MediaOut | None
    available: int
    in_stock: bool
    buy_url: str
    add_to_cart_url: str


class PollOptionOut(Schema):
    id: int
    position: int
    label: str
    image: MediaOut | None
    variant_id: int | None
    proposed: PollProposedIn | None
    product_id: int | None  # the product the option became (or its variant's product)
    product_url: str | None  # while that product is on sale
    votes: int | None  # null while the viewer may not see results


class PollOut(Schema):
    id: int
    post_id: int
    options: list[PollOptionOut]
    closes_at: datetime
    closed: bool
    results_visibility: str
    results_visible: bool
    total_votes: int | None
    my_vote: int | None  # the option id the viewer voted for
    winner_id: int | None  # once closed, for whoever sees results
    early_access_percent: int  # off the winner for its voters, once it is on sale (0: none)
    early_access_code: str | None  # the viewer's own code, once they have one


class DisclosureOut(Schema):
    """What a post discloses: `{"kind": "paid_partnership", "shop": "atelier"}` for a creator's
    post made during an accepted partnership with the shop whose products it tags."""

    kind: str
    shop: str


class PostOut(Schema):
    id: int
    url: str
    author: ActorOut
    text: str
    html: str
    visibility: str
    created_at: datetime
    edited_at: datetime | None
    media: list[MediaOut]
    products: list[ProductCardOut]
    like_count: int
    comment_count: int
    repost_count: int
    share_count: int
    liked_by_me: bool
    reposted_by_me: bool
    comment_to_buy: CommentToBuyIn | None = None  # {"keyword": "SOLD"} when on
    poll: PollOut | None = None
    disclosure: DisclosureOut | None = None


class FeedItemOut(Schema):
    post: PostOut
    reposted_by: ActorOut | None


class ReactionOut(Schema):
    count: int
    active: bool


def actor_out(handle) -> dict | None:
    if handle is None:
        return None
    if handle.kind == "shop":
        shop = handle.shop
        logo = shop.logo if shop.logo_id else None
        return {
            "handle": shop.handle,
            "name": shop.name,
            "kind": "shop",
            "url": absolute_url(shop.get_absolute_url()),
            "avatar_url": absolute_url(logo.file.url) if logo else None,
        }
    user = handle.user
    avatar = user.avatar if user.avatar_id else None
    return {
        "handle": user.username,
        "name": user.display_name or user.username,
        "kind": "person",
        "url": absolute_url(user.get_absolute_url()),
        "avatar_url": absolute_url(avatar.file.url) if avatar else None,
    }


def product_card(product) -> dict:
    """A tagged product from `product_tags()` rows (availability and covers attached)."""
    first = product_first_media(product)
    available = product.available
    price = Money(product.price_amount, product.currency)
    url = absolute_url(product.get_absolute_url())
    return {
        "id": product.pk,
        "url": url,
        "title": product.title,
        "shop": {
            "handle": product.shop.handle,
            "name": product.shop.name,
            "kind": "shop",
            "url": absolute_url(product.shop.get_absolute_url()),
            "avatar_url": None,
        },
        "price": {
            "amount": price.amount,
            "currency": price.currency,
            "formatted": format_money(price, translation.get_language()),
        },
        "image": media_out(first) if first is not None else None,
        "available": available,
        "in_stock": available > 0,
        # Pages that add the product (choosing its variant when it has several), then go on.
        "buy_url": absolute_url(reverse("commerce_web:buy", args=[product.pk])),
        "add_to_cart_url": absolute_url(reverse("commerce_web:cart-add", args=[product.pk])),
    }


def post_out(
    post, *, liked: bool = False, reposted: bool = False, poll=None, disclosure=None
) -> dict:
    """`poll`: the post's poll for the viewer, from `selectors.posts.post_polls`;
    `disclosure`: its paid-partnership disclosure, from `selectors.posts.post_disclosures`."""
    return {
        "id": post.pk,
        "url": absolute_url(post.get_absolute_url()),
        "author": actor_out(post.author),
        "text": post.text,
        "html": post_text.render(post.text),
        "visibility": post.visibility,
        "created_at": post.created_at,
        "edited_at": post.edited_at,
        "media": [media_out(pm.media) for pm in post.post_media.all()],
        "products": [
            product_card(pp.product)
            for pp in post.product_tags.all()
            if pp.product.status == "active"
        ],
        "like_count": post.like_count,
        "comment_count": post.comment_count,
        "repost_count": post.repost_count,
        "share_count": post.share_count,
        "liked_by_me": liked,
        "reposted_by_me": reposted,
        "comment_to_buy": (
            {"keyword": post.comment_to_buy_keyword} if post.comment_to_buy_keyword else None
        ),
        "poll": poll,
        "disclosure": disclosure,
    }


def comment_out(comment) -> dict:
    """One shape for a comment (post and product comments alike)."""
    return {
        "id": comment.pk,
        "author": actor_out(comment.author.actor)
        if comment.author.actor_id
        else {
            "handle": comment.author.username,
            "name": comment.author.name,
            "kind": "person",
            "url": "",
            "avatar_url": None,
        },
        "text": comment.text,
        "html": post_text.render(comment.text),
        "parent_id": comment.parent_id,
        "hidden": comment.hidden_by_author,
        "created_at": comment.created_at.isoformat(),
    }
