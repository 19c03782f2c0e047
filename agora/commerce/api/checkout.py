"""Checkout API: POST /checkout with an Idempotency-Key header → orders and their payment."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Router, Status

from agora.commerce import schemas
from agora.commerce.api.common import session_key
from agora.commerce.services import checkout as checkout_services
from agora.core.api import errors
from agora.core.auth import BearerToken, api_user
from agora.core.errors import DomainError

router = Router(tags=["commerce"])

IDEMPOTENCY_HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255


def _idempotency_key(request: HttpRequest) -> str:
    key = request.headers.get(IDEMPOTENCY_HEADER, "").strip()
    if not key:
        raise DomainError(f"The {IDEMPOTENCY_HEADER} header is required.")
    if len(key) > MAX_KEY_LENGTH or not key.isprintable():
        raise DomainError(
            f"The {IDEMPOTENCY_HEADER} header is at most {MAX_KEY_LENGTH} printable characters."
        )
    return key


@router.post(
    "/checkout",
    auth=BearerToken(),
    response={201: schemas.CheckoutOut, **errors(400, 401, 409, 422)},
)
def checkout_create(
    request: HttpRequest, response: HttpResponse, payload: schemas.CheckoutIn
) -> Status:
    """Same key and body: the same orders again (header `Idempotent-Replayed: true`); same key,
    another body: 409 `idempotency_key_reused`."""
    key = _idempotency_key(request)
    body = payload.model_dump(mode="json")
    result = checkout_services.checkout_create(
        user=api_user(request),
        session_key=session_key(request, create=False),
        idempotency_key=key,
        body_hash=checkout_services.request_hash(body),
        email=payload.email,
        shipping_address=payload.shipping_address.model_dump(),
        coupon_code=payload.coupon_code,
        payment_provider=payload.payment_provider,
    )
    out = schemas.checkout_out(result.checkout, result.orders, result.price_changes)
    if not result.created:
        response["Idempotent-Replayed"] = "true"
    return Status(201, out)
