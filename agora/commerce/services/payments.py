"""Payments: confirm with a card, apply provider events exactly once, expire open windows.

Whatever a provider reports (the test provider's answer to a confirm, or a signed webhook)
goes through `payment_event_apply`, which stores the event under a unique (provider, event id)
first: a replay is a no-op. Paying a payment pays every order of its checkout, commits their
stock and books each shop's sale, in one transaction; the e-mail leaves after commit.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agora.commerce.models import Order, Payment, PaymentAttempt, PaymentEvent
from agora.commerce.providers import get_provider
from agora.commerce.scheduling import enqueue_order_confirmation
from agora.commerce.services.orders import order_expire, order_mark_paid
from agora.core.errors import Conflict, DomainError, InvalidInput, NotFound
from agora.core.state import state_move

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from agora.accounts.models import User

logger = logging.getLogger(__name__)

# How long past its window a `processing` payment waits for its provider's answer.
STUCK_PROCESSING_GRACE = timedelta(minutes=15)


class CardDeclined(DomainError):
    status = 402
    code = "card_declined"


class EventRefused(DomainError):
    """A provider event that doesn't fit what it claims to be about."""

    status = 400
    code = "event_refused"


def _payment_transition(payment: Payment, to: str, **fields: Any) -> None:
    state_move(
        payment,
        to,
        illegal=_("A payment that is %(current)s cannot become %(to)s."),
        changed=_("The payment changed meanwhile; reload it and try again."),
        **fields,
    )


def _pending_orders(payment: Payment) -> list[Order]:
    return list(
        Order.objects.filter(
            checkout_id=payment.checkout_id, status=Order.Status.PENDING_PAYMENT
        ).order_by("pk")
    )


