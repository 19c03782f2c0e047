"""Catalog template tags: a product's cover picture. `{% load catalog_tags %}` (templates of
catalog and the apps above it)."""

from django import template

register = template.Library()


@register.filter
def cover_image(product):
    """The first usable image of a product, from its prefetched media (no query)."""
    for asset in product.media.all():
        if asset.kind == "image" and asset.status != "failed":
            return asset
    return None
