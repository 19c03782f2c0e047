"""Every handler this app registers with the hooks and slots of the apps below it, in one
place (called from `AppConfig.ready()`)."""

from agora.accounts import hooks as accounts_hooks
from agora.catalog import hooks as catalog_hooks
from agora.discovery.selectors.browse import catalog_index_forget
from agora.discovery.services import search
from agora.discovery.services.trending import trend_product_changed
from agora.shops import hooks as shops_hooks
from agora.social import hooks as social_hooks


def _browse_counts_stale(*, product: object, **_: object) -> None:
    catalog_index_forget()


def register() -> None:
    """Registers this app's handlers (once, at start-up)."""
    from agora.discovery.views import recommendations  # noqa: PLC0415 (after apps load)

    # For you: the "Following | For you" tabs on the home feed.
    social_hooks.feed_tabs.register(recommendations.feed_tabs)
    # Browse: a product written changes the category counts (dropped when it commits).
    catalog_hooks.product_changed.register(_browse_counts_stale)
    # Search: the index follows every save, in the saving transaction.
    catalog_hooks.product_changed.register(search.search_index_product)
    social_hooks.post_changed.register(search.search_index_post)
    shops_hooks.shop_changed.register(search.search_index_shop)
    accounts_hooks.profile_changed.register(search.search_index_person)
    # Trending: a product moved to another category, archived or back on sale takes its
    # "Popular on Agora" label with it (in the product's transaction).
    catalog_hooks.product_changed.register(trend_product_changed)
