"""Every handler this app registers with the hooks and slots of the apps below it, in one
place (called from `AppConfig.ready()`)."""

from agora.catalog import hooks as catalog_hooks
from agora.core import cards
from agora.reach.selectors.cards import link_card_for
from agora.reach.services.feeds import feeds_mark_stale


def register() -> None:
    """Registers this app's handlers (once, at start-up)."""
    # Link cards: the head tags of product, post, shop and campaign pages (core's slot, so
    # the lower apps' pages can carry them).
    cards.link_card.register(link_card_for)
    # Catalog feeds: a product write marks the shop's stored feeds stale and rebuilds them.
    catalog_hooks.product_changed.register(feeds_mark_stale)
