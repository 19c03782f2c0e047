"""Threads and replies: writing them, reactions, follows, and what moderators and a shop's
team may do (pin, lock, hide, mark solved).

Every service is one transaction. Counters move by `F()`; one reaction per person, target and
kind and one follow per person and thread hold by unique constraints (an insert that loses a
race changes nothing). Notifications are written in the reply's transaction with social's
`notify_people` (to the thread's followers, never the replier)."""

from __future__ import annotations

import time
from collections.abc import Iterable

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from agora.accounts.models import Handle, User
from agora.catalog.models import Product
from agora.community import product_threads
from agora.community.models import (
    REACTION_EMOJI,
    REPLY_MAX_LENGTH,
    THREAD_MAX_MEDIA,
    THREAD_MAX_PRODUCTS,
    THREAD_TEXT_MAX_LENGTH,
    THREAD_TITLE_MAX_LENGTH,
    Community,
    Membership,
    Reaction,
    Reply,
    Thread,
    ThreadFollow,
    ThreadMedia,
    ThreadProduct,
)
from agora.community.services.forums import can_manage_community, clean_body, clean_line
from agora.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from agora.media.models import MediaAsset
from agora.moderation.models import AuditLog
from agora.moderation.selectors import is_moderator
from agora.social.models import Notification
from agora.social.services.actors import actor_for_user
from agora.social.services.notifications import notify_people


def _now_key() -> int:
    return time.time_ns() // 1000


