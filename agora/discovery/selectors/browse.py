"""Browsing products: the filters and sorts shared by category pages, shop pages and product
search (price range, in stock, category with its subcategories, shop), read from a query string
into a `ProductQuery` with errors keyed by field, and paged by keyset on the sort's own keys so
a deep page costs what the first does.

Query budget of one page (`products_page`), whatever its depth: the page of products (two for
the first page of "popular" that runs out of trending products: the trending ones, then the
rest), then the cards' covers (one query; the shop is joined and the "Popular on Agora" label
read beside each row) or the API's details (variants, personalization fields, media). Listing
pages and the category API read plain `values()` rows, no model instances: building those was
most of a page's time. Each query is a bounded index scan: the catalog's indexes
(shop or category, status, then id or price) serve "newest" and the price sorts; "popular"
reads the trending products down the trend table's heat index and the others like "newest".

The category tree and its counts (`catalog_index`) are read in three queries and kept in the
cache for a minute (a product change in this process drops them at once).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, Literal, cast

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    prefetch_related_objects,
)
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _

from agora.catalog.cards import ProductCard
from agora.catalog.models import Category, Product, Variant
from agora.catalog.schemas import PRODUCT_ROW_FIELDS, product_out_of
from agora.catalog.selectors import (
    media_in_product_order,
    product_covers,
    product_detail_rows,
    visible_products,
)
from agora.core.money import SUPPORTED_CURRENCIES, minor_digits
from agora.core.pagination import Page, clamp_limit, decode_keys, encode_cursor
from agora.discovery.models import NO_HEAT, ProductTrend
from agora.shops.models import Shop

if TYPE_CHECKING:
    from agora.core.types import AnyUser

SORTS = ("popular", "newest", "price_asc", "price_desc")
DEFAULT_SORT = "popular"
MAX_PRICE = Decimal("1000000000")  # major units: far above any price, far below BIGINT
MAX_PRICE_LENGTH = 40
INDEX_CACHE_KEY = "discovery:browse:index:v1"
INDEX_SECONDS = 60

Details = Literal["card", "full", "json"]


@dataclass(frozen=True)
class ProductQuery:
    """What a shopper asked for. Prices are in major units ("20" is 20.00 in a shop's
    currency; 2,000 cents or 20 yen), compared in each product's own currency."""

    shop: Shop | None = None
    category: Category | None = None
    min_price: Decimal | None = None
    max_price: Decimal | None = None
    in_stock: bool = False
    sort: str = DEFAULT_SORT

    def params(self) -> dict[str, str]:
        """The query string that asks for this again (for links that keep the filters)."""
        out: dict[str, str] = {}
        if self.shop is not None:
            out["shop"] = self.shop.handle
        if self.category is not None:
            out["category"] = self.category.slug
        if self.min_price is not None:
            out["min_price"] = str(self.min_price)
        if self.max_price is not None:
            out["max_price"] = str(self.max_price)
        if self.in_stock:
            out["in_stock"] = "true"
        if self.sort != DEFAULT_SORT:
            out["sort"] = self.sort
        return out


@dataclass
class Parsed:
    query: ProductQuery
    errors: dict[str, str] = field(default_factory=dict)


def _price(raw: object, name: str, errors: dict[str, str]) -> Decimal | None:
    text = "" if raw is None else str(raw).strip()
    if text == "":
        return None
    if len(text) > MAX_PRICE_LENGTH or "\x00" in text:
        errors[name] = str(_("Enter a number."))
        return None
    try:
        value = Decimal(text.replace(",", "."))
    except (InvalidOperation, ValueError):
        errors[name] = str(_("Enter a number."))
        return None
    if not value.is_finite() or value < 0 or value > MAX_PRICE:
        errors[name] = str(_("Enter an amount between 0 and 1,000,000,000."))
        return None
    return value.to_integral_value() if value == value.to_integral_value() else value


IN_STOCK_TRUE = {"1", "true", "on", "yes"}
IN_STOCK_FALSE = {"", "0", "false", "off", "no"}


