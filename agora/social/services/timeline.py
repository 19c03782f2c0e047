"""Home timelines: fan-out on write into TimelineEntry, capped per person, rebuilt when missing.

sort_key is microseconds since the epoch of the event that put the post in the timeline
(publication or repost); pages read one index range (owner, -sort_key).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from django.db.models import Count, Q

from agora.accounts.models import Handle
from agora.social.models import Follow, Post, Repost, TimelineEntry

if TYPE_CHECKING:
    from agora.accounts.models import User

TIMELINE_CAP = 400
TRIM_SLACK = 50
FANOUT_CHUNK = 1000


def now_key() -> int:
    """The current time as a timeline sort_key (microseconds since the epoch)."""
    return time.time_ns() // 1000


def key_for(dt: datetime) -> int:
    """The sort_key of a datetime (microseconds since the epoch)."""
    return int(dt.timestamp() * 1_000_000)


def timeline_insert(
    *, owner_ids: Iterable[int], post_id: int, sort_key: int, reposted_by_id: int | None = None
) -> None:
    """Adds the post to each owner's timeline; idempotent: an entry already there is kept
    (ignore_conflicts)."""
    TimelineEntry.objects.bulk_create(
        [
            TimelineEntry(
                owner_id=o, post_id=post_id, sort_key=sort_key, reposted_by_id=reposted_by_id
            )
            for o in owner_ids
        ],
        ignore_conflicts=True,
    )


def timeline_trim(*, owner_ids: Iterable[int]) -> int:
    """Keeps the newest TIMELINE_CAP rows for owners that passed the cap by TRIM_SLACK."""
    over = (
        TimelineEntry.objects.filter(owner_id__in=list(owner_ids))
        .values("owner_id")
        .annotate(n=Count("id"))
        .filter(n__gt=TIMELINE_CAP + TRIM_SLACK)
        .values_list("owner_id", flat=True)
    )
    removed = 0
    for owner_id in over:
        cutoff = (
            TimelineEntry.objects.filter(owner_id=owner_id)
            .order_by("-sort_key", "-id")
            .values_list("sort_key", flat=True)[TIMELINE_CAP - 1 : TIMELINE_CAP]
        )
        keys = list(cutoff)
        if keys:
            removed += TimelineEntry.objects.filter(
                owner_id=owner_id, sort_key__lt=keys[0]
            ).delete()[0]
    return removed


def fanout(
    *, post_id: int, source_actor_id: int, sort_key: int, reposted_by_id: int | None = None
) -> int:
    """Puts the post into the timeline of every follower of `source_actor_id` (the author, or
    the reposter). Idempotent: reruns insert nothing new. Returns how many followers."""
    followers = (
        Follow.objects.filter(target_id=source_actor_id)
        .order_by("id")
        .values_list("follower_id", flat=True)
    )
    total, chunk = 0, []
    for follower_id in followers.iterator(chunk_size=FANOUT_CHUNK):
        chunk.append(follower_id)
        if len(chunk) >= FANOUT_CHUNK:
            timeline_insert(
                owner_ids=chunk, post_id=post_id, sort_key=sort_key, reposted_by_id=reposted_by_id
            )
            timeline_trim(owner_ids=chunk)
            total += len(chunk)
            chunk = []
    if chunk:
        timeline_insert(
            owner_ids=chunk, post_id=post_id, sort_key=sort_key, reposted_by_id=reposted_by_id
        )
        timeline_trim(owner_ids=chunk)
        total += len(chunk)
    return total


def timeline_backfill(*, owner: User, actor_id: int, limit: int = 20) -> None:
    """On follow: the actor's recent posts join the follower's timeline."""
    posts = Post.objects.filter(author_id=actor_id, is_hidden=False).order_by("-id")[:limit]
    TimelineEntry.objects.bulk_create(
        [TimelineEntry(owner=owner, post_id=p.pk, sort_key=key_for(p.created_at)) for p in posts],
        ignore_conflicts=True,
    )


def timeline_remove_actor(*, owner: User, actor_id: int) -> None:
    """On unfollow or block: the actor's posts and reposts leave the timeline."""
    TimelineEntry.objects.filter(owner=owner).filter(
        Q(post__author_id=actor_id, reposted_by__isnull=True) | Q(reposted_by_id=actor_id)
    ).delete()


def timeline_rebuild(*, owner: User) -> int:
    """Builds a missing timeline from the database: own posts, followed actors' posts and
    reposts by followed people, newest first, up to the cap."""
    actor_ids = list(Follow.objects.filter(follower=owner).values_list("target_id", flat=True))
    own = owner.actor_id
    authors = [*actor_ids, own] if own else actor_ids
    rows: dict[int, TimelineEntry] = {}
    for post in Post.objects.filter(author_id__in=authors, is_hidden=False).order_by("-id")[
        :TIMELINE_CAP
    ]:
        rows[post.pk] = TimelineEntry(
            owner=owner, post_id=post.pk, sort_key=key_for(post.created_at)
        )
    person_ids = Handle.objects.filter(pk__in=actor_ids, kind=Handle.Kind.PERSON).values("user")
    for repost in (
        Repost.objects.filter(user_id__in=person_ids)
        .select_related("user")
        .order_by("-id")[:TIMELINE_CAP]
    ):
        rows.setdefault(
            repost.post_id,
            TimelineEntry(
                owner=owner,
                post_id=repost.post_id,
                sort_key=key_for(repost.created_at),
                reposted_by_id=repost.user.actor_id,
            ),
        )
    newest = sorted(rows.values(), key=lambda e: e.sort_key, reverse=True)[:TIMELINE_CAP]
    TimelineEntry.objects.bulk_create(newest, ignore_conflicts=True)
    return len(newest)
