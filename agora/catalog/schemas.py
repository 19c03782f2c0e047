from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from django.urls import reverse
from django.utils.http import RFC3986_SUBDELIMS
from pydantic import Field, ValidationError

from agora.catalog.models import RATING_FIELDS, rating_of
from agora.core.errors import InvalidInput
from agora.core.schemas import Amount, Count, Id, LongText, Schema
from agora.core.urls_util import absolute_url
from agora.media.schemas import MediaOut, media_out

if TYPE_CHECKING:
    from agora.catalog.models import Category, Product


class MoneySchema(Schema):
    amount: Amount = Field(strict=True)
    currency: str = Field(min_length=3, max_length=3)


class OptionIn(Schema):
    name: str
    values: list[str]


class VariantIn(Schema):
    id: Id | None = None
    sku: str
    options: dict[str, str] = {}
    stock: Count = Field(0, strict=True)
    price: MoneySchema | None = None


class PersonalizationFieldIn(Schema):
    name: str
    max_length: Count = Field(20, strict=True)
    allowed_characters: str = ""
    surcharge: MoneySchema | None = None


class ProductDraft(Schema):
    """A new product as the API, the dashboard editor and the demo give it: typed and bounded
    here once; `catalog.services.product_create` checks what needs the shop (currency, unique
    SKUs, declared options)."""

    title: str
    description: LongText = ""
    brand: str = ""
    category: Id | str | None = None
    condition: str = "new"
    status: str = "active"
    price: MoneySchema
    options: list[OptionIn] | None = None
    variants: list[VariantIn] = []
    personalization_fields: list[PersonalizationFieldIn] = []


class ProductChanges(Schema):
    """A partial update: only the fields given (`model_fields_set`) change; `variants` and
    `personalization_fields`, when given, replace the lists."""

    title: str | None = None
    description: LongText | None = None
    brand: str | None = None
    category: Id | str | None = None
    condition: str | None = None
    status: str | None = None
    price: MoneySchema | None = None
    options: list[OptionIn] | None = None
    variants: list[VariantIn] | None = None
    personalization_fields: list[PersonalizationFieldIn] | None = None


class VariantOut(Schema):
    id: int
    sku: str
    options: dict[str, str]
    price: MoneySchema
    stock: int
    reserved: int
    available: int


class PersonalizationFieldOut(Schema):
    id: int
    name: str
    max_length: int
    allowed_characters: str
    surcharge: MoneySchema


def _parsed[S: Schema](schema: type[S], data: dict[str, Any]) -> S:
    try:
        return schema.model_validate(data)
    except ValidationError as exc:
        fields: dict[str, list[str]] = {}
        for error in exc.errors():
            path = ".".join(str(part) for part in error["loc"]) or "__all__"
            fields.setdefault(path, []).append(error["msg"])
        first = next(iter(fields))
        raise InvalidInput(f"Invalid value for {first}.", fields=fields) from exc


def product_draft(data: dict[str, Any]) -> ProductDraft:
    """A ProductDraft from a plain dict (the editor's forms, the demo), or InvalidInput naming
    each field the way the API's 422 does."""
    return _parsed(ProductDraft, data)


def product_changes(data: dict[str, Any]) -> ProductChanges:
    """ProductChanges from a plain dict: the keys given are the fields that change."""
    return _parsed(ProductChanges, data)


class CategoryOut(Schema):
    id: int
    name: str
    slug: str
    path: str
    parent_id: int | None


class ShopRef(Schema):
    handle: str
    name: str
    url: str


class RatingOut(Schema):
    average: float | None
    count: int
    distribution: dict[str, int]


class ProductOut(Schema):
    id: int
    url: str
    shop: ShopRef
    title: str
    slug: str
    description: str
    brand: str
    category: CategoryOut | None
    condition: str
    status: str
    price: MoneySchema
    options: list[OptionIn]
    variants: list[VariantOut]
    personalization_fields: list[PersonalizationFieldOut]
    media: list[MediaOut]
    in_stock: bool
    rating: RatingOut
    created_at: datetime
    updated_at: datetime


def category_out(category: Category | None) -> dict[str, Any] | None:
    if category is None:
        return None
    return {
        "id": category.pk,
        "name": category.display_name,
        "slug": category.slug,
        "path": category.path,
        "parent_id": category.parent_id,
    }


