"""The product list of the JSON API as plain rows: the same page as `selectors.product_list`
paged by `core.pagination.paginate` (the same products, newest first, the same cursor), read
with values() into small dataclasses instead of model instances.

Four queries per page, whatever its size: the products (with shop and category), their
variants, their personalization fields, their media (+1 per category level below the second,
only for products filed that deep).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet

from agora.catalog.models import (
    RATING_FIELDS,
    Category,
    PersonalizationField,
    Product,
    ProductMedia,
    Variant,
    category_name_in_language,
)
from agora.core.pagination import Page, clamp_limit, decode_cursor, encode_cursor
from agora.core.prepared import prepared
from agora.media.schemas import LINKED_MEDIA_FIELDS
from agora.shops.models import ShopMember

if TYPE_CHECKING:
    from agora.core.types import User


@dataclass(slots=True)
class VariantRow:
    id: int
    sku: str
    options: dict[str, str]
    price_amount: int | None
    stock: int
    reserved: int


@dataclass(slots=True)
class CategoryRow:
    id: int
    name: str
    slug: str
    path: str
    parent_id: int | None


@dataclass(slots=True)
class ProductRow:
    id: int
    shop_handle: str
    shop_name: str
    title: str
    slug: str
    description: str
    brand: str
    condition: str
    status: str
    price_amount: int
    currency: str
    options: list[dict[str, Any]]
    created_at: datetime
    updated_at: datetime
    rating_count: int
    rating_sum: int
    rating_1: int
    rating_2: int
    rating_3: int
    rating_4: int
    rating_5: int
    category: CategoryRow | None = None
    variants: list[VariantRow] = field(default_factory=list)
    # (id, name, max_length, allowed_characters, surcharge_amount)
    personalization_fields: list[tuple] = field(default_factory=list)
    media: list[tuple] = field(default_factory=list)  # LINKED_MEDIA_FIELDS in order


_PRODUCT = (
    "id",
    "shop__handle",
    "shop__name",
    "title",
    "slug",
    "description",
    "brand",
    "condition",
    "status",
    "price_amount",
    "currency",
    "options",
    "created_at",
    "updated_at",
    *RATING_FIELDS,  # ProductRow's fields in order: read positionally
)
_CATEGORY = (
    "category_id",
    "category__name",
    "category__name_fr",
    "category__name_de",
    "category__slug",
    "category__parent_id",
    "category__parent__name",
    "category__parent__name_fr",
    "category__parent__name_de",
    "category__parent__parent_id",
)


@prepared(viewer=int, shop=int, status=str, after=int)
def _product_rows(
    *,
    shape: tuple[int, bool, bool, bool, bool],
    viewer: int = 0,
    shop: int = 0,
    status: str = "",
    after: int = 0,
) -> QuerySet[Product, tuple[Any, ...]]:
    size, signed_in, by_shop, by_status, paged = shape
    # `selectors.visible_products`: active products of open shops, and all of the viewer's.
    condition = Q(status=Product.Status.ACTIVE)
    if signed_in:
        condition |= Q(shop_id__in=ShopMember.objects.filter(user_id=viewer).values("shop_id"))
    qs = Product.objects.filter(condition, shop__is_active=True)
    if by_shop:
        qs = qs.filter(shop_id=shop)
    if by_status:
        qs = qs.filter(status=status)
    if paged:
        qs = qs.filter(pk__lt=after)
    return qs.order_by("-pk").values_list(*_PRODUCT, *_CATEGORY)[:size]


@prepared(product_ids=list[int])
def _variant_rows(*, product_ids: list[int]) -> QuerySet[Any, tuple[Any, ...]]:
    return (
        Variant.objects.filter(product_id__in=product_ids)
        .order_by("position", "id")
        .values_list("product_id", "id", "sku", "options", "price_amount", "stock", "reserved")
    )


@prepared(product_ids=list[int])
def _field_rows(*, product_ids: list[int]) -> QuerySet[Any, tuple[Any, ...]]:
    return (
        PersonalizationField.objects.filter(product_id__in=product_ids)
        .order_by("position", "id")
        .values_list(
            "product_id", "id", "name", "max_length", "allowed_characters", "surcharge_amount"
        )
    )


@prepared(product_ids=list[int])
def linked_media_rows(*, product_ids: list[int]) -> QuerySet[Any, tuple[Any, ...]]:
    # `selectors.media_in_product_order`: the seller's order, then the asset's id.
    return (
        ProductMedia.objects.filter(product_id__in=product_ids)
        .order_by("position", "media_id")
        .values_list("product_id", *(f"media__{f}" for f in LINKED_MEDIA_FIELDS))
    )


def _categories(rows: list[tuple]) -> dict[int, CategoryRow]:
    """Each product's category with its path ("Apparel › Kids › Dresses"), as `Category.path`
    spells it: two levels come with the products, deeper ones cost a query per level."""
    names: dict[int, tuple[str, int | None]] = {}  # category id: (name, parent id)
    found: dict[int, CategoryRow] = {}
    for row in rows:
        category_id, name, name_fr, name_de, slug, parent_id = row[
            len(_PRODUCT) : len(_PRODUCT) + 6
        ]
        parent_name, parent_fr, parent_de, grandparent_id = row[len(_PRODUCT) + 6 :]
        if category_id is None:
            continue
        name = category_name_in_language(name, {"name_fr": name_fr, "name_de": name_de})
        names[category_id] = (name, parent_id)
        if parent_id is not None:
            names[parent_id] = (
                category_name_in_language(
                    parent_name, {"name_fr": parent_fr, "name_de": parent_de}
                ),
                grandparent_id,
            )
        found[category_id] = CategoryRow(category_id, name, slug, "", parent_id)
    missing = {p for _n, p in names.values() if p is not None and p not in names}
    while missing:
        for pk, name, name_fr, name_de, parent_id in Category.objects.filter(
            pk__in=missing
        ).values_list("pk", "name", "name_fr", "name_de", "parent_id"):
            names[pk] = (
                category_name_in_language(name, {"name_fr": name_fr, "name_de": name_de}),
                parent_id,
            )
        missing = {p for _n, p in names.values() if p is not None and p not in names}
    for category in found.values():
        path: list[str] = []
        seen: set[int] = set()
        node: int | None = category.id
        while node is not None and node not in seen and node in names:
            seen.add(node)
            name, node = names[node][0], names[node][1]
            path.append(name)
        category.path = " › ".join(reversed(path))
    return found


def product_rows(
    *,
    viewer: User | None = None,
    shop_id: int | None = None,
    status: str | None = None,
    cursor: str | None = None,
    limit: int | str | None = None,
) -> Page:
    """A page of the products the viewer may see (optionally of one shop and status), newest
    first, as `ProductRow`s with their variants, personalization fields and media."""
    size = clamp_limit(limit)
    after = decode_cursor(cursor)
    values: dict[str, Any] = {}
    if viewer is not None:
        values["viewer"] = viewer.pk
    if shop_id is not None:
        values["shop"] = shop_id
    if status:
        values["status"] = status
    if after is not None:
        values["after"] = after
    shape = (size + 1, viewer is not None, shop_id is not None, bool(status), after is not None)
    rows = _product_rows(shape=shape, **values)
    more = len(rows) > size
    rows = rows[:size]
    categories = _categories(rows)
    products: dict[int, ProductRow] = {}
    for row in rows:
        product = ProductRow(*row[: len(_PRODUCT)])
        product.category = categories.get(row[len(_PRODUCT)])
        products[product.id] = product
    if products:
        ids = list(products)
        for product_id, *variant in _variant_rows(product_ids=ids):
            products[product_id].variants.append(VariantRow(*variant))
        for product_id, *personalization in _field_rows(product_ids=ids):
            products[product_id].personalization_fields.append(tuple(personalization))
        for product_id, *media in linked_media_rows(product_ids=ids):
            products[product_id].media.append(tuple(media))
    items = list(products.values())
    return Page(items=items, next_cursor=encode_cursor(items[-1].id) if more and items else None)
