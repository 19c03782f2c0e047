""" "From the community" on a product page: posts that tag the product, featured first, then
posts with photos, then newest. Posts the shop hid show only to the shop's managers.

Read three ways: as model instances (`community_page`, the product page's list), as the product
page's tiles (`community_tiles_key`) and, for the API, as rows (`community_rows`, the posts as
`feed_rows.PostRow`s, their JSON written by `post_json.posts_json`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

from django.db.models import (
    Case,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django_stubs_ext import WithAnnotations

from agora.accounts.selectors import viewer_stand_in
from agora.catalog.selectors import visible_products
from agora.core.pagination import Page, clamp_limit, decode_keys, encode_cursor
from agora.core.prepared import prepared
from agora.media.selectors import SHOWN_FIELDS, shown_json
from agora.shops.selectors import can_manage, member_role
from agora.social.models import CommunityPlacement, Like, Post, PostMedia, Repost
from agora.social.selectors.feed_rows import POST_COLUMNS, PostRow, posts_of_rows
from agora.social.selectors.posts import (
    ViewerFacts,
    viewer_facts,
    visible_posts,
    with_details,
    with_media,
)

if TYPE_CHECKING:
    from agora.catalog.models import Product
    from agora.social.selectors.posts import Viewer

TILES = 12  # "From the community" tiles on a product page
FEATURED = CommunityPlacement.State.FEATURED
HIDDEN = CommunityPlacement.State.HIDDEN


class CommunityFacts(TypedDict):
    """What `community_for` annotates on each post."""

    community_state: str  # featured, hidden or none
    community_featured: int  # 0/1
    community_photo: int  # 0/1


type CommunityPost = WithAnnotations[Post, CommunityFacts]


def _flag(condition: Exists) -> Case:
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def can_curate(*, product: Product, viewer: Viewer) -> bool:
    """The product's shop owner and staff decide what is featured or hidden."""
    return can_manage(shop=product.shop, user=viewer)


def community_for(
    product: Product,
    viewer: Viewer = None,
    *,
    manager: bool | None = None,
    details: bool = True,
) -> QuerySet[CommunityPost]:
    """Posts tagging `product` that `viewer` may see, with their details, ordered featured
    first, then with photos, then newest. Each row carries `community_state` ("featured",
    "hidden" or "none"), `community_featured` and `community_photo` (0/1). Without `details`
    (the product page's tiles) only the author and the media come along, not the tagged
    products."""
    if manager is None:
        manager = can_curate(product=product, viewer=viewer)
    qs = _community(product.pk, viewer, manager=manager)
    return with_details(qs) if details else with_media(qs)


def _community(product_id: int, viewer: Viewer, *, manager: bool) -> QuerySet[CommunityPost]:
    placements = CommunityPlacement.objects.filter(product_id=product_id, post=OuterRef("pk"))
    qs = (
        visible_posts(viewer)
        .filter(product_tags__product_id=product_id)
        .annotate(
            community_state=Coalesce(placements.values("state")[:1], Value("none")),
            community_featured=_flag(Exists(placements.filter(state=FEATURED))),
            community_photo=_flag(
                Exists(PostMedia.objects.filter(post=OuterRef("pk"), media__kind="image"))
            ),
        )
    )
    if not manager:
        qs = qs.exclude(Exists(placements.filter(state=HIDDEN)))
    return qs.order_by("-community_featured", "-community_photo", "-id")


@dataclass
class CommunityPage(Page):
    items: list[CommunityPost]
    facts: ViewerFacts
    manager: bool


CURSOR = "c1"  # keys: (featured, photo, post id)


def _encode(post: CommunityPost) -> str:
    return encode_cursor(post.community_featured, post.community_photo, post.pk, kind=CURSOR)


