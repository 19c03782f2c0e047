"""Browsing products: the filters and sorts shared by category pages, shop pages and product
search (price range, in stock, category with its subcategories, shop), read from a query string
into a `ProductQuery` with errors keyed by field, and paged by keyset on the sort's own keys so
a deep page costs what the first does."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from agora.catalog.models import Category, Product, Variant
from agora.catalog.selectors import product_list
from agora.core.money import SUPPORTED_CURRENCIES, minor_digits
from agora.core.pagination import Page, clamp_limit, decode_keys, encode_cursor
from agora.discovery.models import NO_HEAT
from agora.shops.models import Shop

if TYPE_CHECKING:
    from agora.core.types import AnyUser

SORTS = ("popular", "newest", "price_asc", "price_desc")
DEFAULT_SORT = "popular"
MAX_PRICE = Decimal("1000000000")  # major units: far above any price, far below BIGINT


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


def _price(raw: str | None, name: str, errors: dict[str, str]) -> Decimal | None:
    if raw is None or str(raw).strip() == "":
        return None
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        errors[name] = str(_("Enter a number."))
        return None
    if not value.is_finite() or value < 0 or value > MAX_PRICE:
        errors[name] = str(_("Enter an amount between 0 and 1,000,000,000."))
        return None
    return value


def product_query_from(
    params: Mapping[str, str], *, shop: Shop | None = None, category: Category | None = None
) -> Parsed:
    """The filters in a query string (`shop`, `category`, `min_price`, `max_price`,
    `in_stock`, `sort`), with one message per invalid field. A page that is itself a shop or a
    category passes it, and the parameter of the same name is ignored."""
    from agora.shops.selectors import shop_by_handle  # noqa: PLC0415 (keep the module light)

    errors: dict[str, str] = {}
    if shop is None and params.get("shop"):
        shop = shop_by_handle(str(params["shop"]).lstrip("@")[:64])
        if shop is None:
            errors["shop"] = str(_("No such shop."))
    if category is None and params.get("category"):
        category = Category.objects.filter(slug=str(params["category"])[:120]).first()
        if category is None:
            errors["category"] = str(_("No such category."))
    min_price = _price(params.get("min_price"), "min_price", errors)
    max_price = _price(params.get("max_price"), "max_price", errors)
    if min_price is not None and max_price is not None and min_price > max_price:
        errors["max_price"] = str(_("The highest price is below the lowest."))
    in_stock = str(params.get("in_stock", "")).lower() in {"1", "true", "on", "yes"}
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


def category_and_descendants(category: Category) -> list[int]:
    """The ids of a category and every category below it (the tree is small: one query)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent in Category.objects.values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    out, todo, seen = [], [category.pk], set()
    while todo:
        pk = todo.pop()
        if pk in seen:
            continue
        seen.add(pk)
        out.append(pk)
        todo.extend(children.get(pk, []))
    return out


def _price_condition(low: Decimal | None, high: Decimal | None) -> Q:
    """Each currency's amounts in its own minor units."""
    condition = Q()
    for currency in sorted(SUPPORTED_CURRENCIES):
        scale = Decimal(10) ** minor_digits(currency)
        part = Q(currency=currency)
        if low is not None:
            part &= Q(price_amount__gte=int((low * scale).to_integral_value()))
        if high is not None:
            part &= Q(price_amount__lte=int((high * scale).to_integral_value()))
        condition |= part
    return condition


def filtered_products(query: ProductQuery, *, viewer: AnyUser | None = None) -> QuerySet[Product]:
    """The products the query selects (visible to the viewer), with their card details."""
    qs = product_list(viewer=viewer, shop=query.shop, status=Product.Status.ACTIVE)
    if query.category is not None:
        qs = qs.filter(category_id__in=category_and_descendants(query.category))
    if query.min_price is not None or query.max_price is not None:
        qs = qs.filter(_price_condition(query.min_price, query.max_price))
    if query.in_stock:
        qs = qs.filter(
            Exists(Variant.objects.filter(product=OuterRef("pk"), stock__gt=F("reserved")))
        )
    return qs


# Keyset per sort: (cursor kind, ordering, the row's keys, the "after" condition).
_HEAT = Coalesce(F("trend__heat"), Value(NO_HEAT))


def _after(sort: str, keys: tuple[int, ...]) -> Q:
    if sort == "popular":
        heat, pk = keys
        return Q(_heat__lt=heat) | Q(_heat=heat, pk__lt=pk)
    if sort == "price_asc":
        price, pk = keys
        return Q(price_amount__gt=price) | Q(price_amount=price, pk__gt=pk)
    if sort == "price_desc":
        price, pk = keys
        return Q(price_amount__lt=price) | Q(price_amount=price, pk__lt=pk)
    return Q(pk__lt=keys[0])


_ORDER = {
    "popular": ("-_heat", "-pk"),
    "newest": ("-pk",),
    "price_asc": ("price_amount", "pk"),
    "price_desc": ("-price_amount", "-pk"),
}


def _keys(sort: str, product: Product) -> tuple[int, ...]:
    if sort == "popular":
        return (product._heat, product.pk)  # type: ignore[attr-defined]
    if sort in {"price_asc", "price_desc"}:
        return (product.price_amount, product.pk)
    return (product.pk,)


def products_page(
    query: ProductQuery,
    *,
    cursor: str | None,
    limit: int | str | None,
    viewer: AnyUser | None = None,
    within: Q | None = None,
) -> Page:
    """One page of the query's products in its sort. The cursor's kind names the sort, so a
    cursor from another sort starts the list over. Queries: the page and its card prefetches
    (variants, personalization fields, media), whatever the depth. `within` narrows the
    products further (search passes the products whose words match)."""
    size = clamp_limit(limit)
    kind = {"popular": "bp1", "newest": "bn1", "price_asc": "ba1", "price_desc": "bd1"}[query.sort]
    qs = filtered_products(query, viewer=viewer)
    if within is not None:
        qs = qs.filter(within)
    if query.sort == "popular":
        qs = qs.annotate(_heat=_HEAT)
    qs = qs.order_by(*_ORDER[query.sort])
    width = 1 if query.sort == "newest" else 2
    after = decode_keys(cursor, kind=kind, size=width)
    if after is not None:
        qs = qs.filter(_after(query.sort, after))
    rows = list(qs[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    next_cursor = encode_cursor(*_keys(query.sort, rows[-1]), kind=kind) if more and rows else None
    return Page(items=rows, next_cursor=next_cursor)
