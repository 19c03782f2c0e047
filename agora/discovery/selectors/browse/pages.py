"""One page of the products a `ProductQuery` selects, paged by keyset on the sort's own keys so
a deep page costs what the first does.

Query budget of one page (`products_page`), whatever its depth: the page of products (two for
the first page of "popular" that runs out of trending products: the trending ones, then the
rest), then the cards' covers (one query; the shop is joined and the "Popular on Agora" label
read beside each row) or the API's details (variants, personalization fields, media). Listing
pages and the category API read plain `values()` rows, no model instances: building those was
most of a page's time; without a price filter or a search, each segment's query is a prepared
read (`rows`: its SQL written once per process). Each query is a bounded index scan: the
catalog's indexes (shop or category, status, then id or price) serve "newest" and the price
sorts; "popular" reads the trending products down the trend table's heat index and the others
like "newest".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import TYPE_CHECKING, Any, Literal, cast

from django.db import connection
from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects

from agora.catalog.cards import ProductCard
from agora.catalog.models import Product, Variant
from agora.catalog.schemas import ProductUrls, product_out_of
from agora.catalog.selectors import media_in_product_order, product_covers, product_detail_rows
from agora.core.money import SUPPORTED_CURRENCIES, minor_digits
from agora.core.pagination import Page, clamp_limit, decode_keys, encode_cursor
from agora.discovery.models import NO_HEAT
from agora.discovery.selectors.browse.query import ProductQuery
from agora.discovery.selectors.browse.rows import (
    Segment,
    merged_queryset,
    merged_rows,
    segment_queryset,
    segment_rows,
    where,
)
from agora.discovery.selectors.browse.tree import catalog_index, category_and_descendants

if TYPE_CHECKING:
    from agora.core.types import AnyUser

Details = Literal["card", "full", "json"]


# --- the products a query selects -----------------------------------------------------------
def _price_condition(low: Decimal | None, high: Decimal | None, currencies: list[str]) -> Q:
    """Each currency's amounts in its own minor units."""
    condition = Q()
    for currency in currencies:
        scale = Decimal(10) ** minor_digits(currency)
        part = Q(currency=currency)
        if low is not None:
            part &= Q(price_amount__gte=int((low * scale).to_integral_value(ROUND_CEILING)))
        if high is not None:
            part &= Q(price_amount__lte=int((high * scale).to_integral_value(ROUND_FLOOR)))
        condition |= part
    return condition


def _narrow(query: ProductQuery, within: Q | None) -> Q | None:
    """What the query asks beyond a prepared segment's shape (a price range; a search's
    matches), or None."""
    condition = within
    if query.min_price is not None or query.max_price is not None:
        currencies = (
            [query.shop.currency] if query.shop is not None else sorted(SUPPORTED_CURRENCIES)
        )
        price = _price_condition(query.min_price, query.max_price, currencies)
        condition = price if condition is None else condition & price
    return condition


def _viewer_id(viewer: AnyUser | None) -> int | None:
    return viewer.pk if viewer is not None and viewer.is_authenticated else None


def _categories(query: ProductQuery) -> list[int] | None:
    """The categories to read (the query's and those below it that hold products), or None
    for no category filter."""
    if query.category is None:
        return None
    index = catalog_index()
    ids = index.descendants(query.category.pk)
    # Categories without active products can still hold a manager's drafts.
    return ids if len(ids) == 1 else [pk for pk in ids if pk in index.counts] or ids[:1]


def filtered_products(
    query: ProductQuery,
    *,
    viewer: AnyUser | None = None,
    drafts: bool = False,
) -> QuerySet[Product]:
    """The products the query selects, with all their details (the API's, for Product
    instances). Active products of active shops; with `drafts`, every product of the query's
    shop the viewer may see (its managers see drafts and archived ones)."""
    qs = where(
        shop_id=query.shop.pk if query.shop is not None else None,
        viewer_id=_viewer_id(viewer),
        drafts=drafts,
        by_index=True,
        in_stock=query.in_stock,
    )
    narrow = _narrow(query, None)
    if narrow is not None:
        qs = qs.filter(narrow)
    if query.category is not None:
        qs = qs.filter(category_id__in=category_and_descendants(query.category))
    return qs.select_related("shop", "category", "category__parent").prefetch_related(*_PREFETCHES)


