"""Catalog writes: products (with options, variants and personalization fields), categories,
and the media that show a product. One module per family; the public services are re-exported
here so callers write `from agora.catalog import services`."""

from agora.catalog.services.media import product_media_add, product_media_holder
from agora.catalog.services.products import (
    MAX_PRICE,
    MAX_STOCK,
    MAX_VARIANTS,
    category_create,
    product_archive,
    product_create,
    product_update,
)

__all__ = [
    "MAX_PRICE",
    "MAX_STOCK",
    "MAX_VARIANTS",
    "category_create",
    "product_archive",
    "product_create",
    "product_media_add",
    "product_media_holder",
    "product_update",
]
