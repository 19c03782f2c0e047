"""For you: computes each person's recommendations from what the people and shops they follow
make, post and like, from what people with the same tastes like (co-engagement), and from the
categories of what they bought. Runs in the background (`tasks.recommendations`), per person
when their stored rows are stale and they open their feed, or for everyone with
`manage.py compute_recommendations`.

Every source is one bounded query, so a person who follows thousands costs what one who
follows a few hundred does. A recommendation keeps its reasons as codes with parameters
(`{"code": "follows_shop", "params": {"handle": "atelier_nord"}}`), rendered in the reader's
language by `selectors.recommendations.reason_text`. Left out: products the person bought
(a paid order), liked already, sells (their shops' own) or may not see.

Writes replace the person's rows in one transaction (delete, then insert ignoring
conflicts), so two runs racing for one person leave one consistent set.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from agora.accounts.models import Handle, User
from agora.catalog.models import Product
from agora.catalog.selectors import visible_products
from agora.core.scheduling import enqueue
from agora.discovery.models import ProductTrend, Recommendation, RecommendationState
from agora.discovery.selectors.recommendations import (
    bought_product_ids,
    own_product_ids,
    recommendations_computed_at,
)
from agora.social.models import Follow, Like, Post, PostProduct, ProductLike

if TYPE_CHECKING:
    from collections.abc import Iterable

STALE_AFTER = timedelta(hours=6)
KEEP = 100  # recommendations stored per person
FOLLOWS_READ = 2000
ROWS_READ = 3000  # rows read per source
POSTS_WINDOW = timedelta(days=90)
QUEUED_FOR = 300  # seconds before a person's run may be queued again
TASK = "agora.discovery.tasks.recommendations.recommendations_refresh"

# Weights in hundredths; each reason's count is capped so no one source drowns the others.
WEIGHTS = {
    "follows_shop": 300,
    "posted_by_followed": 200,
    "liked_by_followed": 150,
    "also_liked": 100,
    "similar_to_bought": 80,
}
CAP = 5


@dataclass
class _Candidate:
    score: int = 0
    reasons: list[dict[str, Any]] = field(default_factory=list)

    def add(self, code: str, params: dict[str, Any], times: int = 1) -> None:
        self.score += WEIGHTS[code] * max(1, min(times, CAP))
        self.reasons.append({"code": code, "params": params})


def _followed(user: User) -> dict[int, Handle]:
    ids = list(
        Follow.objects.filter(follower=user)
        .order_by("-pk")
        .values_list("target_id", flat=True)[:FOLLOWS_READ]
    )
    return {h.pk: h for h in Handle.objects.filter(pk__in=ids)}


def _from_followed_shops(found: dict[int, _Candidate], followed: dict[int, Handle]) -> None:
    shops = [pk for pk, h in followed.items() if h.kind == Handle.Kind.SHOP]
    if not shops:
        return
    rows = (
        Product.objects.filter(
            shop__actor_id__in=shops, status=Product.Status.ACTIVE, shop__is_active=True
        )
        .order_by("-pk")
        .values_list("pk", "shop__actor_id")[:ROWS_READ]
    )
    for product_id, actor_id in rows:
        found[product_id].add("follows_shop", {"handle": followed[actor_id].name})


def _from_followed_posts(found: dict[int, _Candidate], followed: dict[int, Handle]) -> None:
    if not followed:
        return
    since = timezone.now() - POSTS_WINDOW
    rows = (
        PostProduct.objects.filter(
            post__author_id__in=list(followed),
            post__visibility=Post.Visibility.PUBLIC,
            post__is_hidden=False,
            post__created_at__gte=since,
        )
        .order_by("-post_id")
        .values_list("product_id", "post__author_id", "product__shop__actor_id")[:ROWS_READ]
    )
    posters: dict[int, list[str]] = defaultdict(list)
    for product_id, author_id, seller_id in rows:
        name = followed[author_id].name
        if author_id != seller_id and name not in posters[product_id]:
            posters[product_id].append(name)
    for product_id, names in posters.items():
        found[product_id].add(
            "posted_by_followed", {"handle": names[0], "count": len(names)}, len(names)
        )


def _from_followed_likes(found: dict[int, _Candidate], followed: dict[int, Handle]) -> None:
    people = [pk for pk, h in followed.items() if h.kind == Handle.Kind.PERSON]
    if not people:
        return
    likers: dict[int, set[str]] = defaultdict(set)
    names = dict(User.objects.filter(actor_id__in=people).values_list("pk", "username"))
    for product_id, user_id in ProductLike.objects.filter(user_id__in=list(names)).values_list(
        "product_id", "user_id"
    )[:ROWS_READ]:
        likers[product_id].add(names[user_id])
    post_likes = (
        Like.objects.filter(user_id__in=list(names), post__is_hidden=False)
        .filter(post__product_tags__isnull=False)
        .values_list("post__product_tags__product_id", "user_id")[:ROWS_READ]
    )
    for product_id, user_id in post_likes:
        likers[product_id].add(names[user_id])
    for product_id, who in likers.items():
        handles = sorted(who)
        found[product_id].add(
            "liked_by_followed", {"count": len(handles), "handles": handles[:2]}, len(handles)
        )


def _liked_by(user: User) -> set[int]:
    direct = set(
        ProductLike.objects.filter(user=user).values_list("product_id", flat=True)[:ROWS_READ]
    )
    via_posts = set(
        PostProduct.objects.filter(post__likes__user=user).values_list("product_id", flat=True)[
            :ROWS_READ
        ]
    )
    return direct | via_posts


def _from_co_engagement(
    found: dict[int, _Candidate], anchors: set[int], titles: dict[int, str], user: User
) -> None:
    """People who liked what this person liked or bought: what else they liked."""
    if not anchors:
        return
    shared = (
        ProductLike.objects.filter(product_id__in=list(anchors))
        .exclude(user=user)
        .values_list("user_id", "product_id")[:ROWS_READ]
    )
    anchor_of: dict[int, list[int]] = defaultdict(list)
    for user_id, product_id in shared:
        anchor_of[user_id].append(product_id)
    if not anchor_of:
        return
    theirs = (
        ProductLike.objects.filter(user_id__in=list(anchor_of))
        .exclude(product_id__in=list(anchors))
        .values_list("product_id", "user_id")[:ROWS_READ]
    )
    by_product: dict[int, set[int]] = defaultdict(set)
    for product_id, user_id in theirs:
        by_product[product_id].add(user_id)
    missing = {a for users in anchor_of.values() for a in users} - set(titles)
    titles.update(Product.objects.filter(pk__in=missing).values_list("pk", "title"))
    for product_id, users in by_product.items():
        anchor = Counter(a for u in users for a in anchor_of[u]).most_common(1)[0][0]
        found[product_id].add(
            "also_liked",
            {"product_id": anchor, "title": titles.get(anchor, ""), "count": len(users)},
            len(users),
        )


def _from_bought_categories(found: dict[int, _Candidate], bought: dict[int, tuple]) -> None:
    by_category: dict[int, str] = {}
    for _product_id, (category_id, title) in bought.items():
        if category_id is not None:
            by_category.setdefault(category_id, title)
    if not by_category:
        return
    hot = (
        ProductTrend.objects.filter(category_id__in=list(by_category), accounts__gt=0)
        .order_by("-heat")
        .values_list("product_id", "category_id")[:60]
    )
    newest = (
        Product.objects.filter(category_id__in=list(by_category), status=Product.Status.ACTIVE)
        .order_by("-pk")
        .values_list("pk", "category_id")[:60]
    )
    seen: set[int] = set()
    for product_id, category_id in [*hot, *newest]:
        if product_id in seen or category_id is None:
            continue
        seen.add(product_id)
        found[product_id].add("similar_to_bought", {"title": by_category[category_id]})


def recommendations_for(user: User) -> list[tuple[int, int, list[dict[str, Any]]]]:
    """(product id, score, reasons) for `user`, best first, at most 100, without storing
    them: what `recommendations_compute` stores. A dozen bounded queries."""
    found: dict[int, _Candidate] = defaultdict(_Candidate)
    followed = _followed(user)
    _from_followed_shops(found, followed)
    _from_followed_posts(found, followed)
    _from_followed_likes(found, followed)
    bought = bought_product_ids(user=user)
    details = {
        pk: (category_id, title)
        for pk, category_id, title in Product.objects.filter(pk__in=bought).values_list(
            "pk", "category_id", "title"
        )
    }
    liked = _liked_by(user)
    titles = {pk: title for pk, (_c, title) in details.items()}
    _from_co_engagement(found, liked | bought, titles, user)
    _from_bought_categories(found, details)
    excluded = bought | liked | own_product_ids(user=user)
    ids = [pk for pk in found if pk not in excluded]
    visible = set(visible_products(None).filter(pk__in=ids).values_list("pk", flat=True))
    ranked = sorted(
        ((pk, c) for pk, c in found.items() if pk in visible),
        key=lambda row: (-row[1].score, -row[0]),
    )
    return [(pk, c.score, c.reasons) for pk, c in ranked[:KEEP]]


def recommendations_compute(*, user: User) -> int:
    """Replaces `user`'s stored recommendations with fresh ones and marks them computed now.
    Idempotent; atomic (readers see the old set or the new one). Returns how many."""
    rows = recommendations_for(user)
    now = timezone.now()
    with transaction.atomic():
        Recommendation.objects.filter(user=user).delete()
        Recommendation.objects.bulk_create(
            [
                Recommendation(
                    user=user, product_id=pk, score=score, reasons=reasons, computed_at=now
                )
                for pk, score, reasons in rows
            ],
            ignore_conflicts=True,
        )
        RecommendationState.objects.update_or_create(user=user, defaults={"computed_at": now})
    return len(rows)


def recommendations_compute_all(users: Iterable[User] | None = None) -> int:
    """Recomputes every active person's recommendations (or `users`'), one transaction per
    person. Returns how many people."""
    people = users if users is not None else User.objects.filter(is_active=True).iterator()
    done = 0
    for person in people:
        recommendations_compute(user=person)
        done += 1
    return done


def recommendations_refresh_if_stale(*, user: User) -> bool:
    """Queues a recomputation of `user`'s recommendations (on commit) when they were never
    computed or are older than 6 hours. One query; True when queued."""
    computed = recommendations_computed_at(user_id=user.pk)
    if computed is not None and timezone.now() - computed < STALE_AFTER:
        return False
    # At most one queued run per person every 5 minutes (per cache: Redis shares it).
    if not cache.add(f"agora:recs-queued:{user.pk}", 1, QUEUED_FOR):
        return False
    transaction.on_commit(lambda: enqueue(TASK, user.pk))
    return True
