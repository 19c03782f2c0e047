"""How a product's options read around the values the seller entered: the option's name as a
label (the usual ones translated, the seller's own capitalised as entered), "Color: Anthracite"
lines, and the picture of a variant (the first one linked to its option values)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agora.catalog.cards import usable_cover

if TYPE_CHECKING:
    from agora.media.models import MediaAsset

# Option names the API and the editor use as identifiers (American spelling, lower case):
# shown in the page's language. Any other name is the seller's own and stays as entered.
KNOWN_NAMES = {
    "color": _("Color"),
    "colour": _("Color"),
    "size": _("Size"),
    "material": _("Material"),
    "style": _("Style"),
    "pattern": _("Pattern"),
    "length": _("Length"),
    "width": _("Width"),
    "fit": _("Fit"),
    "flavor": _("Flavor"),
    "scent": _("Scent"),
    "format": _("Format"),
}


def option_label(name: Any) -> str:
    """`color` → "Color" (translated); the seller's "Couleur du fil" stays as entered, with a
    capital first letter."""
    text = str(name or "")
    known = KNOWN_NAMES.get(text.strip().lower())
    return str(known) if known is not None else capfirst(text)


def option_lines(options: Mapping[str, Any] | None) -> list[str]:
    """{"color": "Anthracite", "size": "M"} → ["Color: Anthracite", "Size: M"], in the page's
    language (the separator too: "Couleur : Anthracite")."""
    return [
        gettext("%(option)s: %(value)s") % {"option": option_label(name), "value": value}
        for name, value in (options or {}).items()
    ]


def options_text(options: Mapping[str, Any] | None) -> str:
    """The option lines on one line: "Color: Anthracite · Size: M"."""
    return " · ".join(option_lines(options))


def _linked(asset: MediaAsset) -> dict[str, Any]:
    values = getattr(asset, "option_values", None) or {}
    return json.loads(values) if isinstance(values, str) else values


def variant_picture(
    media: Iterable[MediaAsset], options: Mapping[str, Any] | None
) -> MediaAsset | None:
    """The picture of a variant among a product's media (in the product's order, prefetched:
    no query): the first usable image linked to its option values, else the first one that
    shows every variant, else the product's cover."""
    images = [a for a in media if a.kind == "image" and a.status != "failed"]
    options = options or {}
    for asset in images:
        linked = _linked(asset)
        if linked and all(str(options.get(k)) == str(v) for k, v in linked.items()):
            return asset
    return next((a for a in images if not _linked(a)), None) or usable_cover(images)
