from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from agora.accounts.models import User
from agora.core.prepared import prepared
from agora.social.models import Block, Notification, NotificationCounter
from agora.social.selectors.notifications import SHOWN
from agora.social.services.actors import recipients_for_actor
from agora.social.services.notification_counts import (
    unread_add,
    unread_clear,
    unread_lock,
    unread_subtract,
)

if TYPE_CHECKING:
    from agora.accounts.models import Handle
    from agora.social.models import Comment, Post


def notify(
    *,
    recipients_of: Handle,
    kind: str,
    actor: Handle,
    post: Post | None = None,
    comment: Comment | None = None,
    target: Handle | None = None,
    exclude_user_id: int | None = None,
) -> int:
    """Notifies the person or shop team behind `recipients_of` (a Handle), never the actor
    themself. Blocked actors don't reach the blocker. The one way in for a notification about
    an actor's objects: the recipients' unread counts move in the same transaction (the
    caller's, or its own). Returns how many were written."""
    user_ids = set(recipients_for_actor(handle=recipients_of, blocked=actor))
    if exclude_user_id is not None:
        user_ids.discard(exclude_user_id)
    if not user_ids:
        return 0
    _write(
        Notification(
            recipient_id=uid, kind=kind, actor=actor, post=post, comment=comment, target=target
        )
        for uid in sorted(user_ids)
    )
    return len(user_ids)


def _write(rows: Iterable[Notification]) -> None:
    """Writes the notifications and counts those that show, in one transaction."""
    with transaction.atomic(savepoint=False):
        written = Notification.objects.bulk_create(rows)
        unread_add(notification_ids=[n.pk for n in written])


def notify_people(
    *,
    user_ids: Iterable[int],
    kind: str,
    actor: Handle,
    post: Post | None = None,
    target: Handle | None = None,
    url: str = "",
    subject: str = "",
    once: bool = True,
) -> int:
    """Notifies each of these people once about `post` (people the app above chose, e.g. the
    voters for a poll option that went on sale): never anyone who already has this kind of
    notification about this post (so a repeated call adds nothing), never inactive accounts,
    never those who blocked `actor`. `target`: the actor the notification is about (a shop
    whose badge a person earned). `url` and `subject`: where a notification about an upper
    app's object leads and what it names; with a `url` and no post, nobody gets the same kind
    for the same `url` twice, unless `once` is False (each reply in a thread is news: they
    share the thread's `url`, so they group as one line). Returns how many were written."""
    wanted = set(user_ids)
    if not wanted:
        return 0
    people = User.objects.filter(pk__in=wanted, is_active=True).exclude(
        pk__in=Block.objects.filter(blocked=actor).values("blocker")
    )
    if not once:
        pass
    elif post is not None:
        people = people.exclude(
            pk__in=Notification.objects.filter(kind=kind, post=post).values("recipient")
        )
    elif url:
        people = people.exclude(
            pk__in=Notification.objects.filter(kind=kind, url=url).values("recipient")
        )
    ids = sorted(people.values_list("pk", flat=True))
    if ids:
        _write(
            Notification(
                recipient_id=uid,
                kind=kind,
                actor=actor,
                post=post,
                target=target,
                url=url[:300],
                subject=subject[:200],
            )
            for uid in ids
        )
    return len(ids)


def notifications_mark_read(*, user: User, ids: list[int] | None = None) -> int:
    """Marks the user's unread notifications (only `ids` if given) read; returns how many
    changed. Idempotent; others' notifications are never touched. Atomic with the unread count:
    the person's counter row is locked first, so simultaneous calls and new notifications
    queue behind it and the count stays exact."""
    if ids is None and _nothing_to_read(user_id=user.pk):
        return 0  # the notifications page's usual visit: one read, no write
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    with transaction.atomic():
        unread_lock(user_ids=[user.pk])
        if ids is None:
            changed = qs.update(read_at=timezone.now())
            unread_clear(user_id=user.pk)
            return changed
        qs = qs.filter(pk__in=ids)
        shown = qs.filter(SHOWN).count()
        changed = qs.update(read_at=timezone.now())
        unread_subtract(user_id=user.pk, n=shown)
        return changed


@prepared(user_id=int)
def _pending(*, user_id: int) -> QuerySet[Any, tuple[Any, ...]]:
    unread = Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
    stored = NotificationCounter.objects.filter(user=OuterRef("pk"), unread__gt=0)
    return (
        User.objects.filter(pk=user_id)
        .annotate(pending=Exists(unread) | Exists(stored))
        .values_list("pending")[:1]
    )


def _nothing_to_read(*, user_id: int) -> bool:
    """No unread notification and a stored count of zero (one query)."""
    rows = _pending(user_id=user_id)
    return not (rows and rows[0][0])
