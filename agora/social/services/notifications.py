from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.utils import timezone

from agora.accounts.models import User
from agora.social.models import Block, Notification
from agora.social.services.actors import recipients_for_actor

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
    themself. Blocked actors don't reach the blocker. Returns how many were written."""
    user_ids = set(recipients_for_actor(handle=recipients_of, blocked=actor))
    if exclude_user_id is not None:
        user_ids.discard(exclude_user_id)
    Notification.objects.bulk_create(
        Notification(
            recipient_id=uid, kind=kind, actor=actor, post=post, comment=comment, target=target
        )
        for uid in sorted(user_ids)
    )
    return len(user_ids)


def notify_people(
    *,
    user_ids: Iterable[int],
    kind: str,
    actor: Handle,
    post: Post | None = None,
    target: Handle | None = None,
) -> int:
    """Notifies each of these people once about `post` (people the app above chose, e.g. the
    voters for a poll option that went on sale): never anyone who already has this kind of
    notification about this post (so a repeated call adds nothing), never inactive accounts,
    never those who blocked `actor`. `target`: the actor the notification is about (a shop
    whose badge a person earned). Returns how many were written."""
    wanted = set(user_ids)
    if not wanted:
        return 0
    people = User.objects.filter(pk__in=wanted, is_active=True).exclude(
        pk__in=Block.objects.filter(blocked=actor).values("blocker")
    )
    if post is not None:
        people = people.exclude(
            pk__in=Notification.objects.filter(kind=kind, post=post).values("recipient")
        )
    ids = sorted(people.values_list("pk", flat=True))
    Notification.objects.bulk_create(
        Notification(recipient_id=uid, kind=kind, actor=actor, post=post, target=target)
        for uid in ids
    )
    return len(ids)


def notifications_mark_read(*, user: User, ids: list[int] | None = None) -> int:
    """Marks the user's unread notifications (only `ids` if given) read; returns how many
    changed. Idempotent; others' notifications are never touched."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())
