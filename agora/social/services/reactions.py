"""Likes and reposts: idempotent, one per person and post by unique constraint, counters moved
in the same transaction as the row.

A like is three statements in one transaction: the Like row inserted unless it exists (`INSERT
... ON CONFLICT DO NOTHING RETURNING`, with the check that the liker may see the post inside
it when the caller has not made it), the post's counter moved and read back (`UPDATE ...
RETURNING`), and the engagement event; an unlike likewise: the delete, the counter and its
"unlike" event. 50 simultaneous likes by one person leave one Like and a count of 1: only the
request whose insert wins the unique index moves the counter. The author's notification is
written in bulk by a background task (`like_notifications`), not by the request.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from agora.analytics.services import event_append, event_record
from agora.core.errors import Conflict, NotFound
from agora.shops.models import Shop
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
from agora.social.selectors.post_visibility import visible_post_condition
from agora.social.selectors.posts import post_for_action
from agora.social.services import rows
from agora.social.services.actors import actor_for_user
from agora.social.services.notifications import notify
from agora.social.services.timeline import now_key

if TYPE_CHECKING:
    from agora.accounts.models import User
    from agora.catalog.models import Product


def _insert_once(model: type[Repost], **fields: Any) -> bool:
    try:
        with transaction.atomic():
            model.objects.create(**fields)
    except IntegrityError:
        return False
    return True


def _shop_id(post: Post) -> int | None:
    shop = getattr(post.author, "shop", None) if post.author.kind == "shop" else None
    return shop.pk if shop else None


@cache
def _post_shop_sql() -> str:
    """The shop behind a shop's post (None for a person's post), for the like's event: read
    back by the statement that moves the post's counter."""
    return (
        f"(SELECT s.id FROM {rows.table(Shop)} s "  # noqa: S608 (model names, no input)
        f"WHERE s.{rows.column(Shop, 'actor')} = {rows.table(Post)}.{rows.column(Post, 'author')})"
    )


def _like(*, user: User, post_id: int, source: str, check: bool) -> int | None:
    """The like_count after a new like, or None when nothing was written (liked already, or,
    with `check`, a post the user may not see)."""
    # Everything but the statements is ready before the transaction: on SQLite it holds the
    # database's one write lock from its first line.
    condition = visible_post_condition(viewer=user, post_id=post_id) if check else None
    values = {"user": user.pk, "post": post_id, "created_at": timezone.now()}
    with transaction.atomic():
        inserted = rows.insert_once(Like, values, unique=("user", "post"), condition=condition)
        if inserted is None:
            return None
        moved = rows.counter_add(
            Post, pk=post_id, field="like_count", delta=1, returning=[_post_shop_sql()]
        )
        if moved is None:  # no such post (its foreign key is checked only at commit)
            raise NotFound("No such post.")  # and the like is rolled back
        event_append(
            kind="like",
            object_type="post",
            object_id=post_id,
            actor_id=user.pk,
            shop_id=moved[1],
            source=source,
        )
    return int(moved[0])


def _like_count(post_id: int) -> int:
    return Post.objects.values_list("like_count", flat=True).get(pk=post_id)


def like_set(*, user: User, post: Post, source: str = "api") -> tuple[int, bool]:
    """Likes a post the caller has shown `user` may see (no-op if already liked). Returns
    (like_count, True). Atomic: the Like, the counter and the event together."""
    count = _like(user=user, post_id=post.pk, source=source, check=False)
    return (count if count is not None else _like_count(post.pk)), True


def _visible_like_count(*, user: User, post_id: int) -> int:
    """The like_count of post `post_id` as `user` sees it (NotFound if they may not see it,
    as for a post that does not exist)."""
    post = post_for_action(post_id=post_id, viewer=user)
    if post is None:
        raise NotFound("No such post.")
    return post.like_count


def like_set_visible(*, user: User, post_id: int, source: str = "api") -> tuple[int, bool]:
    """Likes post `post_id` if `user` may see it (NotFound otherwise, as for a post that does
    not exist); no-op if already liked. Returns (like_count, True). A new like costs three
    statements in one transaction, the visibility check inside the insert."""
    count = _like(user=user, post_id=post_id, source=source, check=True)
    if count is None:
        count = _visible_like_count(user=user, post_id=post_id)
    return count, True


def _unlike(*, user: User, post_id: int, check: bool) -> int | None:
    """The like_count after removing the user's like, or None when there was none to remove
    (or, with `check`, the user may not see the post)."""
    condition = visible_post_condition(viewer=user, post_id=post_id) if check else None
    with transaction.atomic():
        deleted = rows.delete_rows(Like, {"user": user.pk, "post": post_id}, condition=condition)
        if not deleted:
            return None
        moved = rows.counter_add(
            Post, pk=post_id, field="like_count", delta=-1, returning=[_post_shop_sql()]
        )
        shop_id = moved[1] if moved else _post_shop_id(post_id)
        event_append(
            kind="unlike",
            object_type="post",
            object_id=post_id,
            actor_id=user.pk,
            shop_id=shop_id,
        )
    return int(moved[0]) if moved else 0


def _post_shop_id(post_id: int) -> int | None:
    """The shop behind a post (a counter already at 0 read nothing back: a rare repair)."""
    post = Post.objects.select_related("author__shop").filter(pk=post_id).first()
    return _shop_id(post) if post is not None else None


def like_unset(*, user: User, post: Post) -> tuple[int, bool]:
    """Removes the user's like (no-op if none). Returns (like_count, False). Atomic; the
    count never drops below 0."""
    count = _unlike(user=user, post_id=post.pk, check=False)
    return (count if count is not None else _like_count(post.pk)), False


def like_unset_visible(*, user: User, post_id: int) -> tuple[int, bool]:
    """Removes the user's like of post `post_id` (NotFound if they may not see it; no-op if
    they had not liked it). Returns (like_count, False)."""
    count = _unlike(user=user, post_id=post_id, check=True)
    if count is None:
        count = _visible_like_count(user=user, post_id=post_id)
    return count, False


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
    idempotent: the counter moves only for the winning insert (three statements: the like,
    the counter created or moved and read back, the event)."""
    with transaction.atomic():
        inserted = rows.insert_once(
            ProductLike,
            {"user": user.pk, "product": product.pk, "created_at": timezone.now()},
            unique=("user", "product"),
        )
        if inserted is not None:
            count = rows.counter_upsert(
                ProductEngagement,
                pk=product.pk,
                field="like_count",
                defaults={"comment_count": 0, "share_count": 0, "post_count": 0},
            )
            event_append(
                kind="like",
                object_type="product",
                object_id=product.pk,
                actor_id=user.pk,
                shop_id=product.shop_id,
                source=source,
            )
            return count, True
    return _product_like_count(product.pk), True


def _product_like_count(product_id: int) -> int:
    row = (
        ProductEngagement.objects.filter(product_id=product_id)
        .values_list("like_count", flat=True)
        .first()
    )
    return row or 0


def product_like_unset(*, user: User, product: Product) -> tuple[int, bool]:
    """Removes the user's product like (no-op if none). Returns (like_count, False). Atomic;
    the count never drops below 0."""
    with transaction.atomic():
        deleted = rows.delete_rows(ProductLike, {"user": user.pk, "product": product.pk})
        if deleted:
            moved = rows.counter_add(ProductEngagement, pk=product.pk, field="like_count", delta=-1)
            event_append(
                kind="unlike",
                object_type="product",
                object_id=product.pk,
                actor_id=user.pk,
                shop_id=product.shop_id,
            )
            return (int(moved[0]) if moved else 0), False
    return _product_like_count(product.pk), False
