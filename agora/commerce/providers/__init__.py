"""Payment providers: one interface, the built-in test provider, looked up by name."""

from __future__ import annotations

from agora.commerce.providers.base import (
    Outcome,
    PaymentProvider,
    ProviderUnavailable,
    WebhookRejected,
)
from agora.commerce.providers.test import TestProvider
from agora.core.errors import NotFound


def get_provider(name: str) -> PaymentProvider:
    """The provider registered under `name`; NotFound for one we don't know."""
    providers: dict[str, type[PaymentProvider]] = {TestProvider.name: TestProvider}
    if name not in providers:
        raise NotFound("No such payment provider.", code="unknown_provider")
    return providers[name]()


__all__ = ["Outcome", "PaymentProvider", "ProviderUnavailable", "WebhookRejected", "get_provider"]