def may_post(*, community: Community, user: User | None) -> bool:
    """Whether `user` may start threads and reply here: signed in and active, the community
    open, and in a members-only community a member (or its shop's team, or a moderator)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if not community.is_open:
        return can_manage_community(community=community, user=user)
    if not community.members_only:
        return True
    if Membership.objects.filter(community=community, person=user).exists():
        return True
    return can_manage_community(community=community, user=user)


def _require_post_rights(community: Community, user: User) -> None:
    if may_post(community=community, user=user):
        return
    if not community.is_open:
        raise Conflict(_("This community is closed."), code="community_closed")
    raise PermissionDenied(_("Join this community to post in it."))


def _products(ids: Iterable[int]) -> list[Product]:
    wanted = list(dict.fromkeys(ids))
    if len(wanted) > THREAD_MAX_PRODUCTS:
        raise InvalidInput.field(
            "product_ids", _("Tag at most %(n)s products.") % {"n": THREAD_MAX_PRODUCTS}
        )
    found = Product.objects.filter(
        pk__in=wanted, status=Product.Status.ACTIVE, shop__is_active=True
    ).in_bulk()
    missing = [i for i in wanted if i not in found]
    if missing:
        raise InvalidInput.field("product_ids", _("Unknown product: %(ids)s.") % {"ids": missing})
    return [found[i] for i in wanted]


def _media(user: User, ids: Iterable[int]) -> list[MediaAsset]:
    wanted = list(dict.fromkeys(ids))
    if len(wanted) > THREAD_MAX_MEDIA:
        raise InvalidInput.field("media_ids", _("At most %(n)s photos.") % {"n": THREAD_MAX_MEDIA})
    found = MediaAsset.objects.filter(
        pk__in=wanted, uploaded_by=user, kind=MediaAsset.Kind.IMAGE
    ).in_bulk()
    missing = [i for i in wanted if i not in found]
    if missing:
        raise InvalidInput.field("media_ids", _("Unknown photo: %(ids)s.") % {"ids": missing})
    return [found[i] for i in wanted]


def _follow(thread_id: int, user_id: int) -> None:
    ThreadFollow.objects.bulk_create(
        [ThreadFollow(thread_id=thread_id, person_id=user_id)], ignore_conflicts=True
    )


def thread_create(
    *,
    user: User,
    community: Community,
    title: str,
    text: str = "",
    product_ids: Iterable[int] = (),
    media_ids: Iterable[int] = (),
) -> Thread:
    """Starts a thread atomically (its photos, tagged products, the author's follow, the
    community's count); members hear of it (THREAD_NEW). 403 when the person may not post
    here, 409 when the community is closed, 422 naming the field for bad input."""
    _require_post_rights(community, user)
    title = clean_line(title, field="title", low=3, high=THREAD_TITLE_MAX_LENGTH)
    body = clean_body(text, field="text", low=0, high=THREAD_TEXT_MAX_LENGTH)
    products = _products(product_ids)
    media = _media(user, media_ids)
    with transaction.atomic():
        thread = Thread.objects.create(
            community=community, author=user, title=title, text=body, activity=_now_key()
        )
        ThreadMedia.objects.bulk_create(
            [ThreadMedia(thread=thread, media=m, position=i) for i, m in enumerate(media)]
        )
        ThreadProduct.objects.bulk_create(
            [ThreadProduct(thread=thread, product=p, position=i) for i, p in enumerate(products)]
        )
        _follow(thread.pk, user.pk)
        Community.objects.filter(pk=community.pk).update(thread_count=F("thread_count") + 1)
        members = Membership.objects.filter(community=community).exclude(person=user)
        notify_people(
            user_ids=members.values_list("person_id", flat=True),
            kind=Notification.Kind.THREAD_NEW,
            actor=_actor(user),
            url=thread.get_absolute_url(),
            subject=title,
        )
        product_threads.forget([p.pk for p in products])
    return thread


def _actor(user: User) -> Handle:
    return user.actor if user.actor is not None else actor_for_user(user=user)


def reply_create(*, user: User, thread: Thread, text: str, quote_id: int | None = None) -> Reply:
    """Replies atomically: the thread's count and activity, the replier follows the thread,
    its other followers are notified (THREAD_REPLY, url to the thread, subject its title;
    they group per thread). 409 `thread_locked` on a locked thread; a quote must be a visible reply of the same
    thread (422 `quote_id`)."""
    community = thread.community
    _require_post_rights(community, user)
    if thread.is_locked:
        raise Conflict(_("This thread is locked."), code="thread_locked")
    body = clean_body(text, field="text", low=1, high=REPLY_MAX_LENGTH)
    quote = None
    if quote_id is not None:
        quote = Reply.objects.filter(pk=quote_id, thread=thread, is_hidden=False).first()
        if quote is None:
            raise InvalidInput.field("quote_id", _("Quote a reply of this thread."))
    now = timezone.now()
    with transaction.atomic():
        updated = Thread.objects.filter(pk=thread.pk, is_locked=False).update(
            reply_count=F("reply_count") + 1, last_reply_at=now, activity=_now_key()
        )
        if not updated:  # locked meanwhile
            raise Conflict(_("This thread is locked."), code="thread_locked")
        reply = Reply.objects.create(thread=thread, author=user, text=body, quote=quote)
        _follow(thread.pk, user.pk)
        followers = ThreadFollow.objects.filter(thread=thread).exclude(person=user)
        reply.thread = thread
        notify_people(
            user_ids=followers.values_list("person_id", flat=True),
            kind=Notification.Kind.THREAD_REPLY,
            actor=_actor(user),
            # The thread's address: its replies group as one line ("Ana and 2 others replied").
            url=thread.get_absolute_url(),
            subject=thread.title,
            once=False,
        )
    return reply


# --- reactions ----------------------------------------------------------------------------------
def _check_kind(kind: str) -> None:
    if kind not in REACTION_EMOJI:
        raise InvalidInput.field(
            "kind", _("Choose one of: %(k)s.") % {"k": ", ".join(REACTION_EMOJI)}
        )


def _target_filter(thread: Thread | None, reply: Reply | None) -> dict[str, object]:
    if (thread is None) == (reply is None):
        raise ValueError("React to a thread or a reply.")
    return {"thread": thread} if thread is not None else {"reply": reply}


def reaction_set(
    *, user: User, kind: str, thread: Thread | None = None, reply: Reply | None = None
) -> tuple[int, bool]:
    """Adds the person's reaction of `kind` (idempotent: simultaneous requests insert one row).
    Returns (how many people reacted so with this kind, True)."""
    _check_kind(kind)
    target = _target_filter(thread, reply)
    Reaction.objects.bulk_create(
        [Reaction(person=user, kind=kind, **target)],
        ignore_conflicts=True,
    )
    return Reaction.objects.filter(kind=kind, **target).count(), True


def reaction_unset(
    *, user: User, kind: str, thread: Thread | None = None, reply: Reply | None = None
) -> tuple[int, bool]:
    """Removes the person's reaction of `kind` (idempotent)."""
    _check_kind(kind)
    target = _target_filter(thread, reply)
    Reaction.objects.filter(person=user, kind=kind, **target).delete()
    return Reaction.objects.filter(kind=kind, **target).count(), False


# --- follows ------------------------------------------------------------------------------------
def thread_follow_set(*, user: User, thread: Thread, follow: bool) -> bool:
    """Follows (or stops following) the thread's replies; idempotent. Returns the new state."""
    if follow:
        _follow(thread.pk, user.pk)
    else:
        ThreadFollow.objects.filter(thread=thread, person=user).delete()
    return follow


# --- moderation and the shop team ---------------------------------------------------------------
def _flag(thread: Thread, field: str, value: bool) -> Thread:
    Thread.objects.filter(pk=thread.pk).update(**{field: value})
    setattr(thread, field, value)
    return thread


def thread_pin_set(*, user: User, thread: Thread, pinned: bool) -> Thread:
    """Moderators, and the shop's team in its community, pin or unpin a thread."""
    if not can_manage_community(community=thread.community, user=user):
        raise PermissionDenied(_("Only moderators and the shop's team can pin threads."))
    return _flag(thread, "is_pinned", pinned)


def thread_lock_set(*, user: User, thread: Thread, locked: bool) -> Thread:
    """Moderators, and the shop's team in its community, lock a thread (no more replies)."""
    if not can_manage_community(community=thread.community, user=user):
        raise PermissionDenied(_("Only moderators and the shop's team can lock threads."))
    return _flag(thread, "is_locked", locked)


def thread_solve_set(*, user: User, thread: Thread, solved: bool) -> Thread:
    """The thread's author or a moderator marks the question solved (or not)."""
    if thread.author_id != user.pk and not is_moderator(user):
        raise PermissionDenied(_("Only the author or a moderator can mark this solved."))
    return _flag(thread, "is_solved", solved)


def _audit(user: User, action: str, kind: str, target_id: int, note: str) -> None:
    AuditLog.objects.create(
        actor=user, action=action, target_type=kind, target_id=target_id, note=note
    )


def thread_hidden_set(*, thread: Thread, hidden: bool) -> Thread:
    """Hides (or shows) a thread for everyone but moderators; no rights checked (moderation's
    report resolution calls it after its own checks). Idempotent."""
    with transaction.atomic():
        changed = Thread.objects.filter(pk=thread.pk, is_hidden=not hidden).update(is_hidden=hidden)
        if changed:
            counts = Community.objects.filter(pk=thread.community_id)
            if hidden:
                counts.filter(thread_count__gt=0).update(thread_count=F("thread_count") - 1)
            else:
                counts.update(thread_count=F("thread_count") + 1)
            product_threads.forget(
                ThreadProduct.objects.filter(thread=thread).values_list("product_id", flat=True)
            )
    thread.is_hidden = hidden
    return thread


def reply_hidden_set(*, reply: Reply, hidden: bool) -> Reply:
    """Hides (or shows) a reply for everyone but moderators, keeping the thread's count.
    Idempotent."""
    with transaction.atomic():
        changed = Reply.objects.filter(pk=reply.pk, is_hidden=not hidden).update(is_hidden=hidden)
        if changed:
            counts = Thread.objects.filter(pk=reply.thread_id)
            if hidden:
                counts.filter(reply_count__gt=0).update(reply_count=F("reply_count") - 1)
            else:
                counts.update(reply_count=F("reply_count") + 1)
    reply.is_hidden = hidden
    return reply


def thread_hide(*, user: User, thread: Thread, hidden: bool = True, note: str = "") -> Thread:
    """A moderator hides (or shows again) a thread, with an audit entry."""
    if not is_moderator(user):
        raise PermissionDenied(_("Only moderators can do this."))
    with transaction.atomic():
        thread_hidden_set(thread=thread, hidden=hidden)
        _audit(user, "thread_hide" if hidden else "thread_unhide", "thread", thread.pk, note)
    return thread


def reply_hide(*, user: User, reply: Reply, hidden: bool = True, note: str = "") -> Reply:
    """A moderator hides (or shows again) a reply, with an audit entry."""
    if not is_moderator(user):
        raise PermissionDenied(_("Only moderators can do this."))
    with transaction.atomic():
        reply_hidden_set(reply=reply, hidden=hidden)
        _audit(user, "reply_hide" if hidden else "reply_unhide", "reply", reply.pk, note)
    return reply


def thread_or_404(thread: Thread | None) -> Thread:
    """`thread`, or NotFound."""
    if thread is None:
        raise NotFound(_("No such thread."))
    return thread
