"""Provider webhooks: `POST /webhooks/payments/<provider>`. Nothing unsigned is trusted."""

from __future__ import annotations

import logging

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from agora.commerce.providers import WebhookRejected, get_provider
from agora.commerce.services.payments import payment_event_apply
from agora.core.errors import DomainError, error_body

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 64 * 1024


@csrf_exempt
@require_POST
def payment_webhook(request: HttpRequest, provider: str) -> JsonResponse:
    """Verifies the signature and timestamp (400 otherwise) and applies the event once:
    a replayed event answers 200 and changes nothing."""
    try:
        gateway = get_provider(provider)
        if len(request.body) > MAX_BODY_BYTES:
            return JsonResponse(error_body("too_large", "The body is too large."), status=413)
        event = gateway.verify_webhook(request.body, request.headers)
        payment_event_apply(
            provider=gateway.name,
            event_id=event["id"],
            type=event["type"],
            payload=event["data"],
        )
    except WebhookRejected as exc:
        logger.warning("Rejected %s webhook: %s", provider, exc)
        return JsonResponse(error_body("bad_signature", str(exc)), status=400)
    except DomainError as exc:
        return JsonResponse(exc.body(), status=exc.status)
    return JsonResponse({"received": True})
