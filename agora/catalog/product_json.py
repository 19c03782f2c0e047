"""The product JSON (`schemas.ProductOut`) of the API's product list, built from rows
(`product_rows`) rather than model instances, each product's stock-independent part cached
(`core.json_cache`).

The cached part is everything `schemas.product_out` writes but stock: URLs, shop, texts,
category, price, options, variants (id, SKU, options, price), personalization fields, media and
dates. Its key is a digest of the rows it is built from, so any change shows at once. Set live
on top for each request: each variant's stock, reserved and available, and `in_stock`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.urls import reverse

from agora.catalog.models import rating_of
from agora.core.json_cache import cached_parts, digest
from agora.core.urls_util import absolute_url
from agora.media.schemas import media_out_row

if TYPE_CHECKING:
    from agora.catalog.product_rows import ProductRow

VERSION = "2"  # bump when the shape of the cached part changes


def _build(product: ProductRow) -> dict[str, Any]:
    currency = product.currency
    category = product.category
    return {
        "id": product.id,
        "url": absolute_url(reverse("catalog:product", args=[product.shop_handle, product.slug])),
        "shop": {
            "handle": product.shop_handle,
            "name": product.shop_name,
            "url": absolute_url(reverse("shops:handle", args=[product.shop_handle])),
        },
        "title": product.title,
        "slug": product.slug,
        "description": product.description,
        "brand": product.brand,
        "category": (
            {
                "id": category.id,
                "name": category.name,
                "slug": category.slug,
                "path": category.path,
                "parent_id": category.parent_id,
            }
            if category is not None
            else None
        ),
        "condition": product.condition,
        "status": product.status,
        "price": {"amount": product.price_amount, "currency": currency},
        "options": product.options,
        "variants": [
            {
                "id": v.id,
                "sku": v.sku,
                "options": v.options,
                "price": {
                    "amount": v.price_amount
                    if v.price_amount is not None
                    else product.price_amount,
                    "currency": currency,
                },
                "stock": 0,
                "reserved": 0,
                "available": 0,
            }
            for v in product.variants
        ],
        "personalization_fields": [
            {
                "id": pk,
                "name": name,
                "max_length": max_length,
                "allowed_characters": allowed,
                "surcharge": {"amount": surcharge, "currency": currency},
            }
            for pk, name, max_length, allowed, surcharge in product.personalization_fields
        ],
        "media": [media_out_row(m) for m in product.media],
        "in_stock": False,
        "rating": rating_of(
            product.rating_count,
            product.rating_sum,
            (
                product.rating_1,
                product.rating_2,
                product.rating_3,
                product.rating_4,
                product.rating_5,
            ),
        ),
        "created_at": product.created_at,
        "updated_at": product.updated_at,
    }


def _key(product: ProductRow) -> str:
    category = product.category
    parts = (
        product.shop_handle,
        product.shop_name,
        product.title,
        product.slug,
        product.description,
        product.brand,
        product.condition,
        product.status,
        product.price_amount,
        product.currency,
        product.options,
        product.created_at,
        product.updated_at,
        (category.id, category.name, category.slug, category.path, category.parent_id)
        if category
        else None,
        [(v.id, v.sku, v.options, v.price_amount) for v in product.variants],
        product.personalization_fields,
        product.media,
        (product.rating_count, product.rating_sum, product.rating_1, product.rating_2),
        (product.rating_3, product.rating_4, product.rating_5),
    )
    return f"agora:product-json:{VERSION}:{product.id}:{digest(parts)}"


def products_json(products: list[ProductRow]) -> list[dict[str, Any]]:
    """`ProductOut`s of a page of product rows: cached parts with the stock set live (one
    cache round trip)."""
    out = cached_parts(products, key=_key, build=_build)
    for product, data in zip(products, out, strict=True):
        for shown, variant in zip(data["variants"], product.variants, strict=True):
            shown["stock"] = variant.stock
            shown["reserved"] = variant.reserved
            shown["available"] = max(0, variant.stock - variant.reserved)
        data["in_stock"] = any(v.stock - v.reserved > 0 for v in product.variants)
    return out
