"""Like notifications, written in bulk by a background task instead of by each like.

A like request writes only the Like, its counter and its event. Every few seconds the task
(`social.tasks.like_notifications_write`, a chain `manage.py notify_likes --chain` starts)
reads the likes after a watermark, in id order, and writes their notifications in a few
queries per batch, whatever the batch's size: the post's person, or a shop's owner and staff,
hear of each new liker once per post (liking again after an unlike adds nothing), never of
their own likes nor of someone they blocked. A like undone before the task saw it notifies
nobody. The notifications page groups them ("Ana and 3 others liked your post").

Each batch is one transaction that claims its range of likes with a conditional UPDATE of the
watermark, so two runs at once never notify a like twice, and a restart (or a failed run)
loses nothing: the next run starts where the last committed one stopped. A like is read only
once it is SETTLE old, so a transaction that took a lower id but committed a little later
than a higher one (PostgreSQL) is not skipped.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from agora.accounts.models import Handle, User
from agora.shops.models import ShopMember
from agora.social.models import Block, Like, LikeNotifyMark, Notification
from agora.social.services.actors import actor_for_user
from agora.social.services.notification_counts import unread_add

BATCH = 1000
MAX_BATCHES = 50
SETTLE = timedelta(seconds=2)


@dataclass
class LikeNotifyResult:
    likes: int = 0  # likes read
    written: int = 0  # notifications written
    batches: int = 0
    busy: bool = False  # another run held the range: this one stopped


@dataclass(frozen=True)
class _Like:
    pk: int
    user_id: int
    actor_id: int | None  # the liker's Handle
    post_id: int
    author_id: int  # the post's Handle
    author_kind: str
    created_at: datetime


def _watermark() -> int:
    mark = LikeNotifyMark.objects.filter(pk=1).values_list("last_like_id", flat=True).first()
    if mark is not None:
        return mark
    try:
        with transaction.atomic():
            LikeNotifyMark.objects.create(pk=1, last_like_id=0)
    except IntegrityError:  # created by a simultaneous run
        pass
    return 0


def _read(start: int, *, size: int, cutoff: datetime) -> tuple[list[_Like], int]:
    """The settled likes after `start` (at most `size`) and the id the watermark may move to."""
    rows = [
        _Like(*values)
        for values in Like.objects.filter(pk__gt=start)
        .order_by("pk")
        .values_list(
            "pk",
            "user_id",
            "user__actor_id",
            "post_id",
            "post__author_id",
            "post__author__kind",
            "created_at",
        )[:size]
    ]
    for i, row in enumerate(rows):
        if row.created_at > cutoff:
            rows = rows[:i]
            break
    return rows, (rows[-1].pk if rows else start)


def _liker_actors(likes: list[_Like]) -> dict[int, int]:
    """{user id: Handle id} of the likers; a Handle made for the rare account without one."""
    actors = {like.user_id: like.actor_id for like in likes if like.actor_id}
    missing = {like.user_id for like in likes} - set(actors)
    for user in User.objects.filter(pk__in=missing):
        actors[user.pk] = actor_for_user(user=user).pk
    return actors


def _recipients(likes: list[_Like]) -> dict[int, set[int]]:
    """{post author's Handle id: user ids told about it}: the person, or the shop's team."""
    people = {like.author_id for like in likes if like.author_kind == Handle.Kind.PERSON}
    shops = {like.author_id for like in likes if like.author_kind != Handle.Kind.PERSON}
    told: dict[int, set[int]] = defaultdict(set)
    for handle_id, user_id in User.objects.filter(actor_id__in=people, is_active=True).values_list(
        "actor_id", "pk"
    ):
        told[handle_id].add(user_id)
    for handle_id, user_id in ShopMember.objects.filter(shop__actor_id__in=shops).values_list(
        "shop__actor_id", "user_id"
    ):
        told[handle_id].add(user_id)
    return told


def _notifications(likes: list[_Like]) -> list[Notification]:
    """One notification per (recipient, post, liker) not yet told, in the likes' order."""
    actors = _liker_actors(likes)
    told = _recipients(likes)
    recipients = set().union(*told.values()) if told else set()
    blocked = set(
        Block.objects.filter(
            blocker_id__in=recipients, blocked_id__in=set(actors.values())
        ).values_list("blocker_id", "blocked_id")
    )
    seen = set(
        Notification.objects.filter(
            kind=Notification.Kind.LIKE,
            post_id__in={like.post_id for like in likes},
            actor_id__in=set(actors.values()),
        ).values_list("recipient_id", "post_id", "actor_id")
    )
    out: list[Notification] = []
    for like in likes:
        actor_id = actors[like.user_id]
        for recipient in sorted(told.get(like.author_id, ())):
            key = (recipient, like.post_id, actor_id)
            if recipient == like.user_id or (recipient, actor_id) in blocked or key in seen:
                continue
            seen.add(key)
            out.append(
                Notification(
                    recipient_id=recipient,
                    kind=Notification.Kind.LIKE,
                    actor_id=actor_id,
                    post_id=like.post_id,
                )
            )
    return out


def _batch(*, size: int, cutoff: datetime, result: LikeNotifyResult) -> bool | None:
    """One batch in one transaction. Returns whether more likes may be waiting, or None when
    another run claimed the range first."""
    start = _watermark()
    with transaction.atomic():
        likes, end = _read(start, size=size, cutoff=cutoff)
        if end == start:
            return False
        claimed = LikeNotifyMark.objects.filter(pk=1, last_like_id=start).update(
            last_like_id=end, updated_at=timezone.now()
        )
        if not claimed:
            return None
        written = Notification.objects.bulk_create(_notifications(likes), batch_size=500)
        unread_add(notification_ids=[n.pk for n in written])  # the header's stored count
        result.likes += len(likes)
        result.written += len(written)
        result.batches += 1
        return len(likes) == size


def like_notifications_write(
    *,
    batch: int = BATCH,
    max_batches: int = MAX_BATCHES,
    settle: timedelta = SETTLE,
    now: datetime | None = None,
) -> LikeNotifyResult:
    """Writes the notifications of the likes made since the last run (those at least `settle`
    old; tests and the demo pass 0). Idempotent, safe to run twice at once (the second stops,
    `busy`); each batch of `batch` likes is atomic with the watermark it moves."""
    cutoff = (now or timezone.now()) - settle
    result = LikeNotifyResult()
    for _ in range(max(1, max_batches)):
        more = _batch(size=max(1, batch), cutoff=cutoff, result=result)
        if more is None:
            result.busy = True
            break
        if not more:
            break
    return result
