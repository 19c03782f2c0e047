"""Catalog reads: one base queryset per list, prefetched, visibility applied for the viewer."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from agora.catalog.models import Category, Product, Variant
from agora.media.models import MediaAsset
from agora.shops.models import ShopMember


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


def _with_details(qs: QuerySet[Product]) -> QuerySet[Product]:
    return qs.select_related("shop", "category", "category__parent").prefetch_related(
        Prefetch("variants", queryset=Variant.objects.order_by("position", "id")),
        "personalization_fields",
        Prefetch("media", queryset=MediaAsset.objects.order_by("position", "id")),
    )


def visible_products(viewer=None) -> QuerySet[Product]:
    """Active products of active shops, plus every product of the shops the viewer manages."""
    condition = Q(status=Product.Status.ACTIVE)
    if viewer is not None and getattr(viewer, "is_authenticated", False):
        managed = ShopMember.objects.filter(user=viewer).values("shop_id")
        condition |= Q(shop_id__in=managed)
    return Product.objects.filter(condition, shop__is_active=True)


def product_list(*, viewer=None, shop=None, status: str | None = None) -> QuerySet[Product]:
    """Products the viewer may see, optionally of one shop and status, with their details."""
    qs = visible_products(viewer)
    if shop is not None:
        qs = qs.filter(shop=shop)
    if status:
        qs = qs.filter(status=status)
    return _with_details(qs)


def product_for_viewer(*, product_id: int, viewer=None) -> Product | None:
    """The product with its details, or None for a product the viewer may not see (→ 404)."""
    return _with_details(visible_products(viewer)).filter(pk=product_id).first()


def product_by_slug(*, shop, slug: str, viewer=None) -> Product | None:
    """The shop's product by slug with its details, or None if the viewer may not see it
    (→ 404)."""
    return _with_details(visible_products(viewer)).filter(shop=shop, slug=slug).first()


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
