"""The query of one keyset segment of a listing (`pages` assembles a page from one or two),
as a `values()` queryset built from plain ids, so the common shapes run as prepared reads
(`core.prepared`): a shop page, the home page's newest products or a category page without a
price filter or a search, first or deep, in any sort, is one query whose SQL Django wrote
once per process. Price filters, search matches and several categories merged in one query
are built by the ORM each time (`segment_queryset` with `narrow`), with the same SQL.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL

from agora.accounts.selectors import viewer_stand_in
from agora.catalog.models import Product, Variant
from agora.catalog.schemas import PRODUCT_ROW_FIELDS
from agora.catalog.selectors import visible_products
from agora.core.prepared import prepared
from agora.discovery.models import NO_HEAT, ProductTrend

# What each kind of page reads of a product row when no instance is built.
ROW_FIELDS: dict[str, tuple[str, ...]] = {
    "card": (
        "pk",
        "title",
        "slug",
        "status",
        "price_amount",
        "currency",
        "shop__handle",
        "shop__name",
        "rating_count",
        "rating_sum",
    ),
    "json": PRODUCT_ROW_FIELDS,
    "ids": ("pk",),
}
# "Popular on Agora", read beside each card's row (a lookup on the trend table's key per row;
# the plan of the page's scan stays the same).
POPULAR = Exists(ProductTrend.objects.filter(product_id=OuterRef("pk"), popular=True))
ORDER = {
    # The trend table's own columns, in its heat index's order (-heat, -product).
    "trending": ("-trend__heat", "-trend__product"),
    "newest": ("-pk",),
    "price_asc": ("price_amount", "pk"),
    "price_desc": ("-price_amount", "-pk"),
}


@dataclass(frozen=True)
class Segment:
    """What shapes a segment's SQL: its order, which products ("all"; for "popular", the
    "trending" ones by heat, then the "rest"), the row's fields ("card", "json", "ids", or
    "full" for instances), the shop's drafts for its managers, whether the shop and category are
    compared through expressions (`steer`: SQLite then reads the heat index in order), in
    stock only, and the number of rows."""

    order: str
    products: str = "all"
    details: str = "card"
    drafts: bool = False
    steer: bool = False
    in_stock: bool = False
    size: int = 25


def where(
    *, shop_id: int | None, viewer_id: int | None, drafts: bool, by_index: bool, in_stock: bool
) -> QuerySet[Product]:
    """Active products of active shops (of one shop, if given); with `drafts`, every product
    of the shop that its manager `viewer_id` may see. Without `by_index`, the shop is compared
    through an expression no index serves."""
    if drafts and shop_id is not None:  # its managers see every status
        manager = viewer_stand_in(user_id=viewer_id, actor_id=0) if viewer_id else None
        qs = visible_products(manager)
    else:
        qs = visible_products(None).filter(status=Product.Status.ACTIVE)
    if shop_id is not None:
        if by_index:
            qs = qs.filter(shop_id=shop_id)
        else:
            qs = qs.alias(_shop=F("shop_id") + 0).filter(_shop=shop_id)
    if in_stock:
        qs = qs.filter(
            Exists(Variant.objects.filter(product=OuterRef("pk"), stock__gt=F("reserved")))
        )
    return qs


def after(order: str, keys: list[int] | tuple[int, ...] | None) -> Q:
    """The rows after the cursor's keys in `order` (none: from the start)."""
    if keys is None:
        return Q()
    if order == "trending":
        heat, pk = keys[0], keys[1]
        # The first bound on its own lets the database start its index scan there.
        return Q(trend__heat__lte=heat) & (
            Q(trend__heat__lt=heat) | Q(trend__heat=heat, trend__product__lt=pk)
        )
    if order == "newest":
        return Q(pk__lt=keys[-1])
    price, pk = keys[0], keys[1]
    if order == "price_asc":
        return Q(price_amount__gte=price) & (
            Q(price_amount__gt=price) | Q(price_amount=price, pk__gt=pk)
        )
    return Q(price_amount__lte=price) & (
        Q(price_amount__lt=price) | Q(price_amount=price, pk__lt=pk)
    )


def fetch(qs: QuerySet[Product], details: str, *, heat: bool) -> QuerySet[Any]:
    """The rows of `qs` as the page needs them: instances with their shop ("full"), or plain
    `values()` rows (the card's fields and its "Popular on Agora" label; the API's fields)."""
    if details == "full":
        return qs.select_related("shop")
    extra = ("_heat",) if heat else ()
    if details == "card":
        return qs.annotate(_popular=POPULAR).values(*ROW_FIELDS["card"], "_popular", *extra)
    return qs.values(*ROW_FIELDS[details], *extra)


