from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from pydantic import Field, ValidationError

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
    created_at: datetime
    updated_at: datetime


def category_out(category: Category | None) -> dict[str, Any] | None:
    if category is None:
        return None
    return {
        "id": category.pk,
        "name": category.name,
        "slug": category.slug,
        "path": category.path,
        "parent_id": category.parent_id,
    }


def product_out(product: Product) -> dict[str, Any]:
    """One shape for a product wherever it appears. Expects selectors' prefetches."""
    variants = list(product.variants.all())
    currency = product.currency
    return {
        "id": product.pk,
        "url": absolute_url(product.get_absolute_url()),
        "shop": {
            "handle": product.shop.handle,
            "name": product.shop.name,
            "url": absolute_url(product.shop.get_absolute_url()),
        },
        "title": product.title,
        "slug": product.slug,
        "description": product.description,
        "brand": product.brand,
        "category": category_out(product.category),
        "condition": product.condition,
        "status": product.status,
        "price": {"amount": product.price_amount, "currency": currency},
        "options": product.options,
        "variants": [
            {
                "id": v.pk,
                "sku": v.sku,
                "options": v.options,
                "price": {
                    "amount": v.price_amount
                    if v.price_amount is not None
                    else product.price_amount,
                    "currency": currency,
                },
                "stock": v.stock,
                "reserved": v.reserved,
                "available": max(0, v.stock - v.reserved),
            }
            for v in variants
        ],
        "personalization_fields": [
            {
                "id": f.pk,
                "name": f.name,
                "max_length": f.max_length,
                "allowed_characters": f.allowed_characters,
                "surcharge": {"amount": f.surcharge_amount, "currency": currency},
            }
            for f in product.personalization_fields.all()
        ],
        "media": [media_out(m) for m in product.media.all()],
        "in_stock": any(v.stock - v.reserved > 0 for v in variants),
        "created_at": product.created_at,
        "updated_at": product.updated_at,
    }
