"""Catalog template tags: a product's cover picture and its card. `{% load catalog_tags %}`
(templates of catalog and the apps above it)."""

from django import template

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
