"""Catalog template tags: a product's cover picture and its card. `{% load catalog_tags %}`
(templates of catalog and the apps above it)."""

from django import template

from agora.catalog import options
from agora.catalog.cards import card_from_product, render_card, usable_cover

register = template.Library()


@register.filter
def cover_image(product):
    """The first usable image of a product, from its prefetched media (no query)."""
    return usable_cover(product.media.all())


@register.simple_tag
def product_card(product, popular_ids=None):
    """A Product's card (`catalog/product_card.html`), with "Popular on Agora" when its id is
    in `popular_ids` (discovery's labels, read once for the page)."""
    popular = isinstance(popular_ids, set | frozenset | list | tuple) and product.pk in popular_ids
    return render_card(card_from_product(product, popular=popular))


@register.filter
def option_label(name) -> str:
    """{{ group.name|option_label }}: "color" → "Color" in the page's language; a name of the
    seller's own as entered, capitalised."""
    return options.option_label(name)


@register.filter
def options_text(values) -> str:
    """{{ variant.options|options_text }} → "Color: Anthracite · Size: M"."""
    return options.options_text(values)


@register.filter
def variant_picture(product, values):
    """{{ product|variant_picture:line.options }}: the variant's picture from the product's
    prefetched media (the first linked to those option values, else the cover); no query."""
    return options.variant_picture(product.media.all(), values)
