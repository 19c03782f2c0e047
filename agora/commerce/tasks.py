"""Background commerce work: thin and idempotent; the services do the work.

Deadlines (payment windows, holds) are checked against the clock at request time; these tasks
only tidy up after them, deferred to the deadline when the backend can defer (the database
backend in production; the immediate backend used in tests cannot, and then nothing is
scheduled).
"""

from __future__ import annotations

from django.tasks import task

from agora.commerce.services import holds, orders, payments


@task()
def expire_overdue_payments() -> int:
    """Expires open payments past their window: orders expired, stock released. Idempotent
    (confirm also checks the clock itself; this only tidies up)."""
    return payments.payments_expire_due()


@task()
def expire_holds() -> int:
    """Expires comment-to-buy holds past their deadline: stock released, cart lines removed.
    Idempotent (checkout also checks the clock itself)."""
    return holds.hold_expire_due()


@task()
def send_order_confirmation(checkout_id: int) -> int:
    """E-mails the buyer the confirmation of a paid checkout (enqueued on commit)."""
    return orders.order_confirmation_send(checkout_id=checkout_id)
