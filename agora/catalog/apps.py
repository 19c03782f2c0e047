from django.apps import AppConfig

from agora.media import hooks as media_hooks


class CatalogConfig(AppConfig):
    name = "agora.catalog"
    label = "catalog"

    def ready(self) -> None:
        # What catalog provides to media, below it (they never import catalog).
        from agora.catalog.services import product_media_holder  # noqa: PLC0415 (models load after apps)

        media_hooks.media_holder.register(product_media_holder)