# The plain values a product, its variants and its personalization fields are read as
# (`values()` names) when no model instance is built: `product_out_of` takes rows of these.
PRODUCT_ROW_FIELDS = (
    "pk",
    "title",
    "slug",
    "description",
    "brand",
    "category_id",
    "condition",
    "status",
    "price_amount",
    "currency",
    "options",
    "created_at",
    "updated_at",
    "shop__handle",
    "shop__name",
    *RATING_FIELDS,
)
VARIANT_ROW_FIELDS = ("id", "sku", "options", "price_amount", "stock", "reserved")
FIELD_ROW_FIELDS = ("id", "name", "max_length", "allowed_characters", "surcharge_amount")


def product_out(product: Product) -> dict[str, Any]:
    """One shape for a product wherever it appears. Expects selectors' prefetches."""
    row = {name: getattr(product, name) for name in PRODUCT_ROW_FIELDS if "__" not in name}
    row["shop__handle"], row["shop__name"] = product.shop.handle, product.shop.name
    return product_out_of(
        row,
        category=product.category,
        variants=[{n: getattr(v, n) for n in VARIANT_ROW_FIELDS} for v in product.variants.all()],
        personalization_fields=[
            {n: getattr(f, n) for n in FIELD_ROW_FIELDS}
            for f in product.personalization_fields.all()
        ],
        media=[media_out(m) for m in product.media.all()],
    )


class ProductUrls:
    """The absolute URLs of products and their shops, each shop's reversed once: a page of
    products shares a few shops, and reversing is a good part of building one."""

    _SLUG = "-"  # reversed in a slug's place, then replaced by the quoted slug

    def __init__(self) -> None:
        self._shops: dict[str, tuple[str, str]] = {}

    def _of(self, handle: str) -> tuple[str, str]:
        if handle not in self._shops:
            product = reverse("catalog:product", args=[handle, self._SLUG])
            self._shops[handle] = (
                absolute_url(reverse("shops:handle", args=[handle])),
                absolute_url(product.removesuffix(self._SLUG)),
            )
        return self._shops[handle]

    def shop(self, handle: str) -> str:
        return self._of(handle)[0]

    def product(self, handle: str, slug: str) -> str:
        # What `reverse` makes of the slug (a slug never holds "/").
        return self._of(handle)[1] + quote(slug, safe=RFC3986_SUBDELIMS + "/~:@")


def product_out_of(
    row: dict[str, Any],
    *,
    category: Category | None,
    variants: list[dict[str, Any]],
    personalization_fields: list[dict[str, Any]],
    media: list[dict[str, Any]],
    urls: ProductUrls | None = None,
) -> dict[str, Any]:
    """`product_out` of a product read as plain values (`PRODUCT_ROW_FIELDS`), its variants
    and personalization fields in their order (`VARIANT_ROW_FIELDS`, `FIELD_ROW_FIELDS`) and
    its media as `media_out` gives them: the same shape, built without model instances. A page
    of products passes one `urls` for all of them."""
    currency = row["currency"]
    price = row["price_amount"]
    handle = row["shop__handle"]
    urls = urls or ProductUrls()
    return {
        "id": row["pk"],
        "url": urls.product(handle, row["slug"]),
        "shop": {
            "handle": handle,
            "name": row["shop__name"],
            "url": urls.shop(handle),
        },
        "title": row["title"],
        "slug": row["slug"],
        "description": row["description"],
        "brand": row["brand"],
        "category": category_out(category),
        "condition": row["condition"],
        "status": row["status"],
        "price": {"amount": price, "currency": currency},
        "options": row["options"],
        "variants": [
            {
                "id": v["id"],
                "sku": v["sku"],
                "options": v["options"],
                "price": {
                    "amount": v["price_amount"] if v["price_amount"] is not None else price,
                    "currency": currency,
                },
                "stock": v["stock"],
                "reserved": v["reserved"],
                "available": max(0, v["stock"] - v["reserved"]),
            }
            for v in variants
        ],
        "personalization_fields": [
            {
                "id": f["id"],
                "name": f["name"],
                "max_length": f["max_length"],
                "allowed_characters": f["allowed_characters"],
                "surcharge": {"amount": f["surcharge_amount"], "currency": currency},
            }
            for f in personalization_fields
        ],
        "media": media,
        "in_stock": any(v["stock"] - v["reserved"] > 0 for v in variants),
        "rating": rating_of(
            row["rating_count"], row["rating_sum"], [row[f"rating_{n}"] for n in range(1, 6)]
        ),
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
    }
