"""Likes and reposts: idempotent, one per person and post by unique constraint, counters by F().

50 simultaneous likes by one person leave one Like and a count of 1: only the request whose
INSERT wins the unique index moves the counter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import F

from agora.analytics.services import event_record
from agora.core.errors import Conflict
from agora.social.models import (
    Like,
    Notification,
    Post,
    ProductEngagement,
    ProductLike,
    Repost,
    TimelineEntry,
)
from agora.social.scheduling import enqueue_fanout
from agora.social.services.actors import actor_for_user, actor_ref
from agora.social.services.notifications import notify
from agora.social.services.timeline import now_key

if TYPE_CHECKING:
    from agora.accounts.models import User
    from agora.catalog.models import Product


def _insert_once(model: type[Like | Repost | ProductLike], **fields: Any) -> bool:
    try:
        with transaction.atomic():
            model.objects.create(**fields)
    except IntegrityError:
        return False
    return True


def _shop_id(post: Post) -> int | None:
    shop = getattr(post.author, "shop", None) if post.author.kind == "shop" else None
    return shop.pk if shop else None


def like_set(*, user: User, post: Post, source: str = "api") -> tuple[int, bool]:
    """Likes the post (no-op if already liked). Returns (like_count, liked)."""
    with transaction.atomic():
        if _insert_once(Like, user=user, post=post):
            Post.objects.filter(pk=post.pk).update(like_count=F("like_count") + 1)
            notify(
                recipients_of=post.author,
                kind=Notification.Kind.LIKE,
                actor=actor_ref(user=user),
                post=post,
                exclude_user_id=user.pk,
            )
            event_record(
                kind="like",
                object_type="post",
                object_id=post.pk,
                actor=user,
                shop_id=_shop_id(post),
                source=source,
            )
    return Post.objects.values_list("like_count", flat=True).get(pk=post.pk), True


def like_unset(*, user: User, post: Post) -> tuple[int, bool]:
    """Removes the user's like (no-op if none). Returns (like_count, False). Atomic; the
    count never drops below 0."""
    with transaction.atomic():
        deleted, _ = Like.objects.filter(user=user, post=post).delete()
        if deleted:
            Post.objects.filter(pk=post.pk, like_count__gt=0).update(like_count=F("like_count") - 1)
    return Post.objects.values_list("like_count", flat=True).get(pk=post.pk), False


def repost_set(*, user: User, post: Post, source: str = "api") -> tuple[int, bool]:
    """Reposts to the person's followers (followers-only posts can't be reposted)."""
    if post.visibility != Post.Visibility.PUBLIC:
        raise Conflict("Followers-only posts cannot be reposted.", code="not_repostable")
    actor = actor_for_user(user=user)
    with transaction.atomic():
        if _insert_once(Repost, user=user, post=post):
            Post.objects.filter(pk=post.pk).update(repost_count=F("repost_count") + 1)
            notify(
                recipients_of=post.author,
                kind=Notification.Kind.REPOST,
                actor=actor,
                post=post,
                exclude_user_id=user.pk,
            )
            event_record(
                kind="repost",
                object_type="post",
                object_id=post.pk,
                actor=user,
                shop_id=_shop_id(post),
                source=source,
            )
            key = now_key()
            transaction.on_commit(lambda: enqueue_fanout(post.pk, actor.pk, key, actor.pk))
    return Post.objects.values_list("repost_count", flat=True).get(pk=post.pk), True


def repost_unset(*, user: User, post: Post) -> tuple[int, bool]:
    """Removes the user's repost and its timeline entries (no-op if none). Returns
    (repost_count, False). Atomic; the count never drops below 0."""
    actor = actor_for_user(user=user)
    with transaction.atomic():
        deleted, _ = Repost.objects.filter(user=user, post=post).delete()
        if deleted:
            Post.objects.filter(pk=post.pk, repost_count__gt=0).update(
                repost_count=F("repost_count") - 1
            )
            TimelineEntry.objects.filter(post=post, reposted_by=actor).delete()
    return Post.objects.values_list("repost_count", flat=True).get(pk=post.pk), False


def product_like_set(*, user: User, product: Product, source: str = "api") -> tuple[int, bool]:
    """Likes the product (no-op if already liked). Returns (like_count, True). Atomic;
    idempotent: the counter moves only for the winning insert."""
    with transaction.atomic():
        ProductEngagement.objects.get_or_create(product_id=product.pk)
        if _insert_once(ProductLike, user=user, product=product):
            ProductEngagement.objects.filter(product_id=product.pk).update(
                like_count=F("like_count") + 1
            )
            event_record(
                kind="like",
                object_type="product",
                object_id=product.pk,
                actor=user,
                shop_id=product.shop_id,
                source=source,
            )
    return ProductEngagement.objects.values_list("like_count", flat=True).get(
        product_id=product.pk
    ), True


def product_like_unset(*, user: User, product: Product) -> tuple[int, bool]:
    """Removes the user's product like (no-op if none). Returns (like_count, False). Atomic;
    the count never drops below 0."""
    with transaction.atomic():
        deleted, _ = ProductLike.objects.filter(user=user, product=product).delete()
        if deleted:
            ProductEngagement.objects.filter(product_id=product.pk, like_count__gt=0).update(
                like_count=F("like_count") - 1
            )
    row = (
        ProductEngagement.objects.filter(product_id=product.pk)
        .values_list("like_count", flat=True)
        .first()
    )
    return row or 0, False
