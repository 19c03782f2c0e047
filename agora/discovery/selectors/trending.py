"""Reads of the trending scores (written by `services.trending`)."""

from __future__ import annotations

from collections.abc import Iterable

from agora.discovery.models import ProductTrend


def popular_product_ids(product_ids: Iterable[int]) -> set[int]:
    """Which of these products carry "Popular on Agora" (one query)."""
    ids = list(product_ids)
    if not ids:
        return set()
    return set(
        ProductTrend.objects.filter(product_id__in=ids, popular=True).values_list(
            "product_id", flat=True
        )
    )
