"""Follows of people and shops; the follower's timeline gains or loses the actor's posts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from agora.accounts.models import Handle
from agora.accounts.selectors import handle_named
from agora.analytics.services import event_record
from agora.core.errors import InvalidInput, NotFound, PermissionDenied
from agora.social.models import Follow, Notification
from agora.social.selectors.graph import blocked_between
from agora.social.services.actors import actor_for_user
from agora.social.services.follow_counts import follow_counted, follow_uncounted
from agora.social.services.notifications import notify
from agora.social.services.timeline import timeline_backfill, timeline_remove_actor

if TYPE_CHECKING:
    from agora.accounts.models import User


def _target(handle: str) -> Handle:
    target = handle_named((handle or "").lstrip("@"))
    if target is None:
        raise NotFound(_("No such person or shop."))
    return target


def follow_create(*, user: User, handle: str, source: str = "api") -> tuple[Follow, bool]:
    """Idempotent. Returns (follow, created). Blocked in either direction → 403. Atomic: the
    follow, both stored counts, the timeline backfill, the notification and the event."""
    target = _target(handle)
    me = actor_for_user(user=user)
    if target.pk == me.pk:
        raise InvalidInput.field("handle", _("You can't follow yourself."))
    if blocked_between(me, target):
        raise PermissionDenied(_("You can't follow this account."))
    with transaction.atomic():
        try:
            with transaction.atomic():
                follow = Follow.objects.create(follower=user, target=target)
        except IntegrityError:
            return Follow.objects.get(follower=user, target=target), False
        follow_counted(target_id=target.pk, follower_actor_id=me.pk)
        timeline_backfill(owner=user, actor_id=target.pk)
        notify(
            recipients_of=target,
            kind=Notification.Kind.FOLLOW,
            actor=me,
            target=target,
            exclude_user_id=user.pk,
        )
        shop = getattr(target, "shop", None) if target.kind == Handle.Kind.SHOP else None
        event_record(
            kind="follow",
            object_type=target.kind,
            object_id=shop.pk if shop else target.pk,
            actor=user,
            shop_id=shop.pk if shop else None,
            source=source,
        )
    return follow, True


def follow_delete(*, user: User, handle: str, source: str = "api") -> bool:
    """True if a follow was removed (the timeline loses the actor's posts; an "unfollow"
    event is recorded); 404 for an unknown handle. Atomic with the stored counts and the
    event; idempotent: unfollowing twice changes nothing."""
    target = _target(handle)
    with transaction.atomic():
        deleted, _ = Follow.objects.filter(follower=user, target=target).delete()
        if deleted:
            follow_uncounted(target_id=target.pk, follower_actor_id=user.actor_id)
            timeline_remove_actor(owner=user, actor_id=target.pk)
            shop = getattr(target, "shop", None) if target.kind == Handle.Kind.SHOP else None
            event_record(
                kind="unfollow",
                object_type=target.kind,
                object_id=shop.pk if shop else target.pk,
                actor=user,
                shop_id=shop.pk if shop else None,
                source=source,
            )
    return bool(deleted)
