from django.apps import AppConfig


class DiscoveryConfig(AppConfig):
    name = "agora.discovery"
    label = "discovery"

    def ready(self) -> None:
        from agora.discovery import hook_handlers  # noqa: PLC0415 (imports models: after apps load)

        hook_handlers.register()
