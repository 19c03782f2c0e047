from django.apps import AppConfig

from agora.media import hooks as media_hooks
from agora.shops import hooks as shops_hooks


class CatalogConfig(AppConfig):
    name = "agora.catalog"
    label = "catalog"

    def ready(self) -> None:
        # What catalog provides to shops and media, below it (they never import catalog).
        from agora.catalog.selectors import product_list  # noqa: PLC0415 (models load after apps)
        from agora.catalog.services import product_media_holder  # noqa: PLC0415 (same)

        shops_hooks.shop_page_products.register(product_list)
        media_hooks.media_holder.register(product_media_holder)
