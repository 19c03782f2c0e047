"""The built-in test provider: fake cards, real signatures.

4242 4242 4242 4242 succeeds; 4000 0000 0000 0002 declines (`card_declined`); anything else
declines with `invalid_number`. Events are signed with HMAC-SHA256 over "<timestamp>.<body>"
and sent in the header `Agora-Signature: t=<ts>,v1=<hex>`. It refuses to work unless
AGORA_ALLOW_TEST_PAYMENTS is on (off by default in production).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils.translation import gettext as _

from agora.commerce.providers.base import (
    Outcome,
    PaymentProvider,
    ProviderUnavailable,
    WebhookRejected,
)

if TYPE_CHECKING:
    from agora.commerce.models import Payment

SUCCEEDING_CARD = "4242424242424242"
DECLINING_CARD = "4000000000000002"
SIGNATURE_HEADER = "Agora-Signature"
TOLERANCE_SECONDS = 300
EVENT_TYPES = frozenset({"payment.succeeded", "payment.failed", "refund.succeeded"})


def _secret() -> bytes:
    """The webhook signing secret: AGORA_TEST_PROVIDER_SECRET, which settings draw at random
    once per installation unless it is given (never derivable from the published source)."""
    secret = getattr(settings, "AGORA_TEST_PROVIDER_SECRET", "")
    if len(secret) < 32:
        raise ProviderUnavailable(_("The test provider has no signing secret."))
    return secret.encode()


def signature(timestamp: int, body: bytes) -> str:
    message = str(timestamp).encode() + b"." + body
    return hmac.new(_secret(), message, hashlib.sha256).hexdigest()


def sign(event: dict[str, Any], *, timestamp: int | None = None) -> tuple[bytes, dict[str, str]]:
    """The body and headers the test provider sends for `event` (also used by tests)."""
    body = json.dumps(event, separators=(",", ":")).encode()
    ts = int(time.time()) if timestamp is None else timestamp
    return body, {SIGNATURE_HEADER: f"t={ts},v1={signature(ts, body)}"}


def _event(kind: str, payment: Payment, **data: Any) -> dict[str, Any]:
    return {
        "id": f"evt_{uuid.uuid4().hex}",
        "type": kind,
        "data": {
            "payment_id": payment.pk,
            "amount": payment.amount,
            "currency": payment.currency,
            **data,
        },
    }


class TestProvider(PaymentProvider):
    name = "test"

    def _check_enabled(self) -> None:
        if not getattr(settings, "AGORA_ALLOW_TEST_PAYMENTS", False):
            raise ProviderUnavailable(_("Test payments are turned off on this site."))

    def charge(self, payment: Payment, card_number: str, *, idempotency_key: str) -> Outcome:
        """Like a real provider, the same idempotency key is the same charge: its reference
        and event id derive from the key, so a retried request can't be applied twice."""
        self._check_enabled()
        digits = "".join(c for c in str(card_number) if c.isdigit())
        last4 = digits[-4:]
        if digits == SUCCEEDING_CARD:
            charge_id = hashlib.sha256(f"{_secret().hex()}:{idempotency_key}".encode()).hexdigest()
            reference = f"test_pay_{charge_id[:16]}"
            event = _event("payment.succeeded", payment, reference=reference)
            event["id"] = f"evt_{charge_id[16:48]}"
            return Outcome(True, reference=reference, card_last4=last4, event=event)
        code = "card_declined" if digits == DECLINING_CARD else "invalid_number"
        return Outcome(False, decline_code=code, card_last4=last4)

    def refund(self, payment: Payment, amount: int) -> str:
        self._check_enabled()
        return f"test_re_{uuid.uuid4().hex[:16]}"

    def verify_webhook(self, body: bytes, headers: Mapping[str, str]) -> dict[str, Any]:
        self._check_enabled()
        header = headers.get(SIGNATURE_HEADER) or ""
        parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
        try:
            timestamp = int(parts.get("t", ""))
        except ValueError:
            raise WebhookRejected("Missing or malformed signature header.") from None
        given = parts.get("v1", "")
        if not hmac.compare_digest(given.encode(), signature(timestamp, body).encode()):
            raise WebhookRejected("Bad signature.")
        if abs(time.time() - timestamp) > TOLERANCE_SECONDS:
            raise WebhookRejected("Timestamp outside the tolerance.")
        try:
            event = json.loads(body)
        except ValueError:
            raise WebhookRejected("Body is not JSON.") from None
        if not (
            isinstance(event, dict)
            and isinstance(event.get("id"), str)
            and event["id"]
            and len(event["id"]) <= 120
            and event.get("type") in EVENT_TYPES
            and isinstance(event.get("data"), dict)
            and isinstance(event["data"].get("payment_id"), int)
        ):
            raise WebhookRejected("Malformed event.")
        return event