def community_page(
    *,
    product: Product,
    viewer: Viewer = None,
    cursor: str | None = None,
    limit: int | str | None = None,
    details: bool = True,
    manager: bool | None = None,
) -> CommunityPage:
    """One page in community order with a keyset cursor on (featured, photo, id): stable
    while new posts arrive. A constant number of queries whatever the page size. Without
    `details` (tiles): no tagged products and no liked/reposted facts."""
    size = clamp_limit(limit)
    if manager is None:
        manager = can_curate(product=product, viewer=viewer)
    qs = community_for(product, viewer, manager=manager, details=details)
    after = decode_keys(cursor, kind=CURSOR, size=3)
    if after is not None:
        featured, photo, pk = after
        qs = qs.filter(
            Q(community_featured__lt=featured)
            | Q(community_featured=featured, community_photo__lt=photo)
            | Q(community_featured=featured, community_photo=photo, pk__lt=pk)
        )
    rows = list(qs[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return CommunityPage(
        items=rows,
        next_cursor=_encode(rows[-1]) if more and rows else None,
        facts=viewer_facts(viewer=viewer, post_ids=[p.pk for p in rows])
        if details
        else ViewerFacts(),
        manager=manager,
    )


# --- the product page's tiles, read by prepared queries (see core.prepared) ----------------
_ASSET = SHOWN_FIELDS
TILE_FIELDS = (
    "id",
    "text",
    "like_count",
    "comment_count",
    "community_state",
    "author_id",
    "author__kind",
    "author__user__username",
    "author__user__display_name",
    *(f"author__user__avatar__{name}" for name in _ASSET),
    "author__shop__handle",
    "author__shop__name",
    *(f"author__shop__logo__{name}" for name in _ASSET),
)


@prepared(product_id=int, viewer_id=int, actor_id=int)
def _tile_rows(*, product_id: int, viewer_id: int, actor_id: int, manager: bool) -> QuerySet:
    viewer = viewer_stand_in(user_id=viewer_id, actor_id=actor_id)
    # A tile shows its post's first photo or video (the card's first media).
    links = PostMedia.objects.filter(post=OuterRef("pk")).exclude(media__status="failed")
    first = links.order_by("position", "id").values(asset=shown_json("media__"))[:1]
    tiles = _community(product_id, viewer, manager=manager).annotate(first_media=Subquery(first))
    return tiles.values(*TILE_FIELDS, "first_media")[:TILES]


def community_tiles_key(
    *, product_id: int, viewer_id: int, actor_id: int, manager: bool
) -> tuple[tuple, ...]:
    """Everything the product page's "From the community" tiles show for this viewer, as
    the database's plain values (a cache key's digest): the first `TILES` posts in community
    order with their author and picture, the first photo or video of each, their counts and
    placement. One prepared query."""
    return tuple(
        _tile_rows.raw(
            product_id=product_id, viewer_id=viewer_id, actor_id=actor_id, manager=manager
        )
    )


# --- the API's list, read as rows by prepared queries ----------------------------------------
@prepared(product_id=int, viewer_id=int)
def _product_role(*, product_id: int, viewer_id: int) -> QuerySet:
    viewer = viewer_stand_in(user_id=viewer_id, actor_id=0)
    role = member_role(shop=OuterRef("shop_id"), user_id=viewer_id)
    return visible_products(viewer).filter(pk=product_id).values_list("id", role)[:1]


def community_manager(*, product_id: int, viewer: Viewer) -> bool | None:
    """Whether `viewer` manages the shop of product `product_id` (and so curates its
    community, hidden posts included), or None when they may not see the product: one
    prepared query."""
    viewer_id = viewer.pk if viewer is not None and viewer.is_authenticated else 0
    found = _product_role.first(product_id=product_id, viewer_id=viewer_id)
    return None if found is None else found[1] is not None


@dataclass(slots=True)
class CommunityRow:
    post: PostRow
    state: str  # featured | none, and hidden for the shop's managers


@dataclass
class CommunityRowsPage(Page):
    items: list[CommunityRow]
    facts: ViewerFacts


@prepared(product_id=int, viewer_id=int, actor_id=int, featured=int, photo=int, pk=int)
def _community_rows(
    *,
    shape: tuple[int, bool, bool],
    product_id: int,
    viewer_id: int,
    actor_id: int,
    featured: int = 0,
    photo: int = 0,
    pk: int = 0,
) -> QuerySet:
    size, after, manager = shape
    viewer = viewer_stand_in(user_id=viewer_id, actor_id=actor_id)
    qs = _community(product_id, viewer, manager=manager)
    if after:
        qs = qs.filter(
            Q(community_featured__lt=featured)
            | Q(community_featured=featured, community_photo__lt=photo)
            | Q(community_featured=featured, community_photo=photo, pk__lt=pk)
        )
    return qs.values_list(
        "community_featured",
        "community_photo",
        "id",
        *POST_COLUMNS,
        "community_state",
        Exists(Like.objects.filter(user_id=viewer_id, post_id=OuterRef("pk"))),
        Exists(Repost.objects.filter(user_id=viewer_id, post_id=OuterRef("pk"))),
    )[:size]


# A community row: featured, photo, the post (id and POST_COLUMNS), its state, liked, reposted.
_STATE_AT = 3 + len(POST_COLUMNS)


def community_rows(
    *,
    product_id: int,
    viewer: Viewer,
    manager: bool,
    cursor: str | None = None,
    limit: int | str | None = None,
) -> CommunityRowsPage:
    """`community_page` as rows: the same posts, order and cursor, each with its media and
    tagged products, and what the viewer liked and reposted. Three queries whatever the page
    size (the posts with the viewer's facts, their media, their product tags)."""
    size = clamp_limit(limit)
    ids = {"product_id": product_id, "viewer_id": 0, "actor_id": 0}
    if viewer is not None and viewer.is_authenticated:
        ids |= {"viewer_id": viewer.pk, "actor_id": viewer.actor_id or 0}
    after = decode_keys(cursor, kind=CURSOR, size=3)
    if after is None:
        rows = _community_rows(shape=(size + 1, False, manager), **ids)
    else:
        featured, photo, pk = after
        keys = {"featured": featured, "photo": photo, "pk": pk}
        rows = _community_rows(shape=(size + 1, True, manager), **ids, **keys)
    more = len(rows) > size
    rows = rows[:size]
    posts, facts = posts_of_rows(rows, at=2)
    items = [
        CommunityRow(post=post, state=row[_STATE_AT]) for post, row in zip(posts, rows, strict=True)
    ]
    last = rows[-1] if more and rows else None
    next_cursor = encode_cursor(last[0], last[1], last[2], kind=CURSOR) if last else None
    return CommunityRowsPage(items=items, next_cursor=next_cursor, facts=facts)
