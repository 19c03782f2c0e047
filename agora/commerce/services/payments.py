"""Payments: confirm with a card, apply provider events exactly once, expire open windows.

Whatever a provider reports (the test provider's answer to a confirm, or a signed webhook)
goes through `payment_event_apply`, which stores the event under a unique (provider, event id)
first: a replay is a no-op. Paying a payment pays every order of its checkout, commits their
stock and books each shop's sale, in one transaction; the e-mail leaves after commit.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agora.commerce.models import Order, Payment, PaymentAttempt, PaymentEvent
from agora.commerce.providers import get_provider
from agora.commerce.services.orders import order_expire, order_mark_paid
from agora.core.errors import Conflict, DomainError, InvalidInput, NotFound

logger = logging.getLogger(__name__)


class CardDeclined(DomainError):
    status = 402
    code = "card_declined"


def _payment_transition(payment: Payment, to: str, **fields: Any) -> None:
    current = payment.status
    if to not in Payment.TRANSITIONS.get(current, set()):
        raise Conflict(
            _("A payment that is %(current)s cannot become %(to)s.")
            % {"current": current, "to": to},
            code="illegal_transition",
        )
    if not Payment.objects.filter(pk=payment.pk, status=current).update(status=to, **fields):
        raise Conflict(
            _("The payment changed meanwhile; reload it and try again."),
            code="illegal_transition",
        )
    payment.refresh_from_db()


def _pending_orders(payment: Payment) -> list[Order]:
    return list(
        Order.objects.filter(
            checkout_id=payment.checkout_id, status=Order.Status.PENDING_PAYMENT
        ).order_by("pk")
    )


def _send_confirmation(checkout_id: int) -> None:
    from agora.commerce.tasks import send_order_confirmation

    send_order_confirmation.enqueue(checkout_id)


def _mark_paid(payment: Payment, reference: str) -> None:
    # The conditional UPDATE is the check: a payment paid by a simultaneous confirm or
    # webhook (another event for the same charge), or closed meanwhile, is left as it is.
    paid = Payment.objects.filter(pk=payment.pk, status=Payment.Status.REQUIRES_PAYMENT).update(
        status=Payment.Status.PAID,
        paid_at=timezone.now(),
        provider_reference=reference[:80] or payment.provider_reference,
    )
    payment.refresh_from_db()
    if not paid:
        if payment.status != Payment.Status.PAID:
            logger.warning("Payment %s succeeded while %s", payment.pk, payment.status)
        return
    for order in _pending_orders(payment):
        order_mark_paid(order=order)
    checkout_id = payment.checkout_id
    transaction.on_commit(lambda: _send_confirmation(checkout_id))


def payment_event_apply(
    *, provider: str, event_id: str, type: str, payload: dict[str, Any]
) -> Payment | None:
    """Applies one provider event, once. Atomic; a replayed event id changes nothing and
    returns the payment as it is. Returns None for an event about no payment we know."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                PaymentEvent.objects.create(
                    provider=provider, event_id=event_id, type=type, payload=payload
                )
        except IntegrityError:
            return Payment.objects.filter(pk=payload.get("payment_id"), provider=provider).first()
        payment = Payment.objects.filter(pk=payload.get("payment_id"), provider=provider).first()
        if payment is None:
            logger.warning("%s event %s for unknown payment", provider, event_id)
            return None
        if type == "payment.succeeded":
            _mark_paid(payment, str(payload.get("reference", "")))
        elif type == "payment.failed":
            PaymentAttempt.objects.create(
                payment=payment,
                outcome=PaymentAttempt.Outcome.DECLINED,
                decline_code=str(payload.get("decline_code", "card_declined"))[:40],
            )
        # refund.succeeded: our refunds are recorded when we ask for them; the event is kept.
        return payment


def payment_expire(*, payment: Payment) -> Payment:
    """requires_payment → expired, with every pending order of its checkout expired and their
    stock released. Atomic; a payment that is no longer open is a Conflict."""
    with transaction.atomic():
        _payment_transition(payment, Payment.Status.EXPIRED)
        for order in _pending_orders(payment):
            order_expire(order=order)
    return payment


def payments_expire_due(*, now=None) -> int:
    """Expires every open payment whose window has passed. Idempotent: what another worker or
    a confirm already moved is skipped. Returns how many this call expired."""
    now = now or timezone.now()
    expired = 0
    due = Payment.objects.filter(status=Payment.Status.REQUIRES_PAYMENT, expires_at__lte=now)
    for payment in due.order_by("pk").iterator():
        try:
            payment_expire(payment=payment)
        except Conflict:
            continue
        expired += 1
    return expired


def payment_confirm(*, payment: Payment, card_number: str, actor) -> Payment:
    """Charges the buyer's card for an open payment.

    Past its window (by the clock now) the payment is expired on the spot, its stock released,
    and the answer is 409 `payment_expired`. A decline is recorded (PaymentAttempt) and leaves
    the payment open for another card: 402 `card_declined`. A success is applied through
    `payment_event_apply` and returns once the orders are paid."""
    if actor is None or payment.checkout.buyer_id != getattr(actor, "pk", None):
        raise NotFound(_("No such payment."))
    card_number = str(card_number or "").strip()
    if not card_number or len(card_number) > 40:
        raise InvalidInput.field("card_number", _("Enter a card number."))
    if payment.status != Payment.Status.REQUIRES_PAYMENT:
        code = "payment_expired" if payment.status == Payment.Status.EXPIRED else "payment_closed"
        raise Conflict(_("This payment is %(status)s.") % {"status": payment.status}, code=code)
    if timezone.now() >= payment.expires_at:
        try:
            payment_expire(payment=payment)
        except Conflict:
            payment.refresh_from_db()
            if payment.status == Payment.Status.PAID:
                return payment
        raise Conflict(_("The payment window has closed."), code="payment_expired")
    outcome = get_provider(payment.provider).charge(payment, card_number)
    if not outcome.succeeded:
        PaymentAttempt.objects.create(
            payment=payment,
            outcome=PaymentAttempt.Outcome.DECLINED,
            card_last4=outcome.card_last4,
            decline_code=outcome.decline_code,
        )
        raise CardDeclined(_("The card was declined."), code="card_declined")
    event = outcome.event or {}
    with transaction.atomic():
        PaymentAttempt.objects.create(
            payment=payment,
            outcome=PaymentAttempt.Outcome.SUCCEEDED,
            card_last4=outcome.card_last4,
        )
        applied = payment_event_apply(
            provider=payment.provider,
            event_id=event.get("id") or f"confirm:{payment.pk}:{outcome.reference}",
            type=event.get("type", "payment.succeeded"),
            payload=event.get("data") or {"payment_id": payment.pk, "reference": outcome.reference},
        )
    if applied is None or applied.status != Payment.Status.PAID:
        raise Conflict(_("The payment window has closed."), code="payment_expired")
    return applied