def segment_queryset(
    segment: Segment,
    *,
    shop_id: int | None = None,
    viewer_id: int | None = None,
    category_ids: list[int] | None = None,
    keys: list[int] | None = None,
    narrow: Q | None = None,
) -> QuerySet[Any]:
    """The segment's rows after `keys`, at most `segment.size`, in one category (or, for the
    trending products, any of `category_ids`) or none; `narrow` filters further (a price
    range, a search's matches)."""
    steer = segment.steer
    qs = where(
        shop_id=shop_id,
        viewer_id=viewer_id,
        drafts=segment.drafts,
        by_index=not (steer and segment.products == "trending"),
        in_stock=segment.in_stock,
    )
    if narrow is not None:
        qs = qs.filter(narrow)
    if segment.products == "trending":
        qs = qs.filter(trend__heat__gt=NO_HEAT)
        if category_ids is not None and not steer:
            qs = qs.filter(category_id__in=category_ids)
        elif category_ids is not None:
            qs = qs.alias(_category=F("category_id") + 0).filter(_category__in=category_ids)
        category_ids = None
    elif segment.products == "rest":
        qs = qs.filter(
            ~Exists(ProductTrend.objects.filter(product=OuterRef("pk"), heat__gt=NO_HEAT))
        )
    qs = qs.filter(after(segment.order, keys))
    if segment.order == "trending":
        qs = qs.annotate(_heat=F("trend__heat"))
    if category_ids:
        qs = qs.filter(category_id=category_ids[0])
    ordered = qs.order_by(*ORDER[segment.order])
    return fetch(ordered, segment.details, heat=segment.order == "trending")[: segment.size]


@prepared(shop_id=int, viewer_id=int, category_ids=list[int], keys=list[int])
def _segment_rows(*, segment: Segment, **values: Any) -> QuerySet[Any]:
    return segment_queryset(segment, **values)


def segment_rows(
    segment: Segment,
    *,
    shop_id: int | None,
    viewer_id: int | None,
    category_ids: list[int] | None,
    keys: tuple[int, ...] | None,
) -> list[dict[str, Any]]:
    """The segment's rows as a prepared read (`values()` details; one category at most
    outside the trending segment)."""
    values: dict[str, Any] = {}
    if shop_id is not None:
        values["shop_id"] = shop_id
    if segment.drafts:
        values["viewer_id"] = viewer_id or 0  # 0: nobody manages the shop, only active rows
    if category_ids is not None:
        values["category_ids"] = category_ids
    if keys is not None:
        values["keys"] = list(keys)
    return _segment_rows(segment=segment, **values)


def merged_queryset(
    segment: Segment,
    *,
    category_ids: list[int],
    shop_id: int | None = None,
    viewer_id: int | None = None,
    keys: list[int] | None = None,
    narrow: Q | None = None,
) -> QuerySet[Any]:
    """The segment's rows over several categories: each category's index read on its own (at
    most `segment.size` ids each, in order there), the rows looked up by those ids in one
    query, unordered (the caller sorts and cuts them: ordered and limited in the database,
    PostgreSQL may walk the whole id index instead)."""
    parts, params = [], []
    for n, category_id in enumerate(category_ids):
        part = segment_queryset(
            replace(segment, details="ids"),
            shop_id=shop_id,
            viewer_id=viewer_id,
            category_ids=[category_id],
            keys=keys,
            narrow=narrow,
        )
        sql, part_params = part.query.get_compiler(using=part.db).as_sql()
        # The ORM's own SQL, its values kept apart as parameters: nothing is spliced in.
        parts.append(f"SELECT * FROM ({sql}) AS part{n}")  # noqa: S608
        params.extend(part_params)
    merged = Product.objects.filter(pk__in=RawSQL(" UNION ALL ".join(parts), params))  # noqa: S611
    return fetch(merged.order_by(), segment.details, heat=False)


@prepared(shop_id=int, viewer_id=int, category_ids=list[int], keys=list[int])
def _merged_rows(*, segment: Segment, **values: Any) -> QuerySet[Any]:
    return merged_queryset(segment, **values)


def merged_rows(
    segment: Segment,
    *,
    shop_id: int | None,
    viewer_id: int | None,
    category_ids: list[int],
    keys: tuple[int, ...] | None,
) -> list[dict[str, Any]]:
    """`merged_queryset` as a prepared read (`values()` details, no `narrow`). A category list
    padded to its shape's length repeats its last category: the same ids twice in an IN."""
    values: dict[str, Any] = {"category_ids": category_ids}
    if shop_id is not None:
        values["shop_id"] = shop_id
    if segment.drafts:
        values["viewer_id"] = viewer_id or 0
    if keys is not None:
        values["keys"] = list(keys)
    return _merged_rows(segment=segment, **values)
