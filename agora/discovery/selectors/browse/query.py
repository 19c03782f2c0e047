"""What a shopper asks a listing for: the filters and sorts shared by category pages, shop
pages and product search (price range, in stock, category with its subcategories, shop), read
from a query string into a `ProductQuery` with one message per invalid field."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

from agora.catalog.models import Category
from agora.discovery.selectors.browse.tree import category_by_slug
from agora.shops.models import Shop

SORTS = ("popular", "newest", "price_asc", "price_desc")
DEFAULT_SORT = "popular"
MAX_PRICE = Decimal("1000000000")  # major units: far above any price, far below BIGINT
MAX_PRICE_LENGTH = 40


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
