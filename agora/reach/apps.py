from django.apps import AppConfig


class ReachConfig(AppConfig):
    name = "agora.reach"
    label = "reach"

    def ready(self) -> None:
        from agora.reach import hook_handlers  # noqa: PLC0415 (imports models: after apps load)

        hook_handlers.register()
