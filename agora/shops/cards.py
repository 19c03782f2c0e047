"""Shop cards (`_partials/shop_card.html`: logo, name, handle, description) cached whole
(`core.fragments`), as product cards are (`catalog.cards`).

A card looks the same to every viewer, so it is rendered once per (shop version, language):
its key holds a digest of everything it shows (handle, name, description, the logo with its
thumbnails), so an edit or a new logo shows at once, with nothing to invalidate.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.template.loader import get_template
from django.utils.safestring import SafeString

from agora.core.fragments import cached_fragments
from agora.shops.models import Shop

CARD_TEMPLATE = "_partials/shop_card.html"
CARD_KIND = "shop-card:1"  # bump the version when the card's template changes


def card_signature(shop: Shop) -> tuple:
    """Everything the card's HTML depends on (the language is in the key apart)."""
    logo = shop.logo if shop.logo_id else None
    return (
        shop.handle,
        shop.name,
        shop.description,
        (
            logo.pk,
            logo.file.name,
            logo.alt,
            logo.width,
            logo.height,
            tuple(sorted((logo.thumbnails or {}).items())),
        )
        if logo is not None
        else None,
    )


def render_shop_card(shop: Shop) -> SafeString:
    """One card's HTML, rendered now (no cache)."""
    return SafeString(get_template(CARD_TEMPLATE).render({"shop": shop}))


def shop_cards_html(shops: Sequence[Shop]) -> list[SafeString]:
    """Each shop's card in order (shops with their logo loaded), from the cache or rendered:
    one `get_many`, at most one `set_many`."""
    return cached_fragments(
        shops,
        kind=CARD_KIND,
        ident=lambda shop: shop.pk,
        signature=card_signature,
        render=render_shop_card,
    )