_PREFETCHES = (
    Prefetch("variants", queryset=Variant.objects.order_by("position", "id")),
    "personalization_fields",
    Prefetch("media", queryset=media_in_product_order()),
)


# --- one page, by keyset per sort -------------------------------------------------------------
_KIND = {"popular": "bp1", "newest": "bn1", "price_asc": "ba1", "price_desc": "bd1"}


Row = Product | dict[str, Any]  # an instance ("full") or a `values()` row ("card", "json")


def _get(row: Row, name: str) -> Any:
    return row[name] if isinstance(row, dict) else getattr(row, name)


_SORT_KEY: dict[str, Callable[[Row], Any]] = {
    "newest": lambda p: -_get(p, "pk"),
    "price_asc": lambda p: (_get(p, "price_amount"), _get(p, "pk")),
    "price_desc": lambda p: (-_get(p, "price_amount"), -_get(p, "pk")),
}


@dataclass(frozen=True)
class _Ask:
    """One page's question, whatever its segments: the query, who asks, and the narrowing
    that no prepared shape holds."""

    query: ProductQuery
    viewer_id: int | None
    drafts: bool
    details: Details
    narrow: Q | None

    @property
    def shop_id(self) -> int | None:
        return self.query.shop.pk if self.query.shop is not None else None


# From this many products, a listing's trending segment is read down the heat index (SQLite):
# below it, reading the shop's or category's products by their own index and sorting them
# costs less than walking every trending product of the site for the few of theirs (a shop of
# ten products: 0.8 ms saved; a shop of 10,000: 3 ms lost the other way).
STEER_FROM = 1000


def _large(categories: list[int] | None, shop_id: int | None) -> bool:
    """Whether the listing (a shop's, some categories', both or the whole catalogue's) holds
    at least STEER_FROM active products, by the cached counts."""
    return catalog_index().size(category_ids=categories, shop_id=shop_id) >= STEER_FROM


def _read(
    ask: _Ask,
    order: str,
    *,
    products: str,
    keys: tuple[int, ...] | None,
    size: int,
    categories: list[int] | None,
) -> list[Row]:
    """`size` rows of one segment after the keys in `order`. A prepared read where its shape
    allows; with several categories outside the trending segment, each one's index is read on
    its own (at most `size` rows each) and the rows merged in one query."""
    segment = Segment(
        order=order,
        products=products,
        details=ask.details,
        drafts=ask.drafts and ask.query.shop is not None,
        # SQLite has no statistics and would read the shop's or category's index, then sort;
        # comparing through an expression steers it down the heat index. PostgreSQL plans
        # from its statistics, and the expression would only spoil its estimates.
        steer=products == "trending"
        and connection.vendor == "sqlite"
        and _large(categories, ask.shop_id),
        in_stock=ask.query.in_stock,
        size=size,
    )
    one_query = products == "trending" or categories is None or len(categories) == 1
    ids = {"shop_id": ask.shop_id, "viewer_id": ask.viewer_id}
    listed = list(keys) if keys is not None else None
    if ask.narrow is None and ask.details != "full":  # a prepared read
        if one_query:
            return list(segment_rows(segment, **ids, category_ids=categories, keys=keys))
        assert categories is not None
        rows: list[Row] = list(merged_rows(segment, **ids, category_ids=categories, keys=keys))
    elif one_query:
        qs = segment_queryset(
            segment, **ids, category_ids=categories, keys=listed, narrow=ask.narrow
        )
        return list(qs)
    else:
        assert categories is not None
        rows = list(
            merged_queryset(segment, **ids, category_ids=categories, keys=listed, narrow=ask.narrow)
        )
    rows.sort(key=_SORT_KEY[order])
    return rows[:size]


def _without_heat(rows: list[Row]) -> list[Row]:
    for row in rows:
        if isinstance(row, dict):
            row["_heat"] = NO_HEAT
        else:
            row._heat = NO_HEAT  # type: ignore[attr-defined]
    return rows


