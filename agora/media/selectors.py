"""Media reads. Product media follow their product's visibility; personal uploads (avatars,
post images not yet shown anywhere) are seen through the API by their uploader only."""

from __future__ import annotations

from django.db.models import QuerySet

from agora.catalog.selectors import visible_products
from agora.core.pagination import Page, clamp_limit, decode_cursor, encode_cursor
from agora.media.models import MediaAsset


def image_owned_by(*, user, media_id: int) -> MediaAsset | None:
    """The image with this id if `user` uploaded it, or None (other kinds or owners)."""
    return MediaAsset.objects.filter(
        pk=media_id, uploaded_by=user, kind=MediaAsset.Kind.IMAGE
    ).first()


def media_for_product(product) -> list[MediaAsset]:
    """The product's media in display order, as a list."""
    return list(MediaAsset.objects.filter(product=product).order_by("position", "id"))


def product_for_media(*, product_id: int, viewer=None):
    """The product (with its shop) if the viewer may see it: one query, no catalog prefetches."""
    return visible_products(viewer).select_related("shop").filter(pk=product_id).first()


def product_media(product) -> QuerySet[MediaAsset]:
    """The product's media in display order, as a queryset."""
    return MediaAsset.objects.filter(product=product).order_by("position", "id")


def product_media_page(*, product, cursor: str | None, limit: int | str | None) -> Page:
    """Product media in display order. The cursor counts rows already shown: a product has
    few media, and their order is the seller's (position), not the primary key."""
    size = clamp_limit(limit)
    start = max(0, decode_cursor(cursor) or 0)
    rows = list(product_media(product)[start : start + size + 1])
    more = len(rows) > size
    return Page(items=rows[:size], next_cursor=encode_cursor(start + size) if more else None)


def media_for_viewer(*, media_id: int, viewer=None) -> MediaAsset | None:
    """The media if the viewer uploaded it or may see its product (or its active shop);
    None for media the viewer may not see (→ 404)."""
    media = (
        MediaAsset.objects.select_related("product", "shop", "uploaded_by")
        .filter(pk=media_id)
        .first()
    )
    if media is None:
        return None
    signed_in = viewer is not None and getattr(viewer, "is_authenticated", False)
    if signed_in and media.uploaded_by_id == viewer.pk:
        return media
    if media.product_id is not None:
        products = visible_products(viewer if signed_in else None)
        return media if products.filter(pk=media.product_id).exists() else None
    if media.shop_id is not None:
        return media if media.shop.is_active else None
    return None
