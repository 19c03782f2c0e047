"""Who bought what: the facts behind "Verified purchase" (reviews) and "Verified buyer"
(answers), and the people "Ask people who bought this" may reach.

A purchase counts while its order is paid (paid, shipped, delivered or partially refunded) and
its line is not fully refunded; a fully refunded line, or an order never paid, counts for
nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import F, QuerySet

from agora.commerce.models import Order, OrderLine

PAID_STATUSES = (
    Order.Status.PAID,
    Order.Status.SHIPPED,
    Order.Status.DELIVERED,
    Order.Status.PARTIALLY_REFUNDED,
)


def _kept_lines(product_id: int) -> QuerySet[OrderLine]:
    return OrderLine.objects.filter(
        product_id=product_id,
        order__status__in=PAID_STATUSES,
        refunded_quantity__lt=F("quantity"),
    )


def has_bought(*, user_id: int | None, product_id: int) -> bool:
    """Whether this person holds a paid, not fully refunded line of the product (one query)."""
    if user_id is None:
        return False
    return _kept_lines(product_id).filter(order__buyer_id=user_id).exists()


def bought_among(*, user_ids: Iterable[int], product_id: int) -> set[int]:
    """Those of these people who hold such a line of the product (one query, any number)."""
    wanted = {uid for uid in user_ids if uid is not None}
    if not wanted:
        return set()
    return set(
        _kept_lines(product_id)
        .filter(order__buyer_id__in=sorted(wanted))
        .values_list("order__buyer_id", flat=True)
        .distinct()
    )


def buyers_of(*, product_id: int) -> QuerySet[OrderLine, int]:
    """The ids of everyone who holds such a line of the product, as a subquery-ready values
    list (`.values_list("order__buyer_id")`), without duplicates."""
    return (
        _kept_lines(product_id)
        .filter(order__buyer__isnull=False)
        .values_list("order__buyer_id", flat=True)
        .distinct()
    )
