"""Discovery's reads for a product page, as prepared queries (see core.prepared):
"Popular on Agora" and "In N pick lists" as annotations of the page's own product query, the lists named
and the viewer's own lists for "Add to a pick list", and "You may also like".

They answer as `picklists.product_picklists`, `picklists.picklists_editable_by` and
`recommendations.also_like` do (those stay the readable reference and serve the API); these
read plain rows, so a page that shows them spends its time in the database, not in building
SQL. A visitor reads with ids 0, which match no owner, member or buyer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import (
    Case,
    Count,
    Exists,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from agora.accounts.models import Handle
from agora.accounts.selectors import viewer_stand_in
from agora.catalog.models import Product
from agora.catalog.selectors import visible_products
from agora.core.prepared import Rows, instance, prepared, set_prefetched
from agora.discovery.models import PickList, ProductTrend
from agora.discovery.selectors.picklists import (
    MINE_MAX,
    ON_PRODUCT_SHOWN,
    editor_condition,
    listed_for,
)
from agora.discovery.selectors.recommendations import HEAT, Recommended, not_for
from agora.media.models import MediaAsset
from agora.media.selectors import asset_of_json, shown_json
from agora.shops.models import Shop
from agora.social.models import ProductLike

if TYPE_CHECKING:
    from agora.catalog.models import Category

ALSO_LIKE_SIZE = 8  # "You may also like"
LIKERS_READ = 500  # people who liked the product, read for what else they liked


def product_facts(*, viewer_id: int, actor_id: int) -> dict[str, Any]:
    """`discovery_popular` (carries "Popular on Agora") and `discovery_picklist_count` (the
    public lists and the viewer's own that hold it) to annotate a read of products with."""
    viewer = viewer_stand_in(user_id=viewer_id, actor_id=actor_id)
    listed = PickList.objects.filter(listed_for(viewer), items__product=OuterRef("pk"))
    count = listed.order_by().annotate(n=Func("pk", function="COUNT")).values("n")
    return {
        "discovery_popular": Exists(
            ProductTrend.objects.filter(product=OuterRef("pk"), popular=True)
        ),
        "discovery_picklist_count": Coalesce(Subquery(count[:1]), 0),
    }


# --- pick lists ------------------------------------------------------------------------------
_LIST = ("id", "owner_id", "title", "visibility", "key")
_OWNER = ("id", "name", "kind")
_LIST_FIELDS = (*_LIST, *(f"owner__{name}" for name in _OWNER))


@prepared(product_id=int, viewer_id=int, actor_id=int)
def _listed_rows(*, product_id: int, viewer_id: int, actor_id: int) -> QuerySet:
    viewer = viewer_stand_in(user_id=viewer_id, actor_id=actor_id)
    qs = PickList.objects.filter(listed_for(viewer), items__product_id=product_id)
    return qs.order_by("-pk").values(*_LIST_FIELDS)[:ON_PRODUCT_SHOWN]


@prepared(viewer_id=int, actor_id=int)
def _editable_rows(*, viewer_id: int, actor_id: int) -> QuerySet:
    viewer = viewer_stand_in(user_id=viewer_id, actor_id=actor_id)
    qs = PickList.objects.filter(editor_condition(viewer))
    return qs.order_by("-pk").values(*_LIST_FIELDS)[:MINE_MAX]


def _picklist(row: dict[str, Any]) -> PickList:
    picklist = instance(PickList, row, names=_LIST)
    picklist.owner = instance(Handle, row, "owner__", names=_OWNER)
    return picklist


def picklists_on_product(*, product_id: int, viewer_id: int, actor_id: int) -> Rows:
    """The newest lists naming the product (public, and the viewer's own), with their owner:
    those `product_picklists` shows. Read only when the page's count says there are some."""
    return _listed_rows.read(product_id=product_id, viewer_id=viewer_id, actor_id=actor_id)


def picklists_editable(*, viewer_id: int, actor_id: int) -> Rows:
    """The lists a signed-in person edits, newest first, with their owner (as
    `picklists_editable_by`, without the annotations the product page does not show)."""
    return _editable_rows.read(viewer_id=viewer_id, actor_id=actor_id)


def picklists_of_rows(rows: Rows) -> list[PickList]:
    """The lists of `picklists_on_product` or `picklists_editable` rows, with their owner."""
    return [_picklist(row) for row in rows.dicts()]


# --- "You may also like" -----------------------------------------------------------------------
def _co_liked(product_id: int) -> tuple[QuerySet, Any]:
    """The products most liked by the people who liked this one (read `LIKERS_READ` of
    them): the first `ALSO_LIKE_SIZE * 2` by how many of them liked each, and each one's
    count (an expression on `pk`)."""
    likers = ProductLike.objects.filter(product_id=product_id).values("user_id")[:LIKERS_READ]
    co = ProductLike.objects.filter(user_id__in=likers).exclude(product_id=product_id)
    top = (
        co.values("product_id")
        .annotate(n=Count("user_id"))
        .order_by("-n", "-product_id")
        .values("product_id")[: ALSO_LIKE_SIZE * 2]
    )
    of_pk = co.filter(product_id=OuterRef("pk")).order_by()
    count = of_pk.annotate(n=Func("pk", function="COUNT")).values("n")[:1]
    return top, Case(When(pk__in=top, then=Subquery(count)), default=Value(0))


# What a product card shows (`_partials/product_card.html`); the rest stays deferred.
_CARD = ("id", "shop_id", "title", "slug", "status", "price_amount", "currency")
_CARD_SHOP = ("id", "handle", "name")
_CARD_FIELDS = (*_CARD, *(f"shop__{name}" for name in _CARD_SHOP))


@prepared(product_id=int, category_id=int, viewer_id=int)
def _also_like_rows(
    *, product_id: int, category_id: int, viewer_id: int, by_category: bool
) -> QuerySet:
    viewer = viewer_stand_in(user_id=viewer_id, actor_id=0)
    products = visible_products(None).filter(status=Product.Status.ACTIVE)
    products = products.exclude(pk=product_id).exclude(not_for(viewer))
    # A category may hold thousands: the candidates are the co-liked, and the category's first
    # few with a trend row (by heat) and without one (newest), each read along an index. The
    # first `ALSO_LIKE_SIZE` of all the category in the order below are always among them.
    co_liked, co_count = _co_liked(product_id)
    condition = Q(pk__in=co_liked)
    if by_category:
        same = products.filter(category_id=category_id)
        # Along the trend rows' (category, heat) index, the category the trend sweep keeps
        # there (`ProductTrend.category`), each product checked by its key.
        hot = ProductTrend.objects.filter(category_id=category_id)
        hot = hot.filter(Exists(same.filter(pk=OuterRef("product_id"))))
        hot = hot.order_by("-heat", "-product_id")
        # Along the products' (category, status, id) index: the newest without a trend row.
        rest = same.filter(trend__isnull=True).order_by("-pk")
        condition |= Q(pk__in=hot.values("product_id")[:ALSO_LIKE_SIZE])
        condition |= Q(pk__in=rest.values("pk")[:ALSO_LIKE_SIZE])
    ranked = (
        products.filter(condition)
        .annotate(
            _co=co_count,
            _heat=HEAT,
            _popular=Exists(ProductTrend.objects.filter(product=OuterRef("pk"), popular=True)),
            # The card's picture: the first usable image (`catalog_tags.cover_image`).
            _cover=Subquery(_first_image.values(asset=shown_json())[:1]),
        )
        .order_by("-_co", "-_heat", "-pk")
    )
    return ranked.values(*_CARD_FIELDS, "_co", "_popular", "_cover")[:ALSO_LIKE_SIZE]


_first_image = (
    MediaAsset.objects.filter(product_link__product_id=OuterRef("pk"), kind=MediaAsset.Kind.IMAGE)
    .exclude(status=MediaAsset.Status.FAILED)
    .order_by("product_link__position", "id")
)


@dataclass
class AlsoLiked:
    """ "You may also like" as read: `key` holds everything the section shows (the database's
    plain values); `items()` builds the products as `also_like` returns them (each with its
    cover image as its only media), for rendering."""

    rows: Rows | None
    category_name: str

    @property
    def key(self) -> tuple:
        return self.category_name, tuple(self.rows.raw) if self.rows else ()

    def __bool__(self) -> bool:
        return bool(self.rows)

    def popular_ids(self) -> set[int]:
        return {row["id"] for row in self.rows.dicts() if row["_popular"]} if self.rows else set()

    def items(self) -> list[Recommended]:
        if not self.rows:
            return []
        items = []
        for row in self.rows.dicts():
            card = instance(Product, row, names=_CARD)
            card.shop = instance(Shop, row, "shop__", names=_CARD_SHOP)
            cover = row["_cover"]
            set_prefetched(card, "media", [asset_of_json(cover)] if cover else [])
            if row["_co"]:
                reason = {"code": "also_liked_this", "params": {"count": row["_co"]}}
            else:
                reason = {"code": "same_category", "params": {"category": self.category_name}}
            items.append(Recommended(card, [reason]))
        return items


def also_liked(*, product: Product, category: Category | None, viewer_id: int) -> AlsoLiked:
    """What `recommendations.also_like` picks for this viewer (co-engagement, then the
    hottest of the product's category), in one prepared query."""
    name = category.display_name if category is not None else ""
    rows = _also_like_rows.read(
        product_id=product.pk,
        category_id=product.category_id or 0,
        viewer_id=viewer_id,
        by_category=product.category_id is not None,
    )
    return AlsoLiked(rows=rows, category_name=name)
