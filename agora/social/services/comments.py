"""Comments on posts and products: one level of replies, delete own, the post's author hides."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from agora.analytics.services import event_record
from agora.core.errors import InvalidInput, PermissionDenied
from agora.social.models import COMMENT_MAX_LENGTH, Comment, Notification, Post, ProductEngagement
from agora.social.services.actors import actor_for_user
from agora.social.services.notifications import notify
from agora.social.services.posts import can_edit_post


def _text(value: str) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput.field("text", _("Write a comment."))
    if len(value) > COMMENT_MAX_LENGTH:
        raise InvalidInput.field("text", _("At most %(n)s characters.") % {"n": COMMENT_MAX_LENGTH})
    return value


def _parent(parent_id, *, post=None, product=None) -> Comment | None:
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
    user,
    text: str,
    post: Post | None = None,
    product=None,
    parent_id: int | None = None,
    source: str = "api",
) -> Comment:
    """Adds a comment (or a reply) and bumps the counter, atomically; notifies the post's
    author (comment) or the parent's author (reply). Blocked people can't comment."""
    from agora.moderation.selectors import blocked_between

    body = _text(text)
    actor = actor_for_user(user)
    if post is not None and blocked_between(actor, post.author):
        raise PermissionDenied(_("You can't comment on this post."))
    parent = _parent(parent_id, post=post, product=product)
    with transaction.atomic():
        comment = Comment.objects.create(
            post=post, product=product, author=user, parent=parent, text=body
        )
        if post is not None:
            Post.objects.filter(pk=post.pk).update(comment_count=F("comment_count") + 1)
            notify(
                recipients_of=post.author,
                kind=Notification.Kind.COMMENT,
                actor=actor,
                post=post,
                comment=comment,
                exclude_user_id=user.pk,
            )
            if parent is not None and parent.author_id != user.pk and parent.author.actor_id:
                notify(
                    recipients_of=parent.author.actor,
                    kind=Notification.Kind.REPLY,
                    actor=actor,
                    post=post,
                    comment=comment,
                    exclude_user_id=user.pk,
                )
            if post.comment_to_buy_keyword:
                # "SOLD M": the hold is written in this transaction (commerce owns holds).
                from agora.commerce.services.comment_to_buy import comment_to_buy_handle

                comment_to_buy_handle(comment=comment, post=post)
            shop_id = post.author.shop.pk if post.author.kind == "shop" else None
            event_record(
                kind="comment",
                object_type="post",
                object_id=post.pk,
                actor=user,
                shop_id=shop_id,
                source=source,
            )
        else:
            ProductEngagement.objects.get_or_create(product_id=product.pk)
            ProductEngagement.objects.filter(product_id=product.pk).update(
                comment_count=F("comment_count") + 1
            )
            event_record(
                kind="comment",
                object_type="product",
                object_id=product.pk,
                actor=user,
                shop_id=product.shop_id,
                source=source,
            )
    return comment


def _uncount(comment: Comment, n: int) -> None:
    if comment.post_id:
        Post.objects.filter(pk=comment.post_id, comment_count__gte=n).update(
            comment_count=F("comment_count") - n
        )
    else:
        ProductEngagement.objects.filter(
            product_id=comment.product_id, comment_count__gte=n
        ).update(comment_count=F("comment_count") - n)


def comment_delete(*, user, comment: Comment) -> None:
    """Authors delete their own comments (with their replies)."""
    if comment.author_id != user.pk:
        raise PermissionDenied(_("You can only delete your own comments."))
    with transaction.atomic():
        n = 1 + comment.replies.count()
        _uncount(comment, n)
        comment.delete()


def comment_hide(*, user, comment: Comment, hidden: bool = True) -> Comment:
    """The post's author (or its shop's team; for product comments the shop's team) hides or
    shows a comment. Hidden comments disappear for everyone else."""
    from agora.shops.selectors import can_manage

    allowed = (
        can_edit_post(user=user, post=comment.post)
        if comment.post_id
        else can_manage(shop=comment.product.shop, user=user)
    )
    if not allowed:
        raise PermissionDenied(_("Only the post's author can hide comments."))
    Comment.objects.filter(pk=comment.pk).update(hidden_by_author=hidden)
    comment.hidden_by_author = hidden
    return comment
