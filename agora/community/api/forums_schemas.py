"""Schemas of the communities API, and the one shape of a community, a thread and a reply
(built from selector pages: no queries here)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import Field

from agora.community.models import (
    COMMUNITY_DESCRIPTION_MAX_LENGTH,
    COMMUNITY_NAME_MAX_LENGTH,
    COMMUNITY_SLUG_MAX_LENGTH,
    REPLY_MAX_LENGTH,
    THREAD_MAX_MEDIA,
    THREAD_MAX_PRODUCTS,
    THREAD_TEXT_MAX_LENGTH,
    THREAD_TITLE_MAX_LENGTH,
    Community,
    Reply,
    Thread,
)
from agora.community.selectors.forums import ThreadPage, reaction_counts
from agora.core.schemas import Id, LongText, Schema
from agora.core.urls_util import absolute_url
from agora.media.schemas import MediaOut, media_out
from agora.social import text as post_text
from agora.social.schemas import ActorOut, ProductCardOut, product_card


class CommunityIn(Schema):
    slug: str = Field(max_length=COMMUNITY_SLUG_MAX_LENGTH)
    name: str = Field(max_length=COMMUNITY_NAME_MAX_LENGTH)
    description: LongText = Field("", max_length=COMMUNITY_DESCRIPTION_MAX_LENGTH)


class CommunityOut(Schema):
    slug: str
    url: str
    name: str
    description: str
    kind: str
    shop: str | None  # the shop's handle for a shop's community
    members_only: bool
    is_open: bool
    member_count: int
    thread_count: int
    joined: bool
    created_at: datetime


class CommunitySettingsIn(Schema):
    is_open: bool | None = None
    members_only: bool | None = None


class ThreadIn(Schema):
    title: str = Field(max_length=THREAD_TITLE_MAX_LENGTH)
    text: LongText = Field("", max_length=THREAD_TEXT_MAX_LENGTH)
    product_ids: list[Id] = Field([], max_length=THREAD_MAX_PRODUCTS)
    media_ids: list[Id] = Field([], max_length=THREAD_MAX_MEDIA)


class ThreadOut(Schema):
    id: int
    url: str
    community: str  # the community's slug
    author: ActorOut
    title: str
    text: str
    html: str
    media: list[MediaOut]
    products: list[ProductCardOut]
    is_pinned: bool
    is_solved: bool
    is_locked: bool
    is_hidden: bool
    reply_count: int
    last_reply_at: datetime | None
    created_at: datetime
    reactions: dict[str, int]
    my_reactions: list[str]
    following: bool


class ThreadReplyIn(Schema):
    text: LongText = Field(max_length=REPLY_MAX_LENGTH)
    quote_id: Id | None = None


class ThreadQuoteOut(Schema):
    id: int
    author: ActorOut
    text: str
    html: str


class ThreadReplyOut(Schema):
    id: int
    url: str
    thread_id: int
    author: ActorOut
    text: str
    html: str
    quote: ThreadQuoteOut | None
    is_hidden: bool
    created_at: datetime
    reactions: dict[str, int]
    my_reactions: list[str]


class ThreadReactionOut(Schema):
    kind: str
    count: int
    active: bool


class ThreadFlagIn(Schema):
    value: bool = True


class ThreadFollowOut(Schema):
    following: bool


def person_out(user: Any) -> dict[str, Any]:
    """A person as `ActorOut` (avatar selected with them)."""
    avatar = user.avatar if user.avatar_id else None
    return {
        "handle": user.username,
        "name": user.display_name or user.username,
        "kind": "person",
        "url": absolute_url(user.get_absolute_url()),
        "avatar_url": absolute_url(avatar.file.url) if avatar else None,
    }


def community_out(community: Community, *, joined: bool) -> dict[str, Any]:
    return {
        "slug": community.slug,
        "url": absolute_url(community.get_absolute_url()),
        "name": community.name,
        "description": community.description,
        "kind": community.kind,
        "shop": community.shop.handle if community.shop_id and community.shop else None,
        "members_only": community.members_only,
        "is_open": community.is_open,
        "member_count": community.member_count,
        "thread_count": community.thread_count,
        "joined": joined,
        "created_at": community.created_at,
    }


def thread_out(thread: Thread, page: ThreadPage) -> dict[str, Any]:
    """A thread of `page` (its photos, products and the viewer's facts fetched with it)."""
    return {
        "id": thread.pk,
        "url": absolute_url(thread.get_absolute_url()),
        "community": thread.community.slug,
        "author": person_out(thread.author),
        "title": thread.title,
        "text": thread.text,
        "html": post_text.render(thread.text),
        "media": [media_out(m) for m in page.media.get(thread.pk, [])],
        "products": [product_card(p) for p in page.products.get(thread.pk, [])],
        "is_pinned": thread.is_pinned,
        "is_solved": thread.is_solved,
        "is_locked": thread.is_locked,
        "is_hidden": thread.is_hidden,
        "reply_count": thread.reply_count,
        "last_reply_at": thread.last_reply_at,
        "created_at": thread.created_at,
        "reactions": reaction_counts(page.reactions.get(thread.pk, {})),
        "my_reactions": sorted(page.mine.get(thread.pk, set())),
        "following": thread.pk in page.following,
    }


def quote_out(reply: Reply) -> dict[str, Any] | None:
    quote = reply.quote
    if quote is None:
        return None
    text = "" if quote.is_hidden else quote.text
    return {
        "id": quote.pk,
        "author": person_out(quote.author),
        "text": text,
        "html": post_text.render(text),
    }


def reply_out(reply: Reply, page: ThreadPage, thread: Thread) -> dict[str, Any]:
    """A reply of `page`; `thread` is its thread (for the URL)."""
    return {
        "id": reply.pk,
        "url": absolute_url(f"{thread.get_absolute_url()}#reply-{reply.pk}"),
        "thread_id": reply.thread_id,
        "author": person_out(reply.author),
        "text": reply.text,
        "html": post_text.render(reply.text),
        "quote": quote_out(reply),
        "is_hidden": reply.is_hidden,
        "created_at": reply.created_at,
        "reactions": reaction_counts(page.reactions.get(reply.pk, {})),
        "my_reactions": sorted(page.mine.get(reply.pk, set())),
    }