def _popular(ask: _Ask, *, keys: tuple[int, ...] | None, size: int) -> list[Row]:
    """Trending products by heat, then the others newest first: two keyset segments, each
    read down an index in order (the trend table's heat index, then the products' id), one
    query, or two where the page passes from the first segment to the second."""
    categories = _categories(ask.query)
    rows: list[Row] = []
    if keys is None or keys[0] > NO_HEAT:
        rows = _read(
            ask, "trending", products="trending", keys=keys, size=size, categories=categories
        )
        keys = None
    if len(rows) < size:
        more = _read(
            ask, "newest", products="rest", keys=keys, size=size - len(rows), categories=categories
        )
        rows += _without_heat(more)
    return rows


def _keys(sort: str, row: Row) -> tuple[int, ...]:
    if sort == "popular":
        return (_get(row, "_heat"), _get(row, "pk"))
    if sort in {"price_asc", "price_desc"}:
        return (_get(row, "price_amount"), _get(row, "pk"))
    return (_get(row, "pk"),)


def _cards(rows: list[dict[str, Any]]) -> list[ProductCard]:
    """The page's cards: its rows with their covers (one query)."""
    covers = product_covers(row["pk"] for row in rows)
    return [
        ProductCard(
            pk=row["pk"],
            title=row["title"],
            slug=row["slug"],
            status=row["status"],
            price_amount=row["price_amount"],
            currency=row["currency"],
            shop_handle=row["shop__handle"],
            shop_name=row["shop__name"],
            cover=covers.get(row["pk"]),
            popular=bool(row["_popular"]),
            rating_count=row["rating_count"],
            rating_sum=row["rating_sum"],
        )
        for row in rows
    ]


def _json(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The API's products (ProductOut's shape), built from the rows and their details read as
    plain values (three queries); categories with their parents from the cached tree."""
    details = product_detail_rows(row["pk"] for row in rows)
    categories = catalog_index().categories
    urls = ProductUrls()
    return [
        product_out_of(
            row,
            category=categories.get(row["category_id"]) if row["category_id"] else None,
            variants=details.variants.get(row["pk"], []),
            personalization_fields=details.personalization_fields.get(row["pk"], []),
            media=details.media.get(row["pk"], []),
            urls=urls,
        )
        for row in rows
    ]


def products_page(
    query: ProductQuery,
    *,
    cursor: str | None,
    limit: int | str | None,
    viewer: AnyUser | None = None,
    drafts: bool = False,
    details: Details = "full",
    within: Q | None = None,
) -> Page:
    """One page of the query's products in its sort (`drafts`: the query's shop as its
    managers see it, every status). The cursor's kind names the sort, so a cursor from another
    sort (or a tampered one) starts the list over. `within` narrows the products further
    (search passes the products whose words match).

    The items are, by `details`: "full", Product instances with every detail prefetched
    (variants, personalization fields, media; three queries); "card", `ProductCard`s with
    their covers and "Popular on Agora" labels (one query for the covers); "json", the API's
    product objects as dicts, built without model instances (three queries). Plus the page
    itself: one query, two where "popular" passes from trending products to the others,
    whatever the depth."""
    size = clamp_limit(limit)
    kind = _KIND[query.sort]
    keys = decode_keys(cursor, kind=kind, size=1 if query.sort == "newest" else 2)
    ask = _Ask(
        query=query,
        viewer_id=_viewer_id(viewer),
        drafts=drafts,
        details=details,
        narrow=_narrow(query, within),
    )
    if query.sort == "popular":
        rows = _popular(ask, keys=keys, size=size + 1)
    else:
        rows = _read(
            ask,
            query.sort,
            products="all",
            keys=keys,
            size=size + 1,
            categories=_categories(query),
        )
    more = len(rows) > size
    rows = rows[:size]
    next_cursor = encode_cursor(*_keys(query.sort, rows[-1]), kind=kind) if more and rows else None
    if details == "card":
        return Page(items=_cards(rows), next_cursor=next_cursor)  # type: ignore[arg-type]
    if details == "json":
        return Page(items=_json(rows), next_cursor=next_cursor)  # type: ignore[arg-type]
    products = cast("list[Product]", rows)
    # Prefetched once for the page, even when its rows come from two queries.
    prefetch_related_objects(products, *_PREFETCHES)
    index = catalog_index()  # categories with their parents, from the cached tree
    for product in products:
        if product.category_id in index.categories:
            product.category = index.categories[product.category_id]
    return Page(items=products, next_cursor=next_cursor)
