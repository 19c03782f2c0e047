"""Link cards: the Open Graph, Twitter card and schema.org JSON-LD tags in a page's `<head>`,
which link previews (chat apps, social networks) and search engines read.

The pages live in several apps (the product and shop pages in storefront, a post's page in
social, a campaign's page in engagement) while the cards are built by `reach`, above most of
them. So core declares the slot and renders what it returns: a page's template writes
`{% load link_cards %}{% block meta %}{% link_card object %}{% endblock %}`, and reach
registers the provider (`reach/hook_handlers.py`).

- `link_card(obj, request)` → `LinkCard | None`: the card of a product, post, shop, campaign
  (whatever the provider knows; None for anything else). Every URL in it is absolute and starts
  with AGORA_BASE_URL. Left empty, pages carry no card.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from agora.core.bounded import BoundedLRU
from agora.core.hooks import Slot

link_card = Slot("link_card", __doc__ or "")

# Open Graph spells locales language_TERRITORY.
OG_LOCALES = {"en": "en_US", "fr": "fr_FR", "de": "de_DE"}
SITE_NAME = "Agora"


@dataclass(frozen=True)
class LinkCard:
    """What a link preview shows. `properties` are further `og:`/`product:`/`article:` meta
    properties in order (e.g. `("product:price:amount", "19.99")`); `json_ld` is a
    schema.org object (or None)."""

    title: str
    description: str
    url: str
    type: str = "website"
    image: str = ""
    image_width: int = 1200
    image_height: int = 630
    image_alt: str = ""
    image_type: str = "image/png"
    properties: tuple[tuple[str, str], ...] = ()
    json_ld: dict[str, Any] | None = field(default=None, hash=False, compare=False)


def og_locale(language: str | None) -> str:
    """The Open Graph locale of an interface language (`fr` → `fr_FR`)."""
    code = (language or settings.LANGUAGE_CODE).split("-")[0].lower()
    return OG_LOCALES.get(code, OG_LOCALES["en"])


def json_for_script(data: Any) -> str:
    """JSON that is safe inside `<script type="application/ld+json">`: `<`, `>` and `&` are
    written as `\\u003c`… so no `</script>` or `<!--` in a value can end the block."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# Rendered cards kept per process: a page's card is the same for every viewer but for the
# CSP nonce of its JSON-LD script, written where the marker stands.
_RENDERED: BoundedLRU[tuple, tuple[str, ...]] = BoundedLRU(
    2048, max_weight=8_000_000, weigh=lambda parts: sum(map(len, parts))
)
_NONCE = f"\x00nonce-{secrets.token_hex(8)}\x00"


def render_card(card: LinkCard, *, language: str | None, nonce: str = "") -> SafeString:
    """The head tags of a card, every value escaped; og:locale is the page's language and
    og:locale:alternate the other interface languages. Rendered once per process for what
    the card shows (its JSON-LD included) and the language; the nonce goes in per call."""
    json_ld = json_for_script(card.json_ld) if card.json_ld else ""
    key = (card, json_ld, og_locale(language), tuple(settings.LANGUAGES), bool(nonce))
    try:
        parts = _RENDERED.get(key)
    except TypeError:  # a card built with a list where a tuple belongs: rendered, not kept
        html = _render_card(card, language=language, json_ld=json_ld, nonce=nonce)
        return mark_safe(html)  # noqa: S308 (every value went through format_html)
    if parts is None:
        mark = _NONCE if nonce else ""
        parts = tuple(
            _render_card(card, language=language, json_ld=json_ld, nonce=mark).split(_NONCE)
        )
        _RENDERED.put(key, parts)
    return mark_safe(escape(nonce).join(parts))  # noqa: S308 (escaped when rendered)


def _render_card(card: LinkCard, *, language: str | None, json_ld: str, nonce: str) -> str:
    locale = og_locale(language)
    props: list[tuple[str, str]] = [
        ("og:site_name", SITE_NAME),
        ("og:type", card.type),
        ("og:title", card.title),
        ("og:description", card.description),
        ("og:url", card.url),
        ("og:locale", locale),
    ]
    props += [
        ("og:locale:alternate", other)
        for other in dict.fromkeys(og_locale(code) for code, _name in settings.LANGUAGES)
        if other != locale
    ]
    if card.image:
        props += [
            ("og:image", card.image),
            ("og:image:type", card.image_type),
            ("og:image:width", str(card.image_width)),
            ("og:image:height", str(card.image_height)),
        ]
        if card.image.startswith("https://"):
            props.append(("og:image:secure_url", card.image))
        if card.image_alt:
            props.append(("og:image:alt", card.image_alt))
    props += list(card.properties)
    names: list[tuple[str, str]] = [
        ("twitter:card", "summary_large_image" if card.image else "summary"),
        ("twitter:title", card.title),
        ("twitter:description", card.description),
    ]
    if card.image:
        names.append(("twitter:image", card.image))
        if card.image_alt:
            names.append(("twitter:image:alt", card.image_alt))
    parts = [
        format_html_join("\n", '<meta property="{}" content="{}">', props),
        format_html_join("\n", '<meta name="{}" content="{}">', names),
    ]
    if json_ld:
        body = mark_safe(json_ld)  # noqa: S308 (escaped for a data block by json_for_script)
        if nonce:
            script = format_html(
                '<script type="application/ld+json" nonce="{}">{}</script>', nonce, body
            )
        else:
            script = format_html('<script type="application/ld+json">{}</script>', body)
        parts.append(script)
    return "\n".join(parts)  # every value went through format_html
