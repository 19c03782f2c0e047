from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "agora.engagement"
    label = "engagement"

    def ready(self) -> None:
        from agora.engagement import hook_handlers  # noqa: PLC0415 (imports models: after apps load)

        hook_handlers.register()
