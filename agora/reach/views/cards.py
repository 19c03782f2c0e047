"""Card images: `/cards/<kind>/<id>.png`, the 1200×630 picture a link preview shows."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from agora.reach.selectors.cards import card_image_of
from agora.reach.services.cards import card_image_bytes

LONG = 60 * 60 * 24 * 365  # a versioned URL never changes
SHORT = 60 * 10


@require_safe
def card_image(request: HttpRequest, kind: str, object_id: int) -> HttpResponse:
    """The card image of a product, post, shop or campaign anyone may see (404 otherwise),
    stored per version; `?v=` of the current version is cached for a year."""
    spec = card_image_of(kind_name=kind, object_id=object_id)
    if spec is None:
        raise Http404
    response = HttpResponse(card_image_bytes(spec), content_type="image/png")
    response["ETag"] = f'"{spec.version}"'
    if request.GET.get("v") == spec.version:
        patch_cache_control(response, public=True, max_age=LONG, immutable=True)
    else:
        patch_cache_control(response, public=True, max_age=SHORT)
    return response
