"""The home feed: a page of precomputed TimelineEntry rows, then the posts in bulk.

At most 6 queries per page whatever its size or how many accounts one follows:
timeline rows (with post, author, reposter), post media, product tags (with shop and
availability), products' covers, likes by me, reposts by me (+1 when the timeline has to be
rebuilt).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q

from agora.core.pagination import Page, clamp_limit, decode_keys, encode_cursor
from agora.social.models import Block, Post, TimelineEntry
from agora.social.selectors.details import attach_details
from agora.social.selectors.posts import (
    AUTHOR_RELATED,
    ViewerFacts,
    viewer_facts,
)
from agora.social.services.timeline import timeline_rebuild

if TYPE_CHECKING:
    from agora.accounts.models import Handle, User


@dataclass
class FeedItem:
    post: Post
    reposted_by: Handle | None


@dataclass
class FeedPage(Page):
    items: list[FeedItem]
    facts: ViewerFacts


CURSOR = "t1"  # keys: (sort_key, entry id)


def _entries(user: User, after: tuple[int, ...] | None, size: int) -> list[TimelineEntry]:
    qs = (
        TimelineEntry.objects.filter(owner=user)
        .filter(post__is_hidden=False)
        .filter(Q(post__author__user__is_active=True) | Q(post__author__shop__is_active=True))
        # Reposts by others of an account I blocked stay out (a subquery, not another query).
        .exclude(post__author_id__in=Block.objects.filter(blocker=user).values("blocked_id"))
        .select_related(
            *(f"post__{r}" for r in AUTHOR_RELATED),
            "reposted_by",
            "reposted_by__user",
            "reposted_by__shop",
        )
        .order_by("-sort_key", "-id")
    )
    if after:
        key, pk = after
        qs = qs.filter(Q(sort_key__lt=key) | Q(sort_key=key, id__lt=pk))
    rows = list(qs[: size + 1])
    attach_details([row.post for row in rows[:size]])
    return rows


def feed_for(*, user: User, cursor: str | None = None, limit: int | str | None = None) -> FeedPage:
    """A page of the user's home timeline (newest first) with their liked/reposted facts; a
    missing timeline is rebuilt once on the first page."""
    size = clamp_limit(limit)
    after = decode_keys(cursor, kind=CURSOR, size=2)
    rows = _entries(user, after, size)
    if not rows and after is None and timeline_rebuild(owner=user):
        rows = _entries(user, after, size)
    more = len(rows) > size
    rows = rows[:size]
    items = [FeedItem(post=r.post, reposted_by=r.reposted_by) for r in rows]
    facts = viewer_facts(viewer=user, post_ids=[i.post.pk for i in items])
    last = rows[-1] if more and rows else None
    next_cursor = encode_cursor(last.sort_key, last.pk, kind=CURSOR) if last else None
    return FeedPage(items=items, next_cursor=next_cursor, facts=facts)
