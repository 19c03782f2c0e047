"""The engagement events of buying: add to cart, checkout, paid order, refund.

Written by the commerce services in the same transaction as the change they record, for the
seller's analytics (its funnel and its money). A guest has no account: their visitor hash
comes from their cart's session, hashed with the day's salt (the session key itself is never
stored in the events).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from agora.analytics.services import event_record, visitor_hash

if TYPE_CHECKING:
    from agora.commerce.models import Order, Refund


def _guest_hash(session_key: str) -> str:
    return visitor_hash(visitor=f"s:{session_key}") if session_key else ""


def cart_add_recorded(
    *, product_id: int, shop_id: int, quantity: int, user_id: int | None, session_key: str = ""
) -> None:
    """ "cart_add": `quantity` units of a product put in a cart (amount = units, no currency)."""
    event_record(
        kind="cart_add",
        object_type="product",
        object_id=product_id,
        actor_id=user_id,
        shop_id=shop_id,
        visitor_hash="" if user_id else _guest_hash(session_key),
        amount=quantity,
    )


def order_recorded(*, kind: str, order: Order, session_key: str = "") -> None:
    """ "checkout" (an order created by a checkout) or "order_paid": the order's total and
    currency, the buyer as actor (a guest by their session)."""
    event_record(
        kind=kind,
        object_type="order",
        object_id=order.pk,
        actor_id=order.buyer_id,
        shop_id=order.shop_id,
        visitor_hash="" if order.buyer_id else _guest_hash(session_key),
        amount=order.total_amount,
        currency=order.currency,
    )


def refund_recorded(*, refund: Refund, order: Order, actor_id: int | None) -> None:
    """ "refund": the refunded amount of an order, by the shop's team member who made it."""
    event_record(
        kind="refund",
        object_type="refund",
        object_id=refund.pk,
        actor_id=actor_id,
        shop_id=order.shop_id,
        amount=refund.amount,
        currency=refund.currency,
    )
