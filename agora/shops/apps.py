from django.apps import AppConfig

from agora.media import hooks as media_hooks


class ShopsConfig(AppConfig):
    name = "agora.shops"
    label = "shops"

    def ready(self) -> None:
        # What shops tells media, below it (media never imports shops): who sees a shop's logo.
        from agora.shops.services import logo_holder  # noqa: PLC0415 (models load after apps)

        media_hooks.media_holder.register(logo_holder)