def product_query_from(
    params: Mapping[str, str], *, shop: Shop | None = None, category: Category | None = None
) -> Parsed:
    """The filters in a query string (`shop`, `category`, `min_price`, `max_price`,
    `in_stock`, `sort`), with one message per invalid field. A page that is itself a shop or a
    category passes it, and the parameter of the same name is ignored. A category is found in
    the cached tree (no query once it is cached); a shop filter costs one query."""
    from agora.shops.selectors import shop_by_handle  # noqa: PLC0415 (keep the module light)

    errors: dict[str, str] = {}
    if shop is None and params.get("shop"):
        raw_shop = str(params["shop"]).lstrip("@")[:64].replace("\x00", "")
        shop = shop_by_handle(raw_shop) if raw_shop else None
        if shop is None:
            errors["shop"] = str(_("No such shop."))
    if category is None and params.get("category"):
        category = category_by_slug(str(params["category"])[:120])
        if category is None:
            errors["category"] = str(_("No such category."))
    min_price = _price(params.get("min_price"), "min_price", errors)
    max_price = _price(params.get("max_price"), "max_price", errors)
    if min_price is not None and max_price is not None and min_price > max_price:
        errors["max_price"] = str(_("The highest price is below the lowest."))
    raw_stock = str(params.get("in_stock") or "").strip().lower()
    in_stock = raw_stock in IN_STOCK_TRUE
    if raw_stock not in IN_STOCK_TRUE | IN_STOCK_FALSE:
        errors["in_stock"] = str(_("Answer true or false."))
    sort = str(params.get("sort") or DEFAULT_SORT)
    if sort not in SORTS:
        errors["sort"] = str(_("Choose one of: %(sorts)s.") % {"sorts": ", ".join(SORTS)})
        sort = DEFAULT_SORT
    query = ProductQuery(
        shop=shop,
        category=category,
        min_price=min_price,
        max_price=max_price,
        in_stock=in_stock,
        sort=sort,
    )
    return Parsed(query=query, errors=errors)


# --- the category tree and its counts, cached ------------------------------------------------
@dataclass
class CatalogIndex:
    """Every category (by id, with its children by name) and how many products each holds,
    per shop: active products of active shops, counted in their own category only."""

    categories: dict[int, Category]
    children: dict[int | None, list[int]]
    counts: dict[int, dict[int, int]]  # category id -> {shop id: products}
    shops: dict[int, tuple[str, str]]  # shop id -> (handle, name), shops with products

    def descendants(self, category_id: int) -> list[int]:
        """The category and every category below it (guarded against a cycle)."""
        out, todo, seen = [], [category_id], set()
        while todo:
            pk = todo.pop()
            if pk in seen:
                continue
            seen.add(pk)
            out.append(pk)
            todo.extend(self.children.get(pk, []))
        return out

    def count(self, category_id: int, *, shop_id: int | None = None) -> int:
        """Products in the category and below it (of one shop, if given)."""
        total = 0
        for pk in self.descendants(category_id):
            per_shop = self.counts.get(pk, {})
            total += per_shop.get(shop_id, 0) if shop_id is not None else sum(per_shop.values())
        return total

    def ancestors(self, category: Category) -> list[Category]:
        """The categories above this one, the root first."""
        out: list[Category] = []
        seen = {category.pk}
        parent = category.parent_id
        while parent is not None and parent not in seen and parent in self.categories:
            seen.add(parent)
            node = self.categories[parent]
            out.append(node)
            parent = node.parent_id
        return out[::-1]


