"""Stock moves that never oversell, as single conditional UPDATE statements.

`reserved` counts units promised to pending orders and active holds; `available` is
stock - reserved. These work the same on SQLite (which ignores select_for_update) and
PostgreSQL: the WHERE clause is the check, the row count is the answer.
"""

from __future__ import annotations

from django.db.models import F

from agora.catalog.models import Variant


def stock_reserve(*, variant_id: int, quantity: int) -> bool:
    """Reserves `quantity` units if that many are available. True when reserved."""
    if quantity <= 0:
        raise ValueError("quantity must be positive")
    return bool(
        Variant.objects.filter(pk=variant_id, stock__gte=F("reserved") + quantity).update(
            reserved=F("reserved") + quantity
        )
    )


def stock_release(*, variant_id: int, quantity: int) -> bool:
    """Gives reserved units back (order cancelled or expired, hold released)."""
    return bool(
        Variant.objects.filter(pk=variant_id, reserved__gte=quantity).update(
            reserved=F("reserved") - quantity
        )
    )


def stock_commit(*, variant_id: int, quantity: int) -> bool:
    """Turns reserved units into sold ones (order paid): stock and reserved both drop."""
    return bool(
        Variant.objects.filter(pk=variant_id, reserved__gte=quantity, stock__gte=quantity).update(
            stock=F("stock") - quantity, reserved=F("reserved") - quantity
        )
    )


def stock_restock(*, variant_id: int, quantity: int) -> None:
    """Puts refunded units back on hand."""
    Variant.objects.filter(pk=variant_id).update(stock=F("stock") + quantity)
