"""The commerce tasks the services enqueue, by path (commerce/tasks.py imports the services,
so the services don't import it). Call these on commit."""

from __future__ import annotations

from datetime import datetime

from agora.core.scheduling import enqueue


def enqueue_payment_expiry(when: datetime) -> bool:
    """The worker releases the stock of an unpaid checkout when its payment window ends."""
    return enqueue("agora.commerce.tasks.expire_overdue_payments", run_after=when)


def enqueue_hold_expiry(when: datetime) -> bool:
    """The worker releases a comment-to-buy hold's stock at its deadline."""
    return enqueue("agora.commerce.tasks.expire_holds", run_after=when)


def enqueue_order_confirmation(checkout_id: int) -> bool:
    """The buyer's confirmation e-mail for a paid checkout."""
    return enqueue("agora.commerce.tasks.send_order_confirmation", checkout_id)
