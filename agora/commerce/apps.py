from django.apps import AppConfig


class CommerceConfig(AppConfig):
    name = "agora.commerce"
    label = "commerce"

    def ready(self) -> None:
        from agora.commerce import hook_handlers  # noqa: PLC0415 (imports models: after apps load)

        hook_handlers.register()
