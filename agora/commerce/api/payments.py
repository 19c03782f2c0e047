"""Payments API: the buyer reads a payment and confirms it with a card."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Router
from pydantic import Field

from agora.commerce.api.orders import MoneyOut, money_out
from agora.commerce.models import Payment
from agora.commerce.selectors import orders as selectors
from agora.commerce.services import payments as services
from agora.core.api import errors
from agora.core.auth import api_user
from agora.core.errors import NotFound
from agora.core.schemas import Id, Schema

router = Router(tags=["payments"])


class PaymentOrderOut(Schema):
    id: int
    number: str
    status: str


class PaymentAttemptOut(Schema):
    status: Literal["succeeded", "declined", "failed"]
    card_last4: str
    decline_code: str
    created_at: datetime


class PaymentOut(Schema):
    id: int
    status: str
    provider: str
    amount: MoneyOut
    refunded: MoneyOut
    expires_at: datetime
    paid_at: datetime | None
    orders: list[PaymentOrderOut]
    attempts: list[PaymentAttemptOut]


class ConfirmIn(Schema):
    card_number: str = Field(max_length=40)


def payment_out(payment: Payment) -> dict:
    return {
        "id": payment.pk,
        "status": payment.status,
        "provider": payment.provider,
        "amount": money_out(payment.amount, payment.currency),
        "refunded": money_out(payment.refunded_amount, payment.currency),
        "expires_at": payment.expires_at,
        "paid_at": payment.paid_at,
        "orders": [
            {"id": o.pk, "number": o.number, "status": o.status}
            for o in payment.checkout.orders.all()
        ],
        "attempts": [
            {
                "status": a.outcome,
                "card_last4": a.card_last4,
                "decline_code": a.decline_code,
                "created_at": a.created_at,
            }
            for a in payment.attempts.all()
        ],
    }


def _payment_or_404(request: HttpRequest, payment_id: int) -> Payment:
    payment = selectors.payment_for_buyer(payment_id=payment_id, user=api_user(request))
    if payment is None:
        raise NotFound("No such payment.")
    return payment


@router.get("/payments/{payment_id}", response={200: PaymentOut, **errors(401, 404)})
def payment_detail(request: HttpRequest, payment_id: Id) -> dict:
    return payment_out(_payment_or_404(request, payment_id))


@router.post(
    "/payments/{payment_id}/confirm",
    response={200: PaymentOut, **errors(400, 401, 402, 404, 409, 422, 503)},
)
def payment_confirm(request: HttpRequest, payment_id: Id, payload: ConfirmIn) -> dict:
    """Pays with a card, charging it at most once. 200 once the orders are paid; 402
    `card_declined` leaves the payment open for another card; 409 `payment_in_progress` while
    another confirm of the same payment is being charged, `payment_closed` once it is paid,
    `payment_expired` once the window has closed (stock released)."""
    services.payment_confirm(
        payment=_payment_or_404(request, payment_id),
        card_number=payload.card_number,
        actor=api_user(request),
    )
    return payment_out(_payment_or_404(request, payment_id))
