"""Order and payment reads: who may see what, prefetched lists, sales per post and share code."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Count, F, Prefetch, QuerySet, Sum, prefetch_related_objects

from agora.catalog.selectors import media_in_product_order
from agora.commerce.models import Order, OrderLine, Payment, PaymentAttempt
from agora.media.models import MediaAsset
from agora.shops.models import Shop
from agora.shops.selectors import can_manage

if TYPE_CHECKING:
    from agora.accounts.models import User

PAID_STATUSES = (
    Order.Status.PAID,
    Order.Status.SHIPPED,
    Order.Status.DELIVERED,
    Order.Status.PARTIALLY_REFUNDED,
    Order.Status.REFUNDED,
)


def _orders() -> QuerySet[Order]:
    lines = OrderLine.objects.select_related("share_link", "sharer", "creator").order_by("pk")
    return Order.objects.select_related("shop").prefetch_related(Prefetch("lines", queryset=lines))


def with_line_pictures(order: Order) -> list[OrderLine]:
    """The order's (prefetched) lines with their products' pictures (`lines_with_pictures`)."""
    return lines_with_pictures(list(order.lines.all()))


def lines_with_pictures(lines: list[OrderLine]) -> list[OrderLine]:
    """Order lines with their products and the products' images in the seller's order, for
    each line's variant picture (`catalog.options.variant_picture`): two queries, whatever
    the number of lines and orders."""
    images = media_in_product_order(MediaAsset.objects.filter(kind=MediaAsset.Kind.IMAGE))
    prefetch_related_objects(lines, "product", Prefetch("product__media", queryset=images))
    return lines


def orders_for_buyer(*, user: User, status: str | None = None) -> QuerySet[Order]:
    """The buyer's orders with shop and lines prefetched, optionally of one status."""
    qs = _orders().filter(buyer=user)
    return qs.filter(status=status) if status else qs


def orders_for_shop(*, shop: Shop, status: str | None = None) -> QuerySet[Order]:
    """The shop's orders with their lines prefetched, optionally of one status."""
    qs = _orders().filter(shop=shop)
    return qs.filter(status=status) if status else qs


def order_for_viewer(*, order_id: int, viewer: User | None) -> Order | None:
    """The order if `viewer` is its buyer or on its shop's team; None otherwise (→ 404)."""
    if viewer is None or not getattr(viewer, "is_authenticated", False):
        return None
    order = _orders().filter(pk=order_id).first()
    if order is None:
        return None
    if order.buyer_id == viewer.pk or can_manage(shop=order.shop, user=viewer):
        return order
    return None


def payment_for_buyer(*, payment_id: int, user: User | None) -> Payment | None:
    """The payment if `user` is the buyer of its checkout; None otherwise (→ 404)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return (
        Payment.objects.select_related("checkout")
        .prefetch_related(
            Prefetch("checkout__orders", queryset=Order.objects.order_by("pk")),
            Prefetch("attempts", queryset=PaymentAttempt.objects.order_by("pk")),
        )
        .filter(pk=payment_id, checkout__buyer=user)
        .first()
    )


def _sales(shop: Shop, key: str) -> list[dict[str, Any]]:
    lines = OrderLine.objects.filter(
        order__shop=shop, order__status__in=PAID_STATUSES, **{f"{key}__isnull": False}
    )
    rows = (
        lines.values(key)
        .annotate(
            orders_paid=Count("order", distinct=True),
            revenue=Sum("total_amount") - Sum("refunded_amount"),
            units=Sum("quantity") - Sum("refunded_quantity"),
        )
        .order_by("-revenue", key)
    )
    return [
        {
            key: row[key],
            "orders_paid": row["orders_paid"],
            "revenue": {"amount": row["revenue"], "currency": shop.currency},
            "units": row["units"],
        }
        for row in rows
    ]


def sales_by_post(shop: Shop) -> list[dict]:
    """Per post that led to a sale: paid orders, revenue net of refunds, units net of refunds."""
    return [{"post_id": row.pop("post"), **row} for row in _sales(shop, "post")]


def sales_by_share_code(shop: Shop) -> list[dict]:
    """Per share link code: paid orders, revenue net of refunds, units net of refunds."""
    return [
        {"share_code": row.pop("share_link__code"), **row}
        for row in _sales(shop, "share_link__code")
    ]


def units_sold(*, product_ids: list[int]) -> dict[int, int]:
    """Units sold per product (paid or later, net of refunds), in one query for a page."""
    rows = (
        OrderLine.objects.filter(product_id__in=product_ids, order__status__in=PAID_STATUSES)
        .values("product_id")
        .annotate(units=Sum(F("quantity") - F("refunded_quantity")))
    )
    return {row["product_id"]: row["units"] or 0 for row in rows}


def latest_payment_for(*, user: User | None = None, session_key: str = "") -> Payment | None:
    """The payment of the caller's most recent checkout (a person's, or an anonymous
    session's): where a second tab that lost the race for the cart should go."""
    scope: dict[str, Any]
    if user is not None:
        scope = {"checkout__buyer": user}
    elif session_key:
        scope = {"checkout__buyer": None, "checkout__session_key": session_key}
    else:
        return None
    return Payment.objects.filter(**scope).order_by("-pk").first()
