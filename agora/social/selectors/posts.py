from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, TypedDict, cast

from django.db.models import (
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Greatest
from django.db.models.query import ModelIterable
from django_stubs_ext import WithAnnotations

from agora.catalog.models import Variant
from agora.catalog.selectors import product_cover_candidates
from agora.shops.models import ShopMember
from agora.social import hooks
from agora.social.models import Block, Follow, Like, Post, PostMedia, PostProduct, Repost
from agora.social.selectors.details import DetailsIterable, MediaIterable
from agora.social.text import normalize_tag

if TYPE_CHECKING:
    from datetime import datetime

    from django.contrib.auth.models import AnonymousUser

    from agora.accounts.models import User
    from agora.catalog.models import Product
    from agora.media.models import MediaAsset

# Who is looking: a person, an anonymous visitor (pages), or None (the API's anonymous caller).
type Viewer = User | AnonymousUser | None


class CoverCandidate(TypedDict):
    """What `product_cover_candidates()` annotates on each media row."""

    product_id: int
    position: int
    cover_usable: int


type CoverMedia = WithAnnotations[MediaAsset, CoverCandidate]


class TaggedProductFacts(TypedDict):
    """What a product of a `product_tags()` row carries for its card."""

    available: int
    cover_candidates: list[CoverMedia]


type TaggedProduct = WithAnnotations[Product, TaggedProductFacts]

AUTHOR_RELATED = (
    "author",
    "author__user",
    "author__user__avatar",
    "author__shop",
    "author__shop__logo",
)


def _available(product_ref: str) -> Coalesce:
    """Total availability of a product (stock minus holds, never below 0 per variant)."""
    per_product = (
        Variant.objects.filter(product=OuterRef(product_ref))
        .order_by()
        .values("product")
        .annotate(n=Sum(Greatest(F("stock") - F("reserved"), Value(0))))
        .values("n")[:1]
    )
    return Coalesce(Subquery(per_product), Value(0))


# For readers that build their own rows (`feed_rows`).
available_of = _available


def attach_covers(products: Sequence[TaggedProduct]) -> None:
    """Sets `cover_candidates` on each product: one query for all of them."""
    if not products:
        return
    found: dict[int, list[CoverMedia]] = {}
    # The catalog selector returns its rows annotated; its signature says only MediaAsset.
    candidates = cast("list[CoverMedia]", product_cover_candidates({p.pk for p in products}))
    for media in candidates:
        found.setdefault(media.product_id, []).append(media)
    for product in products:
        product.cover_candidates = found.get(product.pk, [])


class _TagIterable(ModelIterable):
    """Product tags with their product and shop (one query), then each product's
    `available` and `cover_candidates` (one query for all covers)."""

    def __iter__(self) -> Iterator[PostProduct]:
        rows = list(super().__iter__())
        for tag in rows:
            tag.product.available = tag.product_available
        attach_covers([tag.product for tag in rows])
        yield from rows


def product_tags() -> QuerySet[PostProduct]:
    """Posts' product tags in order, each product ready for a card: two queries."""
    qs = (
        PostProduct.objects.select_related("product", "product__shop")
        .defer("product__description", "product__options")
        .annotate(product_available=_available("product_id"))
        .order_by("position", "id")
    )
    qs._iterable_class = _TagIterable
    return qs


def post_prefetches(prefix: str = "") -> list[Prefetch]:
    """Media and tagged products (with shop, availability and cover) of posts: three
    queries."""
    return [
        Prefetch(
            f"{prefix}post_media",
            queryset=PostMedia.objects.select_related("media").order_by("position", "id"),
        ),
        Prefetch(f"{prefix}product_tags", queryset=product_tags()),
    ]


def product_first_media(product: TaggedProduct) -> CoverMedia | None:
    """The product's first media (any kind) from `cover_candidates`."""
    rows = product.cover_candidates
    return min(rows, key=lambda m: (m.position, m.pk)) if rows else None


def product_cover(product: TaggedProduct) -> CoverMedia | None:
    """The product's first usable image from `cover_candidates`."""
    return next((m for m in product.cover_candidates if m.cover_usable), None)


def with_details[P: Post](qs: QuerySet[P]) -> QuerySet[P]:
    """Author (person or shop), media and tagged products with their shop, availability and
    cover (`details.attach_details`: three queries for the page)."""
    qs = qs.select_related(*AUTHOR_RELATED)
    qs._iterable_class = DetailsIterable
    return qs


def with_media[P: Post](qs: QuerySet[P]) -> QuerySet[P]:
    """Author and media only (tiles that show no tagged products)."""
    qs = qs.select_related(*AUTHOR_RELATED)
    qs._iterable_class = MediaIterable
    return qs


def _active_authors() -> Q:
    return Q(author__user__is_active=True) | Q(author__shop__is_active=True)


def visible_posts(viewer: Viewer = None) -> QuerySet[Post]:
    """Not hidden by moderators, author active; followers-only posts only for followers and
    the author's own people; never the posts of someone who blocked the viewer when they're
    followers-only."""
    qs = Post.objects.filter(is_hidden=False).filter(_active_authors())
    if viewer is None or not viewer.is_authenticated:
        return qs.filter(visibility=Post.Visibility.PUBLIC)

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


def post_for_action(*, post_id: int, viewer: Viewer = None) -> Post | None:
    """The post if the viewer may see it, with its author (and shop) only: enough for likes,
    reposts, comments, edits and their notifications, without the media and product tags a
    card needs."""
    return visible_posts(viewer).select_related("author", "author__shop").filter(pk=post_id).first()


def post_for_viewer(*, post_id: int, viewer: Viewer = None) -> Post | None:
    """The post with its details, or None for a post the viewer may not see (→ 404)."""
    return with_details(visible_posts(viewer)).filter(pk=post_id).first()


@dataclass
class ViewerFacts:
    liked: set[int] = field(default_factory=set)
    reposted: set[int] = field(default_factory=set)


def viewer_facts(*, viewer: Viewer, post_ids: list[int]) -> ViewerFacts:
    """liked_by_me / reposted_by_me for a whole page: two queries, whatever the page size."""
    if viewer is None or not viewer.is_authenticated or not post_ids:
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


class CarriesPoll(Protocol):
    """A post as `post_polls` reads it: a model instance or a row (`feed_rows.PostRow`)."""

    @property
    def pk(self) -> int: ...

    @property
    def has_poll(self) -> bool: ...


def post_polls(*, posts: Iterable[CarriesPoll | None], viewer: Viewer = None) -> dict[int, dict]:
    """{post_id: PollOut dict} for the posts of a page that carry a poll, as `viewer` sees
    them: one call to the app that keeps polls for the whole page, and no query at all when
    no post has one."""
    ids = [p.pk for p in posts if p is not None and p.has_poll]
    if not ids:
        return {}
    return hooks.post_polls(post_ids=ids, viewer=viewer)


@dataclass(frozen=True, slots=True)
class DisclosureCandidate:
    """A post by a verified creator that tags products: what `hooks.post_disclosures` needs to
    tell whether it was made during a partnership with the shop of one of them."""

    post_id: int
    creator_id: int  # the author's user
    created_at: datetime
    shop_ids: frozenset[int]  # the shops of the products it tags


def _candidate(post: Post) -> DisclosureCandidate | None:
    author = post.author
    if author.kind != "person":
        return None
    user = getattr(author, "user", None)
    tags = post.product_tags.all()
    if user is None or not user.is_creator or not tags:
        return None
    return DisclosureCandidate(
        post_id=post.pk,
        creator_id=user.pk,
        created_at=post.created_at,
        shop_ids=frozenset(tag.product.shop_id for tag in tags),
    )


def post_disclosures(*, posts: Iterable[Post | None]) -> dict[int, dict]:
    """{post_id: {"kind": "paid_partnership", "shop": handle}} for the posts of a page that
    are a creator's paid partnership (see `hooks.post_disclosures`): one call for the whole
    page, and no query at all when no post is by a verified creator tagging products. The
    posts come with their author's user and product tags loaded (`with_details`)."""
    candidates = [c for p in posts if p is not None and (c := _candidate(p)) is not None]
    return disclosures_of(candidates)


def disclosures_of(candidates: Sequence[DisclosureCandidate]) -> dict[int, dict]:
    """`post_disclosures` for posts read as rows: one call, none without candidates."""
    if not candidates:
        return {}
    return hooks.post_disclosures(candidates=candidates)


def posts_by_actor(*, actor_id: int, viewer: Viewer = None) -> QuerySet[Post]:
    """The actor's posts the viewer may see, with their details."""
    return with_details(visible_posts(viewer).filter(author_id=actor_id))


def posts_with_tag(*, tag: str, viewer: Viewer = None) -> QuerySet[Post]:
    """Posts with the (normalized) tag that the viewer may see, with their details."""
    return with_details(visible_posts(viewer).filter(post_tags__tag__name=normalize_tag(tag)))
