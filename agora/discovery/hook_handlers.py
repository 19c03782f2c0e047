"""Every handler this app registers with the hooks and slots of the apps below it, in one
place (called from `AppConfig.ready()`)."""

from agora.accounts import hooks as accounts_hooks
from agora.catalog import hooks as catalog_hooks
from agora.discovery.services import search
from agora.shops import hooks as shops_hooks
from agora.social import hooks as social_hooks


def register() -> None:
    """Registers this app's handlers (once, at start-up)."""
    # Search: the index follows every save, in the saving transaction.
    catalog_hooks.product_changed.register(search.search_index_product)
    social_hooks.post_changed.register(search.search_index_post)
    shops_hooks.shop_changed.register(search.search_index_shop)
    accounts_hooks.profile_changed.register(search.search_index_person)