def _mark_paid(payment: Payment, reference: str) -> None:
    # The conditional UPDATE is the check: a payment paid by a simultaneous confirm or
    # webhook (another event for the same charge), or closed meanwhile, is left as it is.
    paid = Payment.objects.filter(
        pk=payment.pk, status__in=[Payment.Status.REQUIRES_PAYMENT, Payment.Status.PROCESSING]
    ).update(
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
    transaction.on_commit(lambda: enqueue_order_confirmation(checkout_id))


def payment_event_apply(
    *, provider: str, event_id: str, type: str, payload: dict[str, Any]
) -> Payment | None:
    """Applies one provider event, once. Atomic; a replayed event id changes nothing and
    returns the payment as it is. Returns None for an event about no payment we know."""
    payment_id = payload.get("payment_id")
    if not isinstance(payment_id, int) or not 0 < payment_id < 2**53:
        raise EventRefused(_("The event names no payment."), code="malformed_event")
    with transaction.atomic():
        payment = Payment.objects.filter(pk=payment_id, provider=provider).first()
        if payment is not None and type == "payment.succeeded":
            _check_amount(payment, payload, event_id)
        try:
            with transaction.atomic():
                PaymentEvent.objects.create(
                    provider=provider, event_id=event_id, type=type, payload=payload
                )
        except IntegrityError:
            return payment
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


def _check_amount(payment: Payment, payload: dict[str, Any], event_id: str) -> None:
    """A success must be for exactly what the payment asks: the same amount in the same
    currency. Anything else is refused, logged and changes nothing."""
    amount, currency = payload.get("amount"), payload.get("currency")
    if type(amount) is int and amount == payment.amount and currency == payment.currency:
        return
    logger.warning(
        "Refused event %s for payment %s: %r %r paid, %s %s due",
        event_id,
        payment.pk,
        amount,
        currency,
        payment.amount,
        payment.currency,
    )
    raise EventRefused(
        _("The event's amount or currency is not the payment's."), code="amount_mismatch"
    )


def payment_expire(*, payment: Payment) -> Payment:
    """requires_payment → expired, with every pending order of its checkout expired and their
    stock released. Atomic; a payment that is no longer open is a Conflict."""
    with transaction.atomic():
        _payment_transition(payment, Payment.Status.EXPIRED)
        for order in _pending_orders(payment):
            order_expire(order=order)
    return payment


def payments_expire_due(*, now: datetime | None = None) -> int:
    """Expires every open payment whose window has passed. Idempotent: what another worker or
    a confirm already moved is skipped. Returns how many this call expired."""
    now = now or timezone.now()
    # A confirm that died between its claim and its outcome (a crashed worker) leaves the
    # payment `processing`; once the window is long past with no provider event, reopen it
    # so it can expire and release its stock. A late success event still finds the payment.
    Payment.objects.filter(
        status=Payment.Status.PROCESSING, expires_at__lte=now - STUCK_PROCESSING_GRACE
    ).update(status=Payment.Status.REQUIRES_PAYMENT)
    expired = 0
    due = Payment.objects.filter(status=Payment.Status.REQUIRES_PAYMENT, expires_at__lte=now)
    for payment in due.order_by("pk").iterator():
        try:
            payment_expire(payment=payment)
        except Conflict:
            continue
        expired += 1
    return expired


def payment_confirm(
    *, payment: Payment, card_number: str, actor: User | AnonymousUser | None
) -> Payment:
    """Charges the buyer's card for an open payment, at most once however many confirms race.

    Claim, charge, record: the payment moves `requires_payment → processing` in one
    conditional UPDATE (a simultaneous confirm finds it taken: 409 `payment_in_progress`, or
    409 with the final state once the first is done); the provider is called outside any
    transaction with an idempotency key derived from the payment and the attempt number, so a
    retried request is the same charge; the outcome is then recorded in one transaction. Past
    its window (by the clock now) the payment is expired on the spot, its stock released:
    409 `payment_expired`. A decline is recorded (PaymentAttempt) and reopens the payment for
    another card: 402 `card_declined`. A success is applied through `payment_event_apply` (the
    code the webhook uses) and returns once the orders are paid."""
    if actor is None or payment.checkout.buyer_id != getattr(actor, "pk", None):
        raise NotFound(_("No such payment."))
    card_number = str(card_number or "").strip()
    if not card_number or len(card_number) > 40:
        raise InvalidInput.field("card_number", _("Enter a card number."))
    provider = get_provider(payment.provider)
    _payment_claim(payment)
    key = _attempt_key(payment)
    try:
        outcome = provider.charge(payment, card_number, idempotency_key=key)
    except Exception:
        # Nothing is known to be charged: record the failure and reopen for another try.
        with transaction.atomic():
            PaymentAttempt.objects.create(
                payment=payment, outcome=PaymentAttempt.Outcome.FAILED, idempotency_key=key
            )
            _payment_release(payment)
        raise
    if not outcome.succeeded:
        with transaction.atomic():
            PaymentAttempt.objects.create(
                payment=payment,
                outcome=PaymentAttempt.Outcome.DECLINED,
                card_last4=outcome.card_last4,
                decline_code=outcome.decline_code,
                idempotency_key=key,
            )
            _payment_release(payment)
        raise CardDeclined(_("The card was declined."), code="card_declined")
    event = outcome.event or {}
    with transaction.atomic():
        PaymentAttempt.objects.create(
            payment=payment,
            outcome=PaymentAttempt.Outcome.SUCCEEDED,
            card_last4=outcome.card_last4,
            idempotency_key=key,
        )
        applied = payment_event_apply(
            provider=payment.provider,
            event_id=event.get("id") or f"charge:{key}",
            type=event.get("type", "payment.succeeded"),
            payload=event.get("data")
            or {
                "payment_id": payment.pk,
                "reference": outcome.reference,
                "amount": payment.amount,
                "currency": payment.currency,
            },
        )
    if applied is None or applied.status != Payment.Status.PAID:
        raise Conflict(_("The payment window has closed."), code="payment_expired")
    return applied


def _payment_claim(payment: Payment) -> None:
    """requires_payment → processing, in one conditional UPDATE that also checks the window.
    Whoever loses answers with the payment's state; a payment past its window is expired."""
    now = timezone.now()
    claimed = Payment.objects.filter(
        pk=payment.pk, status=Payment.Status.REQUIRES_PAYMENT, expires_at__gt=now
    ).update(status=Payment.Status.PROCESSING)
    payment.refresh_from_db()
    if claimed:
        return
    if payment.status == Payment.Status.PROCESSING:
        raise Conflict(
            _("This payment is being processed; wait a moment and reload it."),
            code="payment_in_progress",
        )
    if payment.status == Payment.Status.REQUIRES_PAYMENT:  # open, but its window has passed
        try:
            payment_expire(payment=payment)
        except Conflict:
            payment.refresh_from_db()
        if payment.status == Payment.Status.EXPIRED:
            raise Conflict(_("The payment window has closed."), code="payment_expired")
    code = "payment_expired" if payment.status == Payment.Status.EXPIRED else "payment_closed"
    raise Conflict(
        _("This payment is %(status)s.") % {"status": payment.get_status_display()}, code=code
    )


def _payment_release(payment: Payment) -> None:
    """processing → requires_payment after a decline or a failure (unless a webhook paid it
    meanwhile): the buyer may try another card while the window lasts."""
    Payment.objects.filter(pk=payment.pk, status=Payment.Status.PROCESSING).update(
        status=Payment.Status.REQUIRES_PAYMENT
    )
    payment.refresh_from_db()


def _attempt_key(payment: Payment) -> str:
    """Derived from the payment and how many attempts it has had: the same while this claim
    lasts (a network retry repeats the same charge), new for the next card."""
    return f"agora-pay-{payment.pk}-{payment.attempts.count() + 1}"
