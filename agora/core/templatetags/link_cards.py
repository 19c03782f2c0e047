"""`{% load link_cards %}{% link_card object %}`: a page's link card (Open Graph, Twitter card,
JSON-LD) from the `core.cards.link_card` slot, which reach fills; nothing when it is empty or
knows no card for the object."""

from typing import Any

from django import template
from django.utils import translation
from django.utils.safestring import SafeString

from agora.core import cards

register = template.Library()


@register.simple_tag(takes_context=True)
def link_card(context: template.Context, obj: Any) -> SafeString | str:
    if obj is None or cards.link_card.provider is None:
        return ""
    card = cards.link_card(obj=obj, request=context.get("request"))
    if card is None:
        return ""
    # A LazyNonce is falsy until first read: compare with None, then read it.
    nonce = context.get("csp_nonce")
    return cards.render_card(
        card, language=translation.get_language(), nonce="" if nonce is None else str(nonce)
    )
