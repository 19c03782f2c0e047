"""Background commerce work: thin and idempotent; the services do the work."""

from __future__ import annotations

from django.tasks import task

from agora.commerce.services import orders, payments


@task()
def expire_overdue_payments() -> int:
    """Expires open payments past their window: orders expired, stock released. Idempotent
    (confirm also checks the clock itself; this only tidies up)."""
    return payments.payments_expire_due()


@task()
def send_order_confirmation(checkout_id: int) -> int:
    """E-mails the buyer the confirmation of a paid checkout (enqueued on commit)."""
    return orders.order_confirmation_send(checkout_id=checkout_id)
