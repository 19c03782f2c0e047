from django.apps import AppConfig

from agora.shops import hooks as shops_hooks


class CatalogConfig(AppConfig):
    name = "agora.catalog"
    label = "catalog"

    def ready(self) -> None:
        # What catalog provides to shops, below it (shops never imports catalog).
        from agora.catalog.selectors import product_list  # noqa: PLC0415 (models load after apps)

        shops_hooks.shop_page_products.register(product_list)
