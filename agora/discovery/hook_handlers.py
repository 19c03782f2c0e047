"""Every handler this app registers with the hooks and slots of the apps below it, in one
place (called from `AppConfig.ready()`)."""

from agora.catalog import hooks as catalog_hooks
from agora.discovery.services.trending import trend_product_changed


def register() -> None:
    """Registers this app's handlers (once, at start-up)."""
    # Trending: a product moved to another category, archived or back on sale takes its
    # "Popular on Agora" label with it (in the product's transaction).
    catalog_hooks.product_changed.register(trend_product_changed)
