"""Coupon reads for the shop's team."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from agora.commerce.models import Coupon

if TYPE_CHECKING:
    from agora.shops.models import Shop


def coupons_of(*, shop: Shop) -> QuerySet[Coupon]:
    """The shop's coupons with their shop and limited-to products prefetched."""
    return Coupon.objects.filter(shop=shop).select_related("shop").prefetch_related("products")


def coupon_by_id(coupon_id: int) -> Coupon:
    """The coupon with its shop and products; raises Coupon.DoesNotExist if there is none."""
    return Coupon.objects.select_related("shop").prefetch_related("products").get(pk=coupon_id)
