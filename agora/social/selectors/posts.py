from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet

from agora.catalog.models import Product, Variant
from agora.media.models import MediaAsset
from agora.social.models import Follow, Like, Post, PostMedia, PostProduct, Repost

AUTHOR_RELATED = (
    "author",
    "author__user",
    "author__user__avatar",
    "author__shop",
    "author__shop__logo",
)


def post_prefetches(prefix: str = "") -> list[Prefetch]:
    """Media and tagged products (with shop, variants and images) of posts: four queries."""
    products = Product.objects.select_related("shop").prefetch_related(
        Prefetch("variants", queryset=Variant.objects.order_by("position", "id")),
        Prefetch("media", queryset=MediaAsset.objects.order_by("position", "id")),
    )
    return [
        Prefetch(
            f"{prefix}post_media",
            queryset=PostMedia.objects.select_related("media").order_by("position", "id"),
        ),
        Prefetch(
            f"{prefix}product_tags",
            queryset=PostProduct.objects.prefetch_related(
                Prefetch("product", queryset=products)
            ).order_by("position", "id"),
        ),
    ]


def with_details(qs: QuerySet[Post]) -> QuerySet[Post]:
    """Author (person or shop), media and tagged products with their variants and images."""
    return qs.select_related(*AUTHOR_RELATED).prefetch_related(*post_prefetches())


def _active_authors() -> Q:
    return Q(author__user__is_active=True) | Q(author__shop__is_active=True)


def visible_posts(viewer=None) -> QuerySet[Post]:
    """Not hidden by moderators, author active; followers-only posts only for followers and
    the author's own people; never the posts of someone who blocked the viewer when they're
    followers-only."""
    qs = Post.objects.filter(is_hidden=False).filter(_active_authors())
    if viewer is None or not getattr(viewer, "is_authenticated", False):
        return qs.filter(visibility=Post.Visibility.PUBLIC)
    from agora.moderation.models import Block
    from agora.shops.models import ShopMember

    followed = Follow.objects.filter(follower=viewer).values("target_id")
    mine = Q(created_by=viewer) | Q(
        author__shop__in=ShopMember.objects.filter(user=viewer).values("shop")
    )
    if viewer.actor_id:
        mine |= Q(author_id=viewer.actor_id)
    blocked_me = (
        Block.objects.filter(blocked_id=viewer.actor_id).values("blocker__actor")
        if viewer.actor_id
        else []
    )
    followers_ok = Q(visibility=Post.Visibility.FOLLOWERS, author_id__in=followed)
    if viewer.actor_id:
        followers_ok &= ~Q(author_id__in=blocked_me)
    return qs.filter(Q(visibility=Post.Visibility.PUBLIC) | followers_ok | mine)


def post_for_viewer(*, post_id: int, viewer=None) -> Post | None:
    return with_details(visible_posts(viewer)).filter(pk=post_id).first()


@dataclass
class ViewerFacts:
    liked: set[int] = field(default_factory=set)
    reposted: set[int] = field(default_factory=set)


def viewer_facts(*, viewer, post_ids: list[int]) -> ViewerFacts:
    """liked_by_me / reposted_by_me for a whole page: two queries, whatever the page size."""
    if not getattr(viewer, "is_authenticated", False) or not post_ids:
        return ViewerFacts()
    return ViewerFacts(
        liked=set(
            Like.objects.filter(user=viewer, post_id__in=post_ids).values_list("post_id", flat=True)
        ),
        reposted=set(
            Repost.objects.filter(user=viewer, post_id__in=post_ids).values_list(
                "post_id", flat=True
            )
        ),
    )


def posts_by_actor(*, actor_id: int, viewer=None) -> QuerySet[Post]:
    return with_details(visible_posts(viewer).filter(author_id=actor_id))


def posts_with_tag(*, tag: str, viewer=None) -> QuerySet[Post]:
    from agora.social.text import normalize_tag

    return with_details(visible_posts(viewer).filter(post_tags__tag__name=normalize_tag(tag)))
