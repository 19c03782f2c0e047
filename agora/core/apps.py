from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "agora.core"
    label = "core"

    def ready(self) -> None:
        from django.urls import register_converter

        from agora.core.converters import IdConverter

        register_converter(IdConverter, "id")