def _build_index() -> CatalogIndex:
    categories = {c.pk: c for c in Category.objects.order_by("name", "pk")}
    for category in categories.values():  # linked, so a path reads no more rows
        if category.parent_id in categories:
            category.parent = categories[category.parent_id]
    children: dict[int | None, list[int]] = {}
    for category in categories.values():  # by name: each parent's children come out sorted
        children.setdefault(category.parent_id, []).append(category.pk)
    inactive = Shop.objects.filter(is_active=False).values("pk")
    rows = (
        Product.objects.filter(status=Product.Status.ACTIVE, category__isnull=False)
        .exclude(shop_id__in=inactive)
        .values_list("category_id", "shop_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: dict[int, dict[int, int]] = {}
    for category_id, shop_id, n in rows:
        counts.setdefault(category_id, {})[shop_id] = n
    shop_ids = {s for per_shop in counts.values() for s in per_shop}
    shops = {
        pk: (handle, name)
        for pk, handle, name in Shop.objects.filter(pk__in=shop_ids).values_list(
            "pk", "handle", "name"
        )
    }
    return CatalogIndex(categories=categories, children=children, counts=counts, shops=shops)


def catalog_index() -> CatalogIndex:
    """The category tree with its counts: three queries, then cached for a minute."""
    index: CatalogIndex | None = cache.get(INDEX_CACHE_KEY)
    if index is None:
        index = _build_index()
        cache.set(INDEX_CACHE_KEY, index, INDEX_SECONDS)
    return index


def catalog_index_forget() -> None:
    """Drops the cached tree and counts once the current transaction commits (a product was
    written). Other processes see the change when their copy expires (a minute at most)."""
    transaction.on_commit(lambda: cache.delete(INDEX_CACHE_KEY))


def category_by_slug(slug: str) -> Category | None:
    """The category with this slug, from the cached tree, or None."""
    slug = slug.replace("\x00", "")[:120]
    return next((c for c in catalog_index().categories.values() if c.slug == slug), None)


def category_and_descendants(category: Category) -> list[int]:
    """The ids of a category and every category below it (from the cached tree)."""
    return catalog_index().descendants(category.pk)


@dataclass
class CategoryNode:
    """A category in the tree with its product count (its subcategories included)."""

    category: Category
    depth: int
    product_count: int
    children: list[CategoryNode] = field(default_factory=list)

    @property
    def indent(self) -> str:
        """Dashes that show the depth in a flat list (a select's options)."""
        return "– " * self.depth


def category_tree(
    *, root: Category | None = None, shop: Shop | None = None, non_empty: bool = False
) -> list[CategoryNode]:
    """The categories below `root` (every top-level one by default), each with its children,
    by name, and its product count (of one shop, if given). `non_empty` leaves out the
    categories without products. From the cached index."""
    index = catalog_index()
    shop_id = shop.pk if shop is not None else None

    def nodes(parent: int | None, depth: int, seen: frozenset[int]) -> list[CategoryNode]:
        out = []
        for pk in index.children.get(parent, []):
            if pk in seen:
                continue
            count = index.count(pk, shop_id=shop_id)
            if non_empty and count == 0:
                continue
            node = CategoryNode(index.categories[pk], depth, count)
            node.children = nodes(pk, depth + 1, seen | {pk})
            out.append(node)
        return out

    return nodes(root.pk if root is not None else None, 0, frozenset())


def flatten(tree: list[CategoryNode]) -> list[CategoryNode]:
    """The tree's nodes depth first (a parent, then its children)."""
    out: list[CategoryNode] = []
    for node in tree:
        out.append(node)
        out.extend(flatten(node.children))
    return out


def category_shops(category: Category) -> list[tuple[str, str]]:
    """(handle, name) of the shops with products in the category or below it, by name."""
    index = catalog_index()
    ids = {s for pk in index.descendants(category.pk) for s in index.counts.get(pk, {})}
    return sorted((index.shops[s] for s in ids if s in index.shops), key=lambda s: s[1].lower())


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


def _where(
    query: ProductQuery,
    *,
    viewer: AnyUser | None,
    drafts: bool,
    by_index: bool = True,
    within: Q | None = None,
) -> QuerySet[Product]:
    """The products the query selects, but for the category (applied per category by the
    pager). Without `by_index`, the shop is compared through an expression no index serves, so
    the database reads another table's index in order (trending products by heat)."""
    if drafts and query.shop is not None:
        qs = visible_products(viewer)  # its managers see every status
    else:
        qs = visible_products(None).filter(status=Product.Status.ACTIVE)
    if within is not None:
        qs = qs.filter(within)
    if query.shop is not None:
        if by_index:
            qs = qs.filter(shop=query.shop)
        else:
            qs = qs.alias(_shop=F("shop_id") + 0).filter(_shop=query.shop.pk)
    if query.min_price is not None or query.max_price is not None:
        currencies = (
            [query.shop.currency] if query.shop is not None else sorted(SUPPORTED_CURRENCIES)
        )
        qs = qs.filter(_price_condition(query.min_price, query.max_price, currencies))
    if query.in_stock:
        qs = qs.filter(
            Exists(Variant.objects.filter(product=OuterRef("pk"), stock__gt=F("reserved")))
        )
    return qs


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
    qs = _where(query, viewer=viewer, drafts=drafts)
    if query.category is not None:
        qs = qs.filter(category_id__in=category_and_descendants(query.category))
    return qs.select_related("shop", "category", "category__parent").prefetch_related(*_PREFETCHES)


_PREFETCHES = (
    Prefetch("variants", queryset=Variant.objects.order_by("position", "id")),
    "personalization_fields",
    Prefetch("media", queryset=media_in_product_order()),
)
# What each kind of page reads of a product row when no instance is built.
_ROW_FIELDS: dict[str, tuple[str, ...]] = {
    "card": (
        "pk",
        "title",
        "slug",
        "status",
        "price_amount",
        "currency",
        "shop__handle",
        "shop__name",
    ),
    "json": PRODUCT_ROW_FIELDS,
}
# "Popular on Agora", read beside each card's row (a lookup on the trend table's key per row;
# the plan of the page's scan stays the same).
_POPULAR = Exists(ProductTrend.objects.filter(product_id=OuterRef("pk"), popular=True))


# --- one page, by keyset per sort -------------------------------------------------------------
_KIND = {"popular": "bp1", "newest": "bn1", "price_asc": "ba1", "price_desc": "bd1"}
_ORDER = {
    # The trend table's own columns, in its heat index's order (-heat, -product).
    "trending": ("-trend__heat", "-trend__product"),
    "newest": ("-pk",),
    "price_asc": ("price_amount", "pk"),
    "price_desc": ("-price_amount", "-pk"),
}


Row = Product | dict[str, Any]  # an instance ("full") or a `values()` row ("card", "json")


def _get(row: Row, name: str) -> Any:
    return row[name] if isinstance(row, dict) else getattr(row, name)


_SORT_KEY: dict[str, Callable[[Row], Any]] = {
    "newest": lambda p: -_get(p, "pk"),
    "price_asc": lambda p: (_get(p, "price_amount"), _get(p, "pk")),
    "price_desc": lambda p: (-_get(p, "price_amount"), -_get(p, "pk")),
}


def _after(order: str, keys: tuple[int, ...] | None) -> Q:
    if keys is None:
        return Q()
    if order == "trending":
        heat, pk = keys
        # The first bound on its own lets the database start its index scan there.
        return Q(trend__heat__lte=heat) & (
            Q(trend__heat__lt=heat) | Q(trend__heat=heat, trend__product__lt=pk)
        )
    if order == "newest":
        return Q(pk__lt=keys[-1])
    price, pk = keys
    if order == "price_asc":
        return Q(price_amount__gte=price) & (
            Q(price_amount__gt=price) | Q(price_amount=price, pk__gt=pk)
        )
    return Q(price_amount__lte=price) & (
        Q(price_amount__lt=price) | Q(price_amount=price, pk__lt=pk)
    )


def _fetch(qs: QuerySet[Product], details: Details, *, heat: bool) -> QuerySet[Any]:
    """The rows of `qs` as the page needs them: instances with their shop ("full"), or plain
    `values()` rows (the card's fields and its "Popular on Agora" label; the API's fields)."""
    if details == "full":
        return qs.select_related("shop")
    extra = ("_heat",) if heat else ()
    if details == "card":
        return qs.annotate(_popular=_POPULAR).values(*_ROW_FIELDS["card"], "_popular", *extra)
    return qs.values(*_ROW_FIELDS[details], *extra)


def _read(
    qs: QuerySet[Product],
    order: str,
    *,
    after: tuple[int, ...] | None,
    size: int,
    categories: list[int] | None,
    details: Details,
) -> list[Row]:
    """`size` rows of `qs` after the keys in `order`. With several categories, each one's
    index is read on its own (at most `size` rows each) and the rows merged in one query."""
    qs = qs.filter(_after(order, after))
    if order == "trending":
        qs = qs.annotate(_heat=F("trend__heat"))
    ordering = _ORDER[order]
    if categories is None or len(categories) == 1:
        if categories:
            qs = qs.filter(category_id=categories[0])
        page = _fetch(qs.order_by(*ordering), details, heat=order == "trending")
        return list(page[:size])
    parts, params = [], []
    for n, category_id in enumerate(categories):
        part = qs.filter(category_id=category_id).order_by(*ordering).values("pk")[:size]
        sql, part_params = part.query.get_compiler(using=part.db).as_sql()
        # The ORM's own SQL, its values kept apart as parameters: nothing is spliced in.
        parts.append(f"SELECT * FROM ({sql}) AS part{n}")  # noqa: S608
        params.extend(part_params)
    merged = Product.objects.filter(pk__in=RawSQL(" UNION ALL ".join(parts), params))  # noqa: S611
    # At most `size` rows per category: sorted here, so the database only looks them up
    # (ordered and limited there, PostgreSQL may walk the whole id index instead).
    rows: list[Row] = list(_fetch(merged.order_by(), details, heat=False))
    rows.sort(key=_SORT_KEY[order])
    return rows[:size]


def _without_heat(rows: list[Row]) -> list[Row]:
    for row in rows:
        if isinstance(row, dict):
            row["_heat"] = NO_HEAT
        else:
            row._heat = NO_HEAT  # type: ignore[attr-defined]
    return rows


def _popular(
    query: ProductQuery,
    *,
    viewer: AnyUser | None,
    drafts: bool,
    after: tuple[int, ...] | None,
    size: int,
    details: Details,
    within: Q | None = None,
) -> list[Row]:
    """Trending products by heat, then the others newest first: two keyset segments, each
    read down an index in order (the trend table's heat index, then the products' id), one
    query, or two where the page passes from the first segment to the second."""
    categories = _categories(query)
    rows: list[Row] = []
    if after is None or after[0] > NO_HEAT:
        # SQLite has no statistics and would read the shop's or category's index, then sort;
        # comparing through an expression steers it down the heat index. PostgreSQL plans
        # from its statistics, and the expression would only spoil its estimates.
        steer = connection.vendor == "sqlite"
        trending = _where(
            query, viewer=viewer, drafts=drafts, by_index=not steer, within=within
        ).filter(trend__heat__gt=NO_HEAT)
        if categories is not None and not steer:
            trending = trending.filter(category_id__in=categories)
        elif categories is not None:
            trending = trending.alias(_category=F("category_id") + 0).filter(
                _category__in=categories
            )
        rows = _read(trending, "trending", after=after, size=size, categories=None, details=details)
        after = None
    if len(rows) < size:
        rest = _where(query, viewer=viewer, drafts=drafts, within=within).filter(
            ~Exists(ProductTrend.objects.filter(product=OuterRef("pk"), heat__gt=NO_HEAT))
        )
        more = _read(
            rest,
            "newest",
            after=after,
            size=size - len(rows),
            categories=categories,
            details=details,
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
        )
        for row in rows
    ]


def _json(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The API's products (ProductOut's shape), built from the rows and their details read as
    plain values (three queries); categories with their parents from the cached tree."""
    details = product_detail_rows(row["pk"] for row in rows)
    categories = catalog_index().categories
    return [
        product_out_of(
            row,
            category=categories.get(row["category_id"]) if row["category_id"] else None,
            variants=details.variants.get(row["pk"], []),
            personalization_fields=details.personalization_fields.get(row["pk"], []),
            media=details.media.get(row["pk"], []),
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
    after = decode_keys(cursor, kind=kind, size=1 if query.sort == "newest" else 2)
    if query.sort == "popular":
        rows = _popular(
            query,
            viewer=viewer,
            drafts=drafts,
            after=after,
            size=size + 1,
            details=details,
            within=within,
        )
    else:
        qs = _where(query, viewer=viewer, drafts=drafts, within=within)
        rows = _read(
            qs,
            query.sort,
            after=after,
            size=size + 1,
            categories=_categories(query),
            details=details,
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
