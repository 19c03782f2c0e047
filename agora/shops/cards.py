"""Shop cards (`_partials/shop_card.html`: logo, name, handle, description) cached whole
(`core.fragments`), as product cards are (`catalog.cards`).

A card looks the same to every viewer, so it is rendered once per (shop version, language):
its key holds a digest of everything it shows (handle, name, description, the logo with its
thumbnails), read from the card's row (`selectors.CARD_FIELDS`), so an edit or a new logo
shows at once, with nothing to invalidate; a Shop is built only to render a missing card.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.template.loader import get_template
from django.utils.safestring import SafeString

from agora.core.fragments import CachedFragments, cached_fragments
from agora.shops.selectors import CARD_FIELDS, shop_of_card

CARD_TEMPLATE = "_partials/shop_card.html"
CARD_KIND = "shop-card:1"  # bump the version when the card's template changes


def card_signature(row: dict[str, Any]) -> tuple:
    """Everything the card's HTML depends on (the language is in the key apart)."""
    return tuple(
        tuple(sorted(row[name].items())) if isinstance(row[name], dict) else row[name]
        for name in CARD_FIELDS
    )


def render_shop_card(row: dict[str, Any]) -> SafeString:
    """One card's HTML, rendered now (no cache)."""
    return SafeString(get_template(CARD_TEMPLATE).render({"shop": shop_of_card(row)}))


def shop_cards_html(rows: Sequence[dict[str, Any]]) -> CachedFragments[SafeString]:
    """Each shop's card in order, from its card row: from the cache or rendered, one
    `get_many`, at most one `set_many`."""
    return cached_fragments(
        rows,
        kind=CARD_KIND,
        ident=lambda row: row["id"],
        signature=card_signature,
        render=render_shop_card,
    )
