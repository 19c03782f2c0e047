"""The "Popular on Agora" labels: the top trending products of each category, recomputed for
the categories a refresh touched or whose labelled products cooled, and when a product moves
or leaves sale (`services.trending` explains the whole design)."""

from __future__ import annotations

import math
from datetime import datetime

from django.db.models import Q

from agora.catalog.models import Product
from agora.discovery.models import ProductTrend
from agora.discovery.selectors.trending import POPULAR_MAX, POPULAR_SHARE, trending_condition


def cooled_categories(*, now: datetime) -> set[int | None]:
    """Categories with a labelled product that no longer trends (cooled below the floor)."""
    return set(
        ProductTrend.objects.filter(popular=True)
        .filter(~trending_condition(now=now))
        .values_list("category_id", flat=True)
        .distinct()
    )


def popular_recompute(*, category_id: int | None, now: datetime | None = None) -> int:
    """Labels the top trending products of one category "Popular on Agora" (the top 10 %,
    at least one and at most 12) and takes the label off the others. Returns how many carry
    it. Four queries; safe to run at any time (the last run wins)."""
    in_category = Q(category__isnull=True) if category_id is None else Q(category_id=category_id)
    eligible = ProductTrend.objects.filter(in_category, trending_condition(now=now)).filter(
        product__status=Product.Status.ACTIVE, product__shop__is_active=True
    )
    count = eligible.count()
    cap = min(POPULAR_MAX, max(1, math.ceil(count * POPULAR_SHARE))) if count else 0
    top = list(eligible.order_by("-heat", "-product_id").values_list("product_id", flat=True)[:cap])
    ProductTrend.objects.filter(in_category, popular=True).exclude(product_id__in=top).update(
        popular=False
    )
    if top:
        ProductTrend.objects.filter(product_id__in=top, popular=False).update(popular=True)
    return len(top)


def trend_product_changed(*, product: Product) -> None:
    """catalog's `product_changed` hook: keeps a trend row's category in step with its product
    and the labels of the categories concerned (a product archived or moved loses its label, a
    product put back on sale may win it). One query when the product has no trend row."""
    row = ProductTrend.objects.filter(product_id=product.pk).values_list("category_id").first()
    if row is None:
        return
    old = row[0]
    if old != product.category_id:
        ProductTrend.objects.filter(product_id=product.pk).update(category_id=product.category_id)
        popular_recompute(category_id=old)
    popular_recompute(category_id=product.category_id)
