"""Catalog reads: one base queryset per list, prefetched, visibility applied for the viewer."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, Q, QuerySet
from django.db.models.functions import Lower

from agora.catalog.cards import CoverImage
from agora.catalog.models import Category, PersonalizationField, Product, ProductMedia, Variant
from agora.catalog.product_rows import linked_media_rows
from agora.catalog.schemas import FIELD_ROW_FIELDS, VARIANT_ROW_FIELDS
from agora.core.pagination import Page, clamp_limit, decode_cursor, encode_cursor
from agora.core.prepared import Rows, field_names, instance, prepared, set_prefetched
from agora.media.models import MediaAsset
from agora.media.schemas import media_out_row
from agora.media.selectors import SHOWN_FIELDS
from agora.shops.models import Shop, ShopMember

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from agora.accounts.models import User


def category_by_id(category_id: int) -> Category | None:
    """The category with this id, or None."""
    return Category.objects.filter(pk=category_id).first()


def category_by_ref(ref: int | str) -> Category | None:
    """The category by id (int or digit string) or else by slug, or None."""
    if isinstance(ref, int) or (isinstance(ref, str) and ref.isdigit()):
        return Category.objects.filter(pk=int(ref)).first()
    return Category.objects.filter(slug=str(ref)).first()


def categories() -> QuerySet[Category]:
    """Every category with its parent, grouped by parent, then by name."""
    return Category.objects.select_related("parent").order_by("parent_id", "name")


def media_in_product_order(qs: QuerySet[MediaAsset] | None = None) -> QuerySet[MediaAsset]:
    """Media (all, or `qs`) in their product's order, the seller's: the queryset to prefetch
    `product.media` with (`Prefetch("…product__media", queryset=media_in_product_order())`)."""
    qs = MediaAsset.objects.all() if qs is None else qs
    return qs.order_by("product_link__position", "id")


def _with_details(qs: QuerySet[Product]) -> QuerySet[Product]:
    return qs.select_related("shop", "category", "category__parent").prefetch_related(
        Prefetch("variants", queryset=Variant.objects.order_by("position", "id")),
        "personalization_fields",
        Prefetch("media", queryset=media_in_product_order()),
    )


def _visible(viewer_id: int | None) -> Q:
    condition = Q(status=Product.Status.ACTIVE)
    if viewer_id is not None:
        managed = ShopMember.objects.filter(user_id=viewer_id).values("shop_id")
        condition |= Q(shop_id__in=managed)
    return condition


def visible_products(viewer: User | AnonymousUser | None = None) -> QuerySet[Product]:
    """Active products of active shops, plus every product of the shops the viewer manages."""
    viewer_id = viewer.pk if viewer is not None and viewer.is_authenticated else None
    return Product.objects.filter(_visible(viewer_id), shop__is_active=True)


def product_list(
    *,
    viewer: User | AnonymousUser | None = None,
    shop: Shop | None = None,
    status: str | None = None,
) -> QuerySet[Product]:
    """Products the viewer may see, optionally of one shop and status, with their details."""
    qs = visible_products(viewer)
    if shop is not None:
        qs = qs.filter(shop=shop)
    if status:
        qs = qs.filter(status=status)
    return _with_details(qs)


def product_for_viewer(
    *, product_id: int, viewer: User | AnonymousUser | None = None
) -> Product | None:
    """The product with its details, or None for a product the viewer may not see (→ 404)."""
    return _with_details(visible_products(viewer)).filter(pk=product_id).first()


def product_by_slug(
    *, shop: Shop, slug: str, viewer: User | AnonymousUser | None = None
) -> Product | None:
    """The shop's product by slug with its details, or None if the viewer may not see it
    (→ 404)."""
    return _with_details(visible_products(viewer)).filter(shop=shop, slug=slug).first()


# --- the product page, read by prepared queries (see core.prepared) -------------------------
PAGE_FIELDS = (
    *field_names(Product),
    *field_names(Shop, "shop__"),
    *field_names(Category, "category__"),
    *field_names(Category, "category__parent__"),
)


def product_page_rows(*, handle: str, slug: str, viewer_id: int) -> QuerySet[Product]:
    """The product a page shows, by its shop's handle (lowercase, without @) and its slug,
    if the viewer may see it (`viewer_id` 0 for a visitor): a queryset for the page to
    annotate, read as `values(*PAGE_FIELDS, ...)` and turn into objects with
    `product_from_page_row`."""
    return (
        Product.objects.filter(_visible(viewer_id), shop__is_active=True)
        .annotate(shop_handle_lower=Lower("shop__handle"))
        .filter(shop_handle_lower=handle, slug=slug)
    )


def product_from_page_row(row: dict[str, object]) -> Product:
    """The product of a `product_page_rows` row, with its shop and category (and the
    category's parent) loaded."""
    product = instance(Product, row)
    product.shop = instance(Shop, row, "shop__")
    if row["category__id"] is None:
        product.category = None
    else:
        category = instance(Category, row, "category__")
        has_parent = row["category__parent__id"] is not None
        category.parent = instance(Category, row, "category__parent__") if has_parent else None
        product.category = category
    return product


@prepared(product_id=int)
def _variant_rows(*, product_id: int) -> QuerySet[Variant]:
    return (
        Variant.objects.filter(product_id=product_id)
        .order_by("position", "id")
        .values(*field_names(Variant))
    )


@prepared(product_id=int)
def _media_rows(*, product_id: int) -> QuerySet[MediaAsset]:
    media = MediaAsset.objects.filter(product_link__product_id=product_id)
    return media_in_product_order(media).values(*SHOWN_FIELDS)


@prepared(product_id=int)
def _personalization_rows(*, product_id: int) -> QuerySet[PersonalizationField]:
    return PersonalizationField.objects.filter(product_id=product_id).values(
        *field_names(PersonalizationField)
    )


def product_variant_rows(product_id: int) -> list[dict[str, object]]:
    """The product's variants in their order, as rows of every column (one prepared query);
    `variants_of_rows` makes them instances."""
    return _variant_rows(product_id=product_id)


def variants_of_rows(rows: list[dict[str, object]]) -> list[Variant]:
    """The variants of `product_variant_rows`, as instances."""
    return [instance(Variant, row) for row in rows]


def product_media_rows(product_id: int) -> Rows:
    """The product's photos and videos in the seller's order, as rows of what pages show of
    them (`media.selectors.SHOWN_FIELDS`; one prepared query); `media_of_rows` makes them
    instances."""
    return _media_rows.read(product_id=product_id)


def media_of_rows(rows: Rows) -> list[MediaAsset]:
    """The media of `product_media_rows`, as instances (the columns pages don't show stay
    deferred)."""
    return [instance(MediaAsset, row, names=SHOWN_FIELDS) for row in rows.dicts()]


def product_with_details(
    product: Product, *, variants: list[Variant], media: list[MediaAsset]
) -> Product:
    """`product` with its variants, media and personalization fields (read now, one prepared
    query) loaded as `product_list` prefetches them."""
    set_prefetched(product, "variants", variants)
    set_prefetched(product, "media", media)
    fields = _personalization_rows(product_id=product.pk)
    set_prefetched(
        product, "personalization_fields", [instance(PersonalizationField, r) for r in fields]
    )
    return product


def product_for_manager(*, product_id: int) -> Product | None:
    """Any status; the caller checks rights (403) after finding it (404 if it isn't there)."""
    return _with_details(Product.objects.all()).filter(pk=product_id).first()


def newest_products(*, limit: int = 12) -> list[Product]:
    """Up to `limit` active products of active shops, newest first, with their details."""
    return list(
        _with_details(visible_products(None).filter(status=Product.Status.ACTIVE)).order_by("-id")[
            :limit
        ]
    )


# --- a product's photos and videos ----------------------------------------------------------
def product_for_media(
    *, product_id: int, viewer: User | AnonymousUser | None = None
) -> Product | None:
    """The product (with its shop) if the viewer may see it: one query, no catalog prefetches."""
    return visible_products(viewer).select_related("shop").filter(pk=product_id).first()


def product_media(product: Product) -> QuerySet[MediaAsset]:
    """The product's media in display order, as a queryset."""
    return media_in_product_order(MediaAsset.objects.filter(product_link__product=product))


def product_media_item(*, product: Product, media_id: int) -> MediaAsset | None:
    """One of the product's media by id, or None if it shows another product or none."""
    return MediaAsset.objects.filter(pk=media_id, product_link__product=product).first()


def product_media_page(*, product: Product, cursor: str | None, limit: int | str | None) -> Page:
    """Product media in display order. The cursor counts rows already shown: a product has
    few media, and their order is the seller's (position), not the primary key."""
    size = clamp_limit(limit)
    start = max(0, decode_cursor(cursor) or 0)
    rows = list(product_media(product)[start : start + size + 1])
    more = len(rows) > size
    return Page(items=rows[:size], next_cursor=encode_cursor(start + size) if more else None)


_COVERS_SQL = """
SELECT * FROM (
    SELECT m.*, pm.product_id AS product_id, pm.position AS position,
        CASE WHEN m.kind = %s AND m.status <> %s THEN 1 ELSE 0 END AS cover_usable,
        ROW_NUMBER() OVER (
            PARTITION BY pm.product_id, CASE WHEN m.kind = %s AND m.status <> %s THEN 1 ELSE 0 END
            ORDER BY pm.position, m.id
        ) AS cover_rank
    FROM {media} m JOIN {links} pm ON pm.media_id = m.id
    WHERE pm.product_id IN ({ids})
) ranked WHERE cover_rank = 1 ORDER BY position, id
"""


def product_cover_candidates(product_ids: Collection[int]) -> list[MediaAsset]:
    """Per product at most two media rows: its first media and its first usable image (a
    card's cover). Each row carries its `product_id`, `position` (from the product's media) and
    `cover_usable`. One statement written out once: post cards ask on every page, and
    compiling this window query through the ORM cost more than running it."""
    ids = sorted({int(i) for i in product_ids})
    if not ids:
        return []
    sql = _COVERS_SQL.format(
        media=MediaAsset._meta.db_table,
        links=ProductMedia._meta.db_table,
        ids=", ".join(["%s"] * len(ids)),
    )
    image, failed = MediaAsset.Kind.IMAGE.value, MediaAsset.Status.FAILED.value
    return list(MediaAsset.objects.raw(sql, [image, failed, image, failed, *ids]))


def product_media_link(media: MediaAsset) -> ProductMedia | None:
    """Which product `media` shows and where (with the product and its shop), or None."""
    return ProductMedia.objects.select_related("product__shop").filter(media=media).first()


@prepared(ids=list[int])
def _cover_rows(*, ids: list[int]) -> QuerySet[ProductMedia, Any]:
    return (
        ProductMedia.objects.filter(product_id__in=ids, media__kind=MediaAsset.Kind.IMAGE)
        .exclude(media__status=MediaAsset.Status.FAILED)
        .order_by("product_id", "position", "media_id")
        .values_list(
            "product_id",
            "media_id",
            "media__file",
            "media__alt",
            "media__width",
            "media__height",
            "media__thumbnails",
        )
    )


def product_covers(product_ids: Iterable[int]) -> dict[int, CoverImage]:
    """Each product's cover (its first image that did not fail, in the seller's order) as a
    plain row, by product id: one prepared query, no model instances; products without one
    are left out."""
    ids = list(product_ids)
    if not ids:
        return {}
    covers: dict[int, CoverImage] = {}
    for product_id, pk, name, alt, width, height, thumbnails in _cover_rows(ids=ids):
        if product_id not in covers:
            covers[product_id] = CoverImage(pk, name, alt, width, height, thumbnails or {})
    return covers


@dataclass
class ProductDetailRows:
    """The variants, personalization fields and media of some products as plain values, by
    product id, each list in the product's own order (what `schemas.product_out_of` takes)."""

    variants: dict[int, list[dict[str, Any]]]
    personalization_fields: dict[int, list[dict[str, Any]]]
    media: dict[int, list[dict[str, Any]]]


@prepared(ids=list[int])
def _variant_detail_rows(*, ids: list[int]) -> QuerySet[Variant, dict[str, Any]]:
    return (
        Variant.objects.filter(product_id__in=ids)
        .order_by("position", "id")
        .values("product_id", *VARIANT_ROW_FIELDS)
    )


@prepared(ids=list[int])
def _field_detail_rows(*, ids: list[int]) -> QuerySet[PersonalizationField, dict[str, Any]]:
    return (
        PersonalizationField.objects.filter(product_id__in=ids)
        .order_by("position", "id")
        .values("product_id", *FIELD_ROW_FIELDS)
    )


def product_detail_rows(product_ids: Iterable[int]) -> ProductDetailRows:
    """What the API shows of each product beyond its own row, read as plain values (three
    prepared queries, none for no ids); media come out in `media_out`'s shape."""
    ids = list(dict.fromkeys(product_ids))
    rows = ProductDetailRows(variants={}, personalization_fields={}, media={})
    if not ids:
        return rows
    for variant in _variant_detail_rows(ids=ids):
        rows.variants.setdefault(variant.pop("product_id"), []).append(variant)
    for field in _field_detail_rows(ids=ids):
        rows.personalization_fields.setdefault(field.pop("product_id"), []).append(field)
    for product_id, *values in linked_media_rows(product_ids=ids):
        rows.media.setdefault(product_id, []).append(media_out_row(values))
    return rows
