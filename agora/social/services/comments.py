"""Comments on posts and products: one level of replies, delete own, the post's author hides."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from agora.analytics.services import event_record
from agora.core.errors import InvalidInput, PermissionDenied
from agora.shops.selectors import can_manage
from agora.social import hooks
from agora.social.models import COMMENT_MAX_LENGTH, Comment, Notification, Post, ProductEngagement
from agora.social.selectors.graph import blocked_between
from agora.social.services.actors import actor_for_user
from agora.social.services.notification_counts import (
    unread_lock,
    unread_recipients,
    unread_recount,
    unread_recount_for,
)
from agora.social.services.notifications import notify
from agora.social.services.posts import can_edit_post

if TYPE_CHECKING:
    from agora.accounts.models import User
    from agora.catalog.models import Product


def _text(value: str) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput.field("text", _("Write a comment."))
    if len(value) > COMMENT_MAX_LENGTH:
        raise InvalidInput.field("text", _("At most %(n)s characters.") % {"n": COMMENT_MAX_LENGTH})
    return value


def _parent(
    parent_id: int | None, *, post: Post | None = None, product: Product | None = None
) -> Comment | None:
    if parent_id is None:
        return None
    parent = Comment.objects.filter(
        pk=parent_id, post=post, product=product, is_hidden=False
    ).first()
    if parent is None:
        raise InvalidInput.field("parent_id", _("Unknown comment."))
    return parent.parent or parent  # replies stay one level deep


def comment_create(
    *,
    user: User,
    text: str,
    post: Post | None = None,
    product: Product | None = None,
    parent_id: int | None = None,
    source: str = "api",
) -> Comment:
    """Adds a comment (or a reply) and bumps the counter, atomically; notifies the post's
    author (comment) or the parent's author (reply). Blocked people can't comment."""
    if (post is None) == (product is None):
        raise ValueError("Comment on exactly one post or one product.")
    body = _text(text)
    actor = actor_for_user(user=user)
    if post is not None and blocked_between(actor, post.author):
        raise PermissionDenied(_("You can't comment on this post."))
    parent = _parent(parent_id, post=post, product=product)
    with transaction.atomic():
        comment = Comment.objects.create(
            post=post, product=product, author=user, parent=parent, text=body
        )
        if post is not None:
            post_comment_count_add(post_id=post.pk, n=1)
            notify(
                recipients_of=post.author,
                kind=Notification.Kind.COMMENT,
                actor=actor,
                post=post,
                comment=comment,
                exclude_user_id=user.pk,
            )
            replied_to = (
                parent.author.actor
                if parent is not None and parent.author_id != user.pk and parent.author.actor_id
                else None
            )
            if replied_to is not None:
                notify(
                    recipients_of=replied_to,
                    kind=Notification.Kind.REPLY,
                    actor=actor,
                    post=post,
                    comment=comment,
                    exclude_user_id=user.pk,
                )
            # "SOLD M": commerce's handler writes the hold in this transaction (see hooks.py).
            hooks.post_comment_created(comment=comment, post=post)
            shop_id = post.author.shop.pk if post.author.kind == "shop" else None
            event_record(
                kind="comment",
                object_type="post",
                object_id=post.pk,
                actor=user,
                shop_id=shop_id,
                source=source,
            )
        elif product is not None:
            ProductEngagement.objects.get_or_create(product_id=product.pk)
            product_comment_count_add(product_id=product.pk, n=1)
            event_record(
                kind="comment",
                object_type="product",
                object_id=product.pk,
                actor=user,
                shop_id=product.shop_id,
                source=source,
            )
    return comment


def post_comment_count_add(*, post_id: int, n: int) -> None:
    """The one writer of `Post.comment_count`: adds `n` (removes when negative) in a single
    `F()` UPDATE, so concurrent writers never lose a count; a removal never goes below zero
    (it changes nothing then)."""
    qs = Post.objects.filter(pk=post_id)
    if n < 0:
        qs = qs.filter(comment_count__gte=-n)
    qs.update(comment_count=F("comment_count") + n)


def product_comment_count_add(*, product_id: int, n: int) -> None:
    """The one writer of `ProductEngagement.comment_count`, with the same guarantees as
    `post_comment_count_add` (the engagement row must exist to count up)."""
    qs = ProductEngagement.objects.filter(product_id=product_id)
    if n < 0:
        qs = qs.filter(comment_count__gte=-n)
    qs.update(comment_count=F("comment_count") + n)


def _count(comment: Comment, n: int) -> None:
    if comment.post_id:
        post_comment_count_add(post_id=comment.post_id, n=n)
    elif comment.product_id:  # a comment is on a post or a product (check constraint)
        product_comment_count_add(product_id=comment.product_id, n=n)


def comment_reply_create(*, post: Post, parent: Comment, author: User, text: str) -> Comment:
    """A reply written for a service (comment-to-buy's shop answer) under `parent`'s thread
    on `post`, counted on the post, in the caller's transaction. No checks, no notification
    and no engagement event: the caller decides who to notify."""
    reply = Comment.objects.create(post=post, author=author, parent=parent, text=text)
    post_comment_count_add(post_id=post.pk, n=1)
    return reply


def comment_delete(*, user: User, comment: Comment) -> None:
    """Authors delete their own comments (with their replies)."""
    if comment.author_id != user.pk:
        raise PermissionDenied(_("You can only delete your own comments."))
    with transaction.atomic():
        gone = [comment.pk, *comment.replies.values_list("pk", flat=True)]
        # Their notifications go with them: lock the counts they are in, recount after.
        counted = unread_lock(user_ids=unread_recipients(comment_ids=gone))
        _count(comment, -len(gone))
        comment.delete()
        unread_recount(user_ids=counted)


def comment_hide(*, user: User, comment: Comment, hidden: bool = True) -> Comment:
    """The post's author (or its shop's team; for product comments the shop's team) hides or
    shows a comment. Hidden comments disappear for everyone else."""
    if comment.post is not None:
        allowed = can_edit_post(user=user, post=comment.post)
    elif comment.product is not None:
        allowed = can_manage(shop=comment.product.shop, user=user)
    else:  # a comment is on a post or a product (check constraint)
        allowed = False
    if not allowed:
        raise PermissionDenied(_("Only the post's author can hide comments."))
    Comment.objects.filter(pk=comment.pk).update(hidden_by_author=hidden)
    comment.hidden_by_author = hidden
    return comment


def comment_hidden_set(*, comment: Comment, hidden: bool = True) -> bool:
    """The moderators' flag: hides (or shows again) a comment for everyone, its writer
    included, and keeps the post's or product's comment count in step, atomically. Returns
    whether anything changed: one conditional UPDATE, so of simultaneous calls only one
    changes the flag and the count (idempotent)."""
    with transaction.atomic():
        changed = Comment.objects.filter(pk=comment.pk, is_hidden=not hidden).update(
            is_hidden=hidden
        )
        if changed:
            _count(comment, -1 if hidden else 1)
            unread_recount_for(comment_ids=[comment.pk])  # its notifications vanish or return
    comment.is_hidden = hidden
    return bool(changed)
