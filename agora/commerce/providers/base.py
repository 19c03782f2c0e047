"""The payment provider interface. A provider talks to the outside world; services apply its
answers. Nothing a provider says over the network is trusted unless its signature checks out."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from agora.core.errors import DomainError

if TYPE_CHECKING:
    from agora.commerce.models import Payment


class ProviderUnavailable(DomainError):
    status = 503
    code = "provider_unavailable"


class WebhookRejected(Exception):
    """A webhook that is unsigned, badly signed, too old, from the future or malformed."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """The answer to a charge. A success carries the provider event that records it: the
    service applies it through the same idempotent code the webhook uses."""

    succeeded: bool
    reference: str = ""
    decline_code: str = ""
    card_last4: str = ""
    event: dict[str, Any] | None = None


class PaymentProvider(ABC):
    name: str = ""

    @abstractmethod
    def charge(self, payment: Payment, card_number: str, *, idempotency_key: str) -> Outcome:
        """Charges `payment.amount`; never raises for a decline (the outcome says so). The
        same `idempotency_key` sent twice is one charge (as Stripe's Idempotency-Key)."""

    @abstractmethod
    def refund(self, payment: Payment, amount: int) -> str:
        """Refunds `amount` minor units of a paid payment; returns the provider's reference."""

    @abstractmethod
    def verify_webhook(self, body: bytes, headers: Mapping[str, str]) -> dict[str, Any]:
        """The event in a webhook request, once its signature is checked.

        Returns {"id", "type", "data": {"payment_id", ...}}; raises WebhookRejected."""
