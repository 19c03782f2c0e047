from __future__ import annotations

from django.utils import timezone

from agora.social.models import Notification
from agora.social.services.actors import recipients_for_actor


def notify(
    *,
    recipients_of,
    kind: str,
    actor,
    post=None,
    comment=None,
    target=None,
    exclude_user_id: int | None = None,
) -> int:
    """Notifies the person or shop team behind `recipients_of` (a Handle), never the actor
    themself. Blocked actors don't reach the blocker. Returns how many were written."""
    user_ids = set(recipients_for_actor(recipients_of, blocked=actor))
    user_ids.discard(exclude_user_id)
    Notification.objects.bulk_create(
        Notification(
            recipient_id=uid, kind=kind, actor=actor, post=post, comment=comment, target=target
        )
        for uid in sorted(user_ids)
    )
    return len(user_ids)


def notifications_mark_read(*, user, ids: list[int] | None = None) -> int:
    """Marks the user's unread notifications (only `ids` if given) read; returns how many
    changed. Idempotent; others' notifications are never touched."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())
